"""The public listings read one row per report with a published version (PublicReport) and its
counts per region and year (PublicRegionYear): kept by the publication, and by the directory
or the admin when a department moves, gets another 主管部门 or is renamed."""

import pytest
from django.contrib import admin
from django.test import RequestFactory

from disclosures.admin import DepartmentAdmin
from disclosures.directory.reader import directory_read
from disclosures.directory.services import directory_apply
from disclosures.models import Department, PublicRegionYear, PublicReport, Region, VersionState
from disclosures.selectors import MAIN_FIGURES, main_figures, version_tables
from disclosures.services import version_replace_tables, version_start_correction
from disclosures.demo.synthetic import consistent_tables
from tests.disclosures.directory.files import unit, upload, xlsx
from tests.factories import make_department, make_region, make_report, make_user

from .conftest import publish

pytestmark = pytest.mark.django_db

LARGE = [("2050202", "小学教育", "2000000.00", "0.00")]


def counts():
    return {(r.region.code, r.year): r.reports for r in PublicRegionYear.objects.select_related("region")}


def test_a_publication_lists_the_report_with_its_figures_and_a_correction_moves_the_row_to_it():
    region = make_region()
    parent = make_department(region, name="主管局")
    unit_ = make_department(region, name="下属中心", parent=parent)
    report, v1 = make_report(unit_, state=VersionState.PUBLISHED)
    make_report(unit_, year=2023, state=VersionState.APPROVED)  # not published: not listed

    row = PublicReport.objects.get()
    assert (row.report, row.version, row.year, row.department_code, row.root_code, row.region) == (
        report, v1, 2024, unit_.code, parent.code, region
    )
    assert {key: getattr(row, key) for key, *_ in MAIN_FIGURES} == main_figures(tables=version_tables(version=v1))
    assert counts() == {(region.code, 2024): 1}

    v2 = version_start_correction(report=report, correction_note="更正金额")
    version_replace_tables(version=v2, tables=consistent_tables(LARGE).values())
    publish(v2)
    row = PublicReport.objects.get()
    assert row.version == v2 and row.basic == main_figures(tables=version_tables(version=v2))["basic"] != 0
    assert counts() == {(region.code, 2024): 1}


def test_a_department_moved_by_the_directory_is_listed_where_it_now_is(client):
    city = Region.objects.create(code="420100", name="武汉市")
    caidian = Region.objects.create(code="420114", name="蔡甸区", parent=city)
    jiangxia = Region.objects.create(code="420115", name="江夏区", parent=city)
    head = Department.objects.create(region=caidian, code="420114000001", name="蔡甸区人社局")
    moved = Department.objects.create(region=caidian, code="420114000002", name="养老保险中心")
    make_report(head, state=VersionState.PUBLISHED)
    make_report(moved, state=VersionState.PUBLISHED)
    assert "养老保险中心" not in client.get(f"/regions/{jiangxia.code}/").content.decode()  # 404 page

    rows = [unit("420114000001", "蔡甸区人社局"), unit("420114000002", "养老保险中心", region="420115", region_name="江夏区")]
    directory_apply(directory=directory_read(fileobj=upload(xlsx(rows), "目录.xlsx"), filename="目录.xlsx"))
    assert PublicReport.objects.get(department=moved).region == jiangxia
    assert counts() == {("420114", 2024): 1, ("420115", 2024): 1}
    assert "养老保险中心" in client.get("/regions/420115/").content.decode()
    assert "养老保险中心" not in client.get("/regions/420114/").content.decode()
    assert "养老保险中心" in client.get("/compare/regions/420115/2024/").content.decode()

    # given a 主管部门, it is listed under that department's branch of the tree
    rows[1] = unit("420114000002", "养老保险中心", parent="420114000001", region="420115", region_name="江夏区")
    directory_apply(directory=directory_read(fileobj=upload(xlsx(rows), "目录.xlsx"), filename="目录.xlsx"))
    assert PublicReport.objects.get(department=moved).root_code == head.code
    page = client.get("/regions/420100/").content.decode()
    assert page.index("蔡甸区人社局") < page.index("养老保险中心")


def test_a_department_changed_in_the_admin_is_listed_with_its_new_name_and_region(client):
    old, new = make_region("甲区"), make_region("乙区")
    department = make_department(old, name="旧名称局")
    make_report(department, state=VersionState.PUBLISHED)
    department.name, department.region = "新名称局", new
    request = RequestFactory().post("/admin/")
    request.user = make_user("admin")
    DepartmentAdmin(Department, admin.site).save_model(request, department, form=None, change=True)

    assert PublicReport.objects.get(department=department).region == new
    assert "新名称局" in client.get(f"/regions/{new.code}/").content.decode()
    assert client.get(f"/regions/{old.code}/").status_code == 404
    assert "新名称局" in client.get(f"/compare/regions/{new.code}/2024/compare.csv").content.decode("utf-8-sig")
