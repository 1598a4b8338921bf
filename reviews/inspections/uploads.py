"""Published PDFs uploaded for checking: untrusted, so bounded before anything reads them.

An upload is PDF files chosen in the browser, or ZIP archives of them. Only PDFs are taken,
known by their content (the %PDF- header), never by their name. A ZIP is read from its central
directory first: its entries are counted and their declared sizes summed before any is
inflated, and an entry that is encrypted, larger than a PDF may be, or compressed more than a
PDF can be (a zip bomb) is refused without inflating it. zipfile never inflates an entry past
the size its directory declares, so the declared sizes bound what is read. A ZIP inside a ZIP
is not opened. File names (a ZIP's in GBK as Chinese Windows writes them, or UTF-8) are cut to
their last part and cleared of control and direction characters before they are shown or kept.
"""

import os
import re
import unicodedata
import zipfile
from dataclasses import dataclass

from django.conf import settings

from disclosures.published.pages import is_pdf
from portal.untrusted import printable

ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
MAX_RATIO = 100  # a PDF compresses to a little less than its size; far more is a crafted entry
RATIO_FROM_BYTES = 1024 * 1024  # entries smaller than this are too small to matter
NAME_LENGTH = 120
NOT_PDF = "不是PDF文件（只接受PDF文件或其ZIP压缩包）"


@dataclass(frozen=True)
class UploadLimits:
    file_bytes: int  # one PDF
    files: int  # PDFs in one upload, chosen or in ZIPs
    unzipped_bytes: int  # the declared sizes of a upload's ZIP entries together


def inspection_limits():
    return UploadLimits(
        file_bytes=settings.INSPECTION_MAX_FILE_BYTES,
        files=settings.INSPECTION_MAX_FILES,
        unzipped_bytes=settings.INSPECTION_MAX_UNZIPPED_BYTES,
    )


@dataclass(frozen=True)
class PdfUpload:
    name: str
    data: bytes


@dataclass(frozen=True)
class Refusal:
    name: str
    reason: str

    def __str__(self):
        return f"{self.name}：{self.reason}"


class UploadRefused(ValueError):
    """The upload as a whole is out of bounds (too many files, a zip bomb); nothing of it is kept."""


def megabytes(size):
    mb = size / (1024 * 1024)
    return f"{mb:.1f} MB" if mb < 10 else f"{mb:.0f} MB"


def safe_name(raw, *, fallback="未命名.pdf"):
    """A file name to show and keep: its last path part, without control or direction characters."""
    name = unicodedata.normalize("NFC", str(raw or ""))
    name = re.split(r"[\\/]", name)[-1]
    name = re.sub(r"\s+", " ", printable(name)).strip().lstrip(".").strip()
    if len(name) > NAME_LENGTH:
        stem, extension = os.path.splitext(name)
        extension = extension[:10]
        name = stem[: NAME_LENGTH - len(extension)] + extension
    return name or fallback


def _entry_name(info):
    """A ZIP entry's name: UTF-8 when its flag says so, else the bytes as GBK (or UTF-8 without the flag)."""
    name = info.filename
    if info.flag_bits & 0x800:
        return name
    try:
        raw = name.encode("cp437")
    except UnicodeEncodeError:
        return name
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return name


def _skipped(info, name):
    """Folders and what archivers add beside the files (__MACOSX/, .DS_Store, ._name)."""
    return info.is_dir() or name.startswith("__MACOSX/") or os.path.basename(name).startswith(".")


def _is_zip(head):
    return head.startswith(ZIP_MAGIC)


def _head(upload):
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(0)
    return head


def _open_zip(upload):
    try:
        archive = zipfile.ZipFile(upload)
        return archive, archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError):
        return None, None


@dataclass
class _Plan:
    items: list  # ("pdf", name, upload) | ("zip", name, archive, [(info, entry name)]) | Refusal
    count: int = 0
    unzipped: int = 0


def _plan(files, limits):
    plan = _Plan(items=[])
    for upload in files:
        name = safe_name(getattr(upload, "name", ""))
        head = _head(upload)
        if not _is_zip(head):
            plan.items.append(("pdf", name, upload))
            plan.count += 1
            continue
        archive, infos = _open_zip(upload)
        if archive is None:
            plan.items.append(Refusal(name, "压缩包已损坏，无法打开"))
            continue
        if len(infos) > 2 * limits.files + 100:
            raise UploadRefused(f"压缩包“{name}”有{len(infos)}个条目，超过上限，疑似压缩炸弹，已拒绝")
        entries = [(info, _entry_name(info)) for info in infos]
        entries = [(info, entry) for info, entry in entries if not _skipped(info, entry)]
        plan.items.append(("zip", name, archive, entries))
        plan.count += len(entries)
        plan.unzipped += sum(info.file_size for info, _ in entries)
    if plan.count > limits.files:
        raise UploadRefused(f"一次最多检查{limits.files}个文件，这次有{plan.count}个；请分批上传")
    if plan.unzipped > limits.unzipped_bytes:
        raise UploadRefused(
            f"压缩包解压后共{megabytes(plan.unzipped)}，超过上限{megabytes(limits.unzipped_bytes)}，已拒绝；请分批上传"
        )
    return plan


def _pdf_file(name, upload, limits):
    size = getattr(upload, "size", None)
    if size is not None and size > limits.file_bytes:
        return Refusal(name, f"文件超过大小上限{megabytes(limits.file_bytes)}")
    upload.seek(0)
    data = upload.read(limits.file_bytes + 1)
    if len(data) > limits.file_bytes:
        return Refusal(name, f"文件超过大小上限{megabytes(limits.file_bytes)}")
    if not data:
        return Refusal(name, "文件是空的")
    return PdfUpload(name, data) if is_pdf(data) else Refusal(name, NOT_PDF)


def _zip_entry(archive, info, entry_name, limits):
    name = safe_name(entry_name)
    if info.flag_bits & 0x1:
        return Refusal(name, "压缩包中的文件已加密，无法读取")
    if name.lower().endswith((".zip", ".rar", ".7z")):
        return Refusal(name, "压缩包中的压缩包不展开，请解压后上传其中的PDF文件")
    if info.file_size > limits.file_bytes:
        return Refusal(name, f"文件超过大小上限{megabytes(limits.file_bytes)}")
    if info.file_size > RATIO_FROM_BYTES and info.file_size > MAX_RATIO * max(info.compress_size, 1):
        return Refusal(name, "压缩比异常，疑似压缩炸弹，未解压")
    try:
        with archive.open(info) as source:
            data = source.read(limits.file_bytes + 1)
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError, RuntimeError):
        return Refusal(name, "压缩包中的这个文件已损坏，无法解压")
    if len(data) > limits.file_bytes:
        return Refusal(name, f"文件超过大小上限{megabytes(limits.file_bytes)}")
    if not data:
        return Refusal(name, "文件是空的")
    return PdfUpload(name, data) if is_pdf(data) else Refusal(name, NOT_PDF)


def _expanded(plan, limits):
    for item in plan.items:
        if isinstance(item, Refusal):
            yield item
        elif item[0] == "pdf":
            yield _pdf_file(item[1], item[2], limits)
        else:
            _, _, archive, entries = item
            with archive:
                for info, entry_name in entries:
                    yield _zip_entry(archive, info, entry_name, limits)


def pdf_uploads(files, *, limits):
    """The PDFs of an upload (Django's UploadedFiles), one at a time: an iterator of PdfUpload
    and Refusal (a file or entry not taken, with its reason). Raises UploadRefused, before
    anything is read, when the upload as a whole is out of bounds."""
    plan = _plan(files, limits)
    return _expanded(plan, limits)
