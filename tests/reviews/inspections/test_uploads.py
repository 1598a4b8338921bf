"""Uploaded PDFs and ZIPs are untrusted: only PDFs are taken, by content; ZIPs are counted and
sized from their directory before anything is inflated, and what a zip bomb would need is refused."""

import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from reviews.inspections.uploads import PdfUpload, Refusal, UploadLimits, UploadRefused, pdf_uploads, safe_name

PUTUO = Path(__file__).parents[2] / "fixtures" / "published" / "putuo-shegongbu-2024.pdf"
PDF = b"%PDF-1.7\n" + b"0" * 2000 + b"\n%%EOF\n"
LIMITS = UploadLimits(file_bytes=4 * 1024 * 1024, files=20, unzipped_bytes=40 * 1024 * 1024)


def upload(name, data):
    return SimpleUploadedFile(name, data)


def zipped(entries, **options):
    """ZIP bytes of (name, data) entries."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", options.get("compression", zipfile.ZIP_DEFLATED)) as archive:
        for name, data in entries:
            archive.writestr(name, data)
    return buffer.getvalue()


def taken(files, limits=LIMITS):
    items = list(pdf_uploads(files, limits=limits))
    return [i for i in items if isinstance(i, PdfUpload)], [i for i in items if isinstance(i, Refusal)]


def test_pdfs_are_known_by_their_content_not_their_name():
    pdfs, refused = taken([upload("a.pdf", PDF), upload("report", PDF), upload("fake.pdf", b"<html>not a pdf</html>")])
    assert [p.name for p in pdfs] == ["a.pdf", "report"]
    assert [(r.name, r.reason) for r in refused] == [("fake.pdf", "不是PDF文件（只接受PDF文件或其ZIP压缩包）")]
    assert pdfs[0].data == PDF


def test_a_zip_gives_its_pdfs_and_names_what_it_leaves_out():
    data = zipped(
        [
            ("2024/社工部.pdf", PDF),
            ("2024/说明.docx", b"PK\x03\x04 a word file"),
            ("2024/inner.zip", zipped([("x.pdf", PDF)])),
            ("__MACOSX/2024/._社工部.pdf", b"resource fork"),
            ("2024/.DS_Store", b"finder"),
            ("2024/", b""),
        ]
    )
    pdfs, refused = taken([upload("all.zip", data)])
    assert [p.name for p in pdfs] == ["社工部.pdf"]  # the folder is not part of its name
    assert {r.name: r.reason for r in refused} == {
        "说明.docx": "不是PDF文件（只接受PDF文件或其ZIP压缩包）",
        "inner.zip": "压缩包中的压缩包不展开，请解压后上传其中的PDF文件",
    }


def test_entry_names_written_in_gbk_by_chinese_windows_are_read():
    raw = "普陀区财政局2024年度部门决算.pdf".encode("gbk")
    placeholder = b"x" * len(raw)
    data = zipped([(placeholder.decode(), PDF)])
    # Chinese Windows writes the name in GBK without the UTF-8 flag: put those bytes in both headers.
    assert data.count(placeholder) == 2
    pdfs, refused = taken([upload("gbk.zip", data.replace(placeholder, raw))])
    assert [p.name for p in pdfs] == ["普陀区财政局2024年度部门决算.pdf"] and not refused


def test_an_entry_compressed_far_more_than_a_pdf_can_be_is_not_inflated():
    bomb = b"%PDF-1.4\n" + b"\0" * (3 * 1024 * 1024)  # deflates about a thousandfold
    pdfs, refused = taken([upload("bomb.zip", zipped([("bomb.pdf", bomb), ("ok.pdf", PDF)]))])
    assert [p.name for p in pdfs] == ["ok.pdf"]
    assert [(r.name, r.reason) for r in refused] == [("bomb.pdf", "压缩比异常，疑似压缩炸弹，未解压")]


def test_a_zip_whose_entries_would_unzip_past_the_limit_is_refused_whole_before_anything_is_read():
    big = b"%PDF-1.4\n" + bytes(range(256)) * 4096 * 3  # 3 MiB that deflates little
    data = zipped([(f"{n}.pdf", big) for n in range(5)], compression=zipfile.ZIP_STORED)
    with pytest.raises(UploadRefused, match="压缩包解压后共15 MB，超过上限10 MB"):
        pdf_uploads([upload("big.zip", data)], limits=UploadLimits(file_bytes=4 * 1024 * 1024, files=20, unzipped_bytes=10 * 1024 * 1024))


def test_too_many_files_are_refused_whole_and_so_is_a_zip_of_countless_entries():
    with pytest.raises(UploadRefused, match="一次最多检查3个文件，这次有4个"):
        pdf_uploads([upload(f"{n}.pdf", PDF) for n in range(4)], limits=UploadLimits(file_bytes=10**6, files=3, unzipped_bytes=10**8))
    many = zipped([(f"e{n}.txt", b"") for n in range(300)])
    with pytest.raises(UploadRefused, match="有300个条目，超过上限，疑似压缩炸弹"):
        pdf_uploads([upload("many.zip", many)], limits=UploadLimits(file_bytes=10**6, files=3, unzipped_bytes=10**8))


def test_a_file_larger_than_a_pdf_may_be_is_refused_chosen_or_zipped():
    limits = UploadLimits(file_bytes=1000, files=20, unzipped_bytes=10**8)
    pdfs, refused = taken([upload("big.pdf", PDF), upload("big.zip", zipped([("inside.pdf", PDF)]))], limits=limits)
    assert not pdfs
    assert [r.name for r in refused] == ["big.pdf", "inside.pdf"]
    assert all("超过大小上限" in r.reason for r in refused)


def test_encrypted_entries_and_damaged_archives_are_refused():
    data = bytearray(zipped([("locked.pdf", PDF)]))
    data[6] |= 0x1  # the encryption flag of the local header
    central = data.index(b"PK\x01\x02")
    data[central + 8] |= 0x1  # and of the central directory
    pdfs, refused = taken([upload("locked.zip", bytes(data)), upload("broken.zip", b"PK\x03\x04" + b"\0" * 100)])
    assert not pdfs
    assert [(r.name, r.reason) for r in refused] == [
        ("locked.pdf", "压缩包中的文件已加密，无法读取"),
        ("broken.zip", "压缩包已损坏，无法打开"),
    ]


@pytest.mark.parametrize(
    "raw, name",
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\a\\报告.pdf", "报告.pdf"),
        ("报\u202e告fdp.pdf", "报告fdp.pdf"),
        ("a\x00b\tc.pdf", "ab c.pdf"),
        (".hidden.pdf", "hidden.pdf"),
        ("", "未命名.pdf"),
        ("长" * 300 + ".pdf", "长" * 116 + ".pdf"),
    ],
)
def test_file_names_keep_their_last_part_without_control_or_direction_characters(raw, name):
    assert safe_name(raw) == name


def test_the_real_putuo_pdf_passes_through_a_zip_unchanged():
    data = PUTUO.read_bytes()
    pdfs, refused = taken([upload("putuo.zip", zipped([("中共上海市普陀区委社会工作部-2024年度部门决算.pdf", data)]))])
    assert not refused and pdfs[0].data == data
