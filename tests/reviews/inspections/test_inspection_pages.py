"""The bureau's 公开检查 in the browser: a reviewer uploads published PDFs (and a ZIP of them) for
a year, the background checker (no broker here) reads and checks each, and the results page, each file's
findings with links to their page of the stored PDF, the Excel download and the region's 通报
show what was found. Others get 403 or 404."""

import io
import re
import tomllib
from datetime import date, timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import load_workbook
from PIL import Image

from portal.accounts.models import Role
from portal.audit.models import AuditEvent
from reviews.inspections.tasks import requeue_inspected_files
from reviews.models import FileStatus, InspectedFile, Inspection, MatchState
from tests.factories import make_department, make_region, make_user

from .conftest import PUTUO, PUTUO_NAME, upload

# The checks run in a background thread, which sees only what is committed.
pytestmark = pytest.mark.django_db(transaction=True)
EXPECTED = tomllib.loads(PUTUO.with_name("putuo-shegongbu-2024.expected.toml").read_text(encoding="utf-8"))


def text_of(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_each_file_is_checked_and_its_row_shows_department_parts_tables_errors_warnings_and_rounding(putuo, client, checked):
    inspection, first, copy, response = checked
    page = client.get(response["Location"])
    messages = text_of(page)
    assert "已接收2个PDF文件" in messages and "未接收1个文件：说明.txt：不是PDF文件" in messages
    for file in (first, copy):
        assert file.status == FileStatus.DONE
        assert (file.department, file.match) == (putuo.social, MatchState.SURE)
        assert (file.year, file.pages, file.profile) == (2024, 24, "上海市")
        assert (file.errors, file.warnings, file.rounding) == (5, 0, 4)
        assert [p["name"] for p in file.parts] == ["封面", "目录", "概况", "决算表", "情况说明", "名词解释"]
        assert file.tables_found == 9
    row = re.search(rf'<tr id="file-{first.pk}".*?</tr>', page.content.decode(), re.S).group(0)
    cells = [re.sub(r"<[^>]+>|\s+", "", c) for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
    assert cells[1:] == ["2024", "24", "概况、决算表、情况说明、名词解释", "9/9", "5", "0", "4"]
    assert "中共上海市普陀区委社会工作部" in cells[0] and "已匹配" in cells[0]
    assert "同一部门有多份文件" in cells[0]  # the copy is the same department's
    assert client.get(f"/review/inspections/{inspection.pk}/progress.json").json()["finished"] is True


def test_each_finding_shows_its_page_linked_to_the_stored_pdf_opened_there(client, checked):
    _, first, _, _ = checked
    page = client.get(f"/review/inspections/files/{first.pk}/").content.decode()
    pdf_url = f"/review/inspections/files/{first.pk}/document.pdf"
    links = re.findall(rf'<a class="page-link" href="{re.escape(pdf_url)}#page=(\d+)">第(\d+)页</a> <strong[^>]*>[^<]*</strong> <code>([^<]+)</code>', page)
    assert sorted((int(target), rule) for target, shown, rule in links if target == shown) == sorted(
        (f["page"], f["rule"]) for f in EXPECTED["finding"]
    )
    response = client.get(pdf_url)
    assert response["Content-Type"] == "application/pdf" and b"".join(response.streaming_content) == PUTUO.read_bytes()
    assert response["Content-Disposition"].startswith("inline")


def test_the_results_download_as_excel_one_row_per_file_and_one_per_finding(client, checked):
    inspection, first, copy, _ = checked
    response = client.get(f"/review/inspections/{inspection.pk}/results.xlsx")
    book = load_workbook(io.BytesIO(response.content))
    files = list(book["检查结果"].iter_rows(values_only=True))
    assert files[0][:4] == ("文件名", "部门", "部门匹配", "读出的编制单位")
    rows = {r[0]: r for r in files[1:]}
    assert set(rows) == {PUTUO_NAME, "社工部公开.pdf"}
    assert rows[PUTUO_NAME][1:6] == ("中共上海市普陀区委社会工作部", "已匹配", "中共上海市普陀区委社会工作部", 2024, 24)
    assert rows[PUTUO_NAME][7:12] == ("9/9", None, 5, 0, 4)
    findings = list(book["问题清单"].iter_rows(values_only=True))[1:]
    assert len(findings) == 2 * len(EXPECTED["finding"])
    assert sorted((r[2], r[3]) for r in findings if r[0] == PUTUO_NAME) == sorted((f["page"], f["rule"]) for f in EXPECTED["finding"])


def test_the_same_file_again_is_not_checked_twice(putuo, client, checked):
    inspection, *_ = checked
    response = upload(client, [SimpleUploadedFile("again.pdf", PUTUO.read_bytes())])
    assert InspectedFile.objects.filter(inspection=inspection).count() == 2
    assert f"与本次检查中已上传的文件“{PUTUO_NAME}”内容相同" in text_of(client.get(response["Location"]))


def test_the_reviewer_confirms_a_department_and_the_notice_counts_the_region(putuo, client, checked):
    inspection, first, copy, _ = checked
    # the copy is not a department's after all; the original was published late
    client.post(f"/review/inspections/files/{copy.pk}/confirm/", {f"f{copy.pk}-department": ""})
    client.post(
        f"/review/inspections/files/{first.pk}/confirm/",
        {f"f{first.pk}-department": putuo.social.pk, f"f{first.pk}-published_on": "2025-10-10"},
    )
    copy.refresh_from_db()
    first.refresh_from_db()
    assert (copy.department, copy.match) == (None, MatchState.NONE)
    assert (first.department, first.match, first.published_on) == (putuo.social, MatchState.CONFIRMED, date(2025, 10, 10))
    assert AuditEvent.objects.filter(action="inspection_confirm").count() == 2
    notice = text_of(client.get(f"/review/inspections/{inspection.pk}/notice/"))
    assert "普陀区财政局 关于2024年度部门决算公开情况的通报" in notice
    assert "3个部门（单位）中，已公开1个，公开率33.3%。其中按时公开0个，逾期公开1个" in notice
    assert "公开内容完整（九张公开表及概况、情况说明、名词解释齐全）的1个" in notice  # Shanghai's four parts
    assert "2个部门（单位）尚未公开：上海市普陀区教育局、上海市普陀区财政局" in notice
    assert "逾期公开：中共上海市普陀区委社会工作部（10月10日）" in notice
    assert "情况说明中的数字与报表不一致或计算有误：1个部门（单位），共5处" in notice
    assert "合计与分项存在尾差（应在情况说明中说明）：1个部门（单位），共4处" in notice
    assert "增长率无从计算（N11）：1个部门（单位），共4处" in notice  # the most common slip
    assert "有1个文件未确定部门，未计入通报：社工部公开.pdf" in notice
    # the date its PDF states (16 September 2025) counts when the reviewer gives none; the file's
    # own page has the form too, and comes back to it
    assert f'name="f{first.pk}-published_on" value="2025-10-10"' in client.get(f"/review/inspections/files/{first.pk}/").content.decode()
    response = client.post(f"/review/inspections/files/{first.pk}/confirm/", {f"f{first.pk}-department": putuo.social.pk, "back": "file"})
    assert response["Location"] == f"/review/inspections/files/{first.pk}/"
    notice = text_of(client.get(f"/review/inspections/{inspection.pk}/notice/"))
    assert "其中按时公开1个，逾期公开0个" in notice and "2025-09-16 （PDF文件信息）" in notice
    # a file of another year does not count for this one
    InspectedFile.objects.filter(pk=first.pk).update(year=2023)
    notice = text_of(client.get(f"/review/inspections/{inspection.pk}/notice/"))
    assert "已公开0个" in notice and "有1个文件的年度不是2024年度，未计入通报：" in notice


def test_a_scan_is_kept_as_unreadable_saying_why(putuo, client):
    client.force_login(putuo.reviewer)
    scan = io.BytesIO()
    Image.new("RGB", (200, 280), "white").save(scan, format="PDF")
    response = upload(client, [SimpleUploadedFile("扫描件.pdf", scan.getvalue())])
    file = InspectedFile.objects.get(name="扫描件.pdf")
    assert file.status == FileStatus.FAILED and "没有文字层" in file.error
    assert "无法读取：这是扫描件" in text_of(client.get(response["Location"]))


def test_a_request_larger_than_an_upload_may_be_is_refused_before_it_is_read(putuo, client, settings):
    settings.INSPECTION_MAX_UPLOAD_BYTES = 100_000
    client.force_login(putuo.reviewer)
    response = client.post("/review/inspections/upload/", {"year": 2024, "files": [SimpleUploadedFile("big.pdf", PUTUO.read_bytes())]})
    assert response.status_code == 413 and "这次提交的内容超过了0.1 MB的上限" in text_of(response)
    assert not Inspection.objects.exists()


def test_too_many_files_are_refused_whole(putuo, client, settings):
    settings.INSPECTION_MAX_FILES = 2
    client.force_login(putuo.reviewer)
    files = [SimpleUploadedFile(f"{n}.pdf", b"%PDF-1.4\n%%EOF\n") for n in range(3)]
    response = client.post("/review/inspections/upload/", {"year": 2024, "files": files}, follow=True)
    assert "一次最多检查2个文件，这次有3个" in text_of(response)
    assert not InspectedFile.objects.exists()


def test_a_lost_check_is_queued_again_and_a_done_one_is_never_read_again(putuo):
    inspection = Inspection.objects.create(region=putuo.region, year=2024)
    stale = timezone.now() - timedelta(hours=1)
    lost = InspectedFile(inspection=inspection, name="lost.pdf", sha256="1" * 64, queued_at=stale)
    lost.file.save("lost.pdf", ContentFile(b"%PDF-1.4\nnot really a pdf\n"), save=False)
    lost.save()
    done = InspectedFile.objects.create(inspection=inspection, name="done.pdf", sha256="2" * 64, status=FileStatus.DONE, errors=3)
    assert requeue_inspected_files() == [lost.pk]
    lost.refresh_from_db()
    assert lost.status == FileStatus.FAILED and lost.attempts == 1 and "不是PDF文件" in lost.error
    done.refresh_from_db()
    assert (done.status, done.errors, done.attempts) == (FileStatus.DONE, 3, 0)


def test_a_reviewer_without_a_region_cannot_start_one(client):
    client.force_login(make_user(Role.REVIEWER, departments=[make_department(make_region())]))
    response = upload(client, [SimpleUploadedFile("a.pdf", PUTUO.read_bytes())])
    assert "未指定所辖区域，无法进行公开检查" in text_of(client.get(response["Location"]))
    assert not InspectedFile.objects.exists()


def test_only_the_region_s_reviewers_see_an_inspection(putuo, client):
    inspection = Inspection.objects.create(region=putuo.region, year=2024)
    file = InspectedFile(inspection=inspection, name="a.pdf", sha256="1" * 64, status=FileStatus.DONE)
    file.file.save("a.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    file.save()
    addresses = [
        f"/review/inspections/{inspection.pk}/",
        f"/review/inspections/{inspection.pk}/progress.json",
        f"/review/inspections/{inspection.pk}/results.xlsx",
        f"/review/inspections/{inspection.pk}/notice/",
        f"/review/inspections/files/{file.pk}/",
        f"/review/inspections/files/{file.pk}/document.pdf",
    ]
    for address in addresses:
        client.force_login(putuo.reviewer)
        assert client.get(address).status_code == 200, address
        client.force_login(make_user(Role.REVIEWER, region=make_region("别的区")))
        assert client.get(address).status_code == 404, address
        client.force_login(make_user(Role.ACCOUNTANT, departments=[putuo.social]))
        assert client.get(address).status_code == 403, address
        client.logout()
        assert client.get(address)["Location"].startswith("/accounts/login/"), address
    other = make_user(Role.REVIEWER, region=make_region("别的区"))
    client.force_login(other)
    response = client.post(f"/review/inspections/files/{file.pk}/confirm/", {f"f{file.pk}-department": putuo.social.pk})
    assert response.status_code == 404
    assert InspectedFile.objects.get(pk=file.pk).match == MatchState.NONE
    assert "尚无公开检查" in text_of(client.get("/review/inspections/"))  # the other region's list is its own
