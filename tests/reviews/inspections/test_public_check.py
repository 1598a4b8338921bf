"""The public page “检查一份决算公开文件”: anyone uploads one PDF and sees its findings with their
pages; nothing is stored unless the visitor keeps the result, which then has its own address.
Size, pages and checks per address an hour are limited; the count is in the database, so every
process shares it. A kept result expires after PUBLIC_CHECK_KEEP_DAYS, as the page says."""

import io
import re
import tomllib
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from PIL import Image

from portal.celery import app
from reviews.models import CheckQuota, InspectedFile, KeptCheck

from .conftest import PUTUO, PUTUO_NAME

pytestmark = pytest.mark.django_db
EXPECTED = tomllib.loads(PUTUO.with_name("putuo-shegongbu-2024.expected.toml").read_text(encoding="utf-8"))


def text_of(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def check(client, data=None, name=PUTUO_NAME):
    return client.post("/check/", {"file": SimpleUploadedFile(name, PUTUO.read_bytes() if data is None else data)})


def test_anyone_sees_the_findings_of_a_pdf_with_their_pages_and_nothing_is_kept(client, putuo):
    assert "检查一份决算公开文件" in text_of(client.get("/check/"))
    response = check(client)
    assert response.status_code == 200
    page = text_of(response)
    assert "中共上海市普陀区委社会工作部-2024年度部门决算.pdf的检查结果" in page
    assert "5个错误，0个提示，4个尾差 ；找到九张公开表中的9张" in page
    shown = re.findall(r'<span class="page-link">第(\d+)页</span> <strong[^>]*>[^<]*</strong> <code>([^<]+)</code>', response.content.decode())
    assert sorted((int(p), rule) for p, rule in shown) == sorted((f["page"], f["rule"]) for f in EXPECTED["finding"])
    assert not KeptCheck.objects.exists() and not InspectedFile.objects.exists()


def test_a_kept_result_has_an_address_anyone_can_open(client, putuo):
    page = check(client).content.decode()
    signed = re.search(r'name="signed" value="([^"]+)"', page).group(1)
    response = client.post("/check/keep/", {"signed": signed})
    kept = KeptCheck.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/check/results/{kept.token}/"
    assert len(kept.token) >= 20  # random: the address is the key
    shared = text_of(Client().get(response["Location"]))
    assert "5个错误，0个提示，4个尾差" in shared and "中共上海市普陀区委社会工作部" in shared
    client.post("/check/keep/", {"signed": signed})
    assert KeptCheck.objects.count() == 1  # the same result is kept once
    assert Client().get("/check/results/no-such-token/").status_code == 404


def test_a_result_not_signed_by_the_portal_cannot_be_kept(client, db):
    response = client.post("/check/keep/", {"signed": '{"file": "forged.pdf", "findings": []}'})
    assert response.status_code == 400 and "已过期（超过1小时）或无效" in text_of(response)
    assert not KeptCheck.objects.exists()


def test_each_address_has_its_checks_an_hour_shared_by_every_process(settings, db):
    settings.PUBLIC_CHECK_PER_HOUR = 2
    not_readable = b"%PDF-1.4\nnot really a pdf\n"
    one_process = Client(REMOTE_ADDR="203.0.113.7")
    another_process = Client(REMOTE_ADDR="203.0.113.7")  # another web process: only the database is shared
    assert check(one_process, not_readable).status_code == 422  # read (and counted), but not a PDF after all
    assert check(another_process, not_readable).status_code == 422
    refused = check(one_process, not_readable)
    assert refused.status_code == 429 and "检查次数已达上限（每小时2次）" in text_of(refused)
    assert check(Client(REMOTE_ADDR="203.0.113.8"), not_readable).status_code == 422  # another address
    assert CheckQuota.objects.count() == 2
    # an IPv6 client is counted by its /64
    first, second = Client(REMOTE_ADDR="2001:db8:1:2::1"), Client(REMOTE_ADDR="2001:db8:1:2:ffff::9")
    check(first, not_readable), check(first, not_readable)
    assert check(second, not_readable).status_code == 429


def test_what_is_not_a_pdf_is_refused_without_counting(client, settings, db):
    response = check(client, b"PK\x03\x04 a workbook", name="tables.xlsx")
    assert response.status_code == 400 and "只能检查PDF文件" in text_of(response)
    assert not CheckQuota.objects.exists()
    response = client.post("/check/", {})
    assert response.status_code == 400 and "请选择要检查的PDF文件" in text_of(response)


def test_a_pdf_of_more_pages_than_allowed_is_refused(client, settings, putuo):
    settings.PUBLIC_CHECK_MAX_PAGES = 10
    response = check(client)
    assert response.status_code == 422 and "PDF有24页，超过10页的上限" in text_of(response)


def test_a_request_larger_than_the_size_limit_is_refused_before_it_is_read(client, settings, db):
    settings.PUBLIC_CHECK_MAX_BYTES = 100_000
    response = check(client)
    assert response.status_code == 413 and "这次提交的内容超过了0.2 MB的上限" in text_of(response)
    assert not CheckQuota.objects.exists()


def test_a_scan_is_refused_naming_ocr(client, db):
    scan = io.BytesIO()
    Image.new("RGB", (200, 280), "white").save(scan, format="PDF")
    response = check(client, scan.getvalue(), name="扫描件.pdf")
    assert response.status_code == 422 and "扫描件.pdf：这是扫描件" in text_of(response) and "文字识别（OCR）" in text_of(response)


def test_a_kept_result_expires_after_the_days_the_page_states(client, putuo, settings):
    settings.PUBLIC_CHECK_KEEP_DAYS = 30
    page = check(client)
    assert "保存的结果保留30天，之后自动删除" in text_of(page) and "保留30天后自动删除" in text_of(client.get("/check/"))
    signed = re.search(r'name="signed" value="([^"]+)"', page.content.decode()).group(1)
    address = client.post("/check/keep/", {"signed": signed})["Location"]
    kept = KeptCheck.objects.get()
    shown = text_of(Client().get(address))
    assert f"保留30天，{timezone.localtime(kept.created_at + timedelta(days=30)):%Y年%-m月%-d日}后自动删除" in shown
    fresh = KeptCheck.objects.create(token="fresh-token-0123456789", digest="f" * 64, name="新.pdf", result=kept.result)
    # 30 days and a minute later it is gone from its address at once, and the purge deletes it
    KeptCheck.objects.filter(pk=kept.pk).update(created_at=timezone.now() - timedelta(days=30, minutes=1))
    assert Client().get(address).status_code == 404
    out = io.StringIO()
    call_command("purge_kept_checks", stdout=out)
    assert "删除了1个保存超过30天的检查结果" in out.getvalue()
    assert list(KeptCheck.objects.all()) == [fresh] and Client().get("/check/results/fresh-token-0123456789/").status_code == 200
    # beat runs the same purge
    KeptCheck.objects.filter(pk=fresh.pk).update(created_at=timezone.now() - timedelta(days=31))
    assert app.tasks["reviews.purge_kept_checks"].delay().get() == 1
    assert not KeptCheck.objects.exists()
    assert "reviews.purge_kept_checks" in {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
