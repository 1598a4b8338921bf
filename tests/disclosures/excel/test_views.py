"""Upload and download pages: who may use them, and what they do."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from disclosures.excel.reader import workbook_read
from disclosures.models import TableCell, VersionState
from disclosures.selectors import version_tables
from tests.factories import SAMPLE_DEPARTMENT, make_department, make_region, make_report, make_user

from .workbooks import sample_bytes, sample_workbook, save

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def setup():
    call_command("load_reference_codes", stdout=io.StringIO())
    region = make_region()
    department, other = make_department(region, name=SAMPLE_DEPARTMENT), make_department(make_region("汉阳区"))
    report, version = make_report(department)
    return {
        "report": report,
        "version": version,
        "accountant": make_user("accountant", departments=[department]),
        "stranger": make_user("accountant", departments=[other]),
        "reviewer": make_user("reviewer", region=region),
        "far_reviewer": make_user("reviewer", region=other.region),
    }


def upload_file(data, name="caidian-2024.xlsx"):
    return SimpleUploadedFile(name, data, content_type=XLSX)


def test_accountant_uploads_the_sample(client, setup):
    client.force_login(setup["accountant"])
    url = f"/workspace/reports/{setup['report'].pk}/upload/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"file": upload_file(sample_bytes())})
    assert response.status_code == 302
    assert version_tables(version=setup["version"])[1].get("39", "amount") == Decimal("2021400.00")
    # The message after the upload says what is now open (the sample carries seed 001's slips).
    page = client.get(response["Location"]).content.decode()
    errors = setup["version"].findings.filter(severity="error").count()
    warnings = setup["version"].findings.filter(severity="warning").count()
    counts = "、".join(text for text in (f"{errors}个错误" if errors else "", f"{warnings}个提示" if warnings else "") if text)
    assert warnings and f"已从“caidian-2024.xlsx”导入九张公开表。现有{counts}待处理" in page
    assert "金额单位：" in page and "填报单位：" not in page


def test_a_workbook_of_another_unit_shows_both_names_and_is_imported_only_once_confirmed(client, setup):
    from disclosures.models import Department

    Department.objects.filter(pk=setup["report"].department_id).update(name="武汉市蔡甸区教育局")
    client.force_login(setup["accountant"])
    url = f"/workspace/reports/{setup['report'].pk}/upload/"
    before = list(TableCell.objects.filter(version=setup["version"]).values_list("table", "row", "column", "amount"))
    response = client.post(url, {"file": upload_file(sample_bytes())})
    page = response.content.decode()
    assert response.status_code == 409
    assert "工作簿的编制单位：武汉市蔡甸区城乡居民社会养老保险办公室" in page and "本报告的单位：武汉市蔡甸区教育局" in page
    assert 'name="confirm_department" value="武汉市蔡甸区城乡居民社会养老保险办公室"' in page and "确认导入" in page
    after = list(TableCell.objects.filter(version=setup["version"]).values_list("table", "row", "column", "amount"))
    assert after == before  # nothing written before the confirmation

    # a confirmation of another name does not count
    response = client.post(url, {"file": upload_file(sample_bytes()), "confirm_department": "别的单位"})
    assert response.status_code == 409
    response = client.post(url, {"file": upload_file(sample_bytes()), "confirm_department": "武汉市蔡甸区城乡居民社会养老保险办公室"})
    assert response.status_code == 302
    assert version_tables(version=setup["version"])[1].get("39", "amount") == Decimal("2021400.00")


def test_a_bad_upload_lists_every_problem_and_writes_nothing(client, setup):
    client.force_login(setup["accountant"])
    before = TableCell.objects.filter(version=setup["version"]).count()
    workbook = sample_workbook()
    workbook["公开03表"]["E8"] = "abc"
    workbook["公开01表"]["C8"] = "?"
    response = client.post(f"/workspace/reports/{setup['report'].pk}/upload/", {"file": upload_file(save(workbook))})
    page = response.content.decode()
    assert response.status_code == 400
    assert "公开03表!E8：应为数字，实际为“abc”" in page and "公开01表!C8：应为数字，实际为“?”" in page
    assert "有 2 个问题，未导入任何数据" in page
    assert TableCell.objects.filter(version=setup["version"]).count() == before
    response = client.post(f"/workspace/reports/{setup['report'].pk}/upload/", {"file": upload_file(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "old.xls")})
    assert "旧版 Excel 97-2003 工作簿（.xls）" in response.content.decode()


def test_upload_and_downloads_for_other_departments_are_404_and_other_roles_403(client, setup):
    pk = setup["report"].pk
    client.force_login(setup["stranger"])
    for url in (f"/workspace/reports/{pk}/upload/", f"/workspace/reports/{pk}/tables.xlsx", f"/workspace/reports/{pk}/template.xlsx"):
        assert client.get(url).status_code == 404
    assert client.post(f"/workspace/reports/{pk}/upload/", {"file": upload_file(sample_bytes())}).status_code == 404
    client.force_login(setup["reviewer"])
    assert client.post(f"/workspace/reports/{pk}/upload/", {"file": upload_file(sample_bytes())}).status_code == 403
    assert client.get(f"/workspace/reports/{pk}/tables.xlsx").status_code == 403
    client.force_login(setup["accountant"])
    assert client.get(f"/review/reports/{pk}/tables.xlsx").status_code == 403
    client.force_login(setup["far_reviewer"])
    assert client.get(f"/review/reports/{pk}/tables.xlsx").status_code == 404
    assert client.get(f"/review/reports/{pk}/template.xlsx").status_code == 404
    client.logout()
    assert client.get(f"/workspace/reports/{pk}/tables.xlsx").status_code == 302  # to the login page


def test_accountant_and_reviewer_download_the_version_and_the_template(client, setup):
    pk = setup["report"].pk
    expected = version_tables(version=setup["version"])
    for user, prefix in ((setup["accountant"], "/workspace"), (setup["reviewer"], "/review")):
        client.force_login(user)
        response = client.get(f"{prefix}/reports/{pk}/tables.xlsx")
        assert response.status_code == 200 and response["Content-Type"] == XLSX
        assert "attachment" in response["Content-Disposition"]
        content = workbook_read(fileobj=io.BytesIO(response.content), filename="t.xlsx")
        assert [content.tables[n].code_rows for n in range(1, 10)] == [expected[n].code_rows for n in range(1, 10)]
        template = client.get(f"{prefix}/reports/{pk}/template.xlsx")
        assert workbook_read(fileobj=io.BytesIO(template.content), filename="t.xlsx").tables[3].is_empty


def test_the_public_gets_published_versions_only(client, setup):
    code = setup["report"].department.code
    assert client.get(f"/reports/{code}/2024/tables.xlsx").status_code == 404
    assert client.get(f"/reports/{code}/2024/v1/tables.xlsx").status_code == 404
    published_department = make_department(make_region())
    report, version = make_report(published_department, state=VersionState.PUBLISHED)
    response = client.get(f"/reports/{published_department.code}/2024/tables.xlsx")
    assert response.status_code == 200
    content = workbook_read(fileobj=io.BytesIO(response.content), filename="t.xlsx")
    assert content.department_name == published_department.name
    assert client.get(f"/reports/{published_department.code}/2024/v1/tables.xlsx").status_code == 200
    assert client.get(f"/reports/{published_department.code}/2024/v2/tables.xlsx").status_code == 404
