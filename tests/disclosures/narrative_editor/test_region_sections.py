"""A department's text sections follow its region's profile: a Shanghai department writes the
eleven sections of Shanghai's template (七 三公, 八 基金, 九 国资, 十一 with its (一)(二)(三)), in the
editor, the checks and the report as printed; a Hubei department keeps the national list."""

import pytest

from disclosures.models import NarrativeSection, Region
from portal.accounts.models import Role
from reviews.checks import CheckContext, checks_run
from tests.factories import complete_version, make_department, make_region, make_report, make_user

pytestmark = pytest.mark.django_db

SHANGHAI_ORDER = [
    "七、财政拨款“三公”经费支出决算情况说明",
    "八、政府性基金预算财政拨款收入支出决算情况说明",
    "九、国有资本经营预算财政拨款收入支出决算情况说明",
    "十、预算绩效管理情况",
    "十一、其他重要事项的情况说明",
    "（一）机关运行经费支出情况",
    "（三）国有资产占有使用情况说明",
]


@pytest.fixture
def shanghai(client):
    city = Region.objects.create(code="310000", name="上海市")
    district = Region.objects.create(code="310107", name="普陀区", parent=city)
    department = make_department(district)
    report, version = make_report(department, complete=False)
    client.force_login(make_user(Role.ACCOUNTANT, departments=[department]))
    return report, version


def test_the_editor_lists_the_regions_sections_in_its_order(client, shanghai):
    report, _ = shanghai
    html = client.get(f"/workspace/reports/{report.pk}/narrative/").content.decode()
    positions = [html.index(title) for title in SHANGHAI_ORDER]
    assert positions == sorted(positions)
    assert "十二、国有资产占用情况说明" not in html and "九、财政拨款“三公”经费支出决算情况说明" not in html
    assert client.get(f"/workspace/reports/{report.pk}/narrative/explanation.other_matters/").status_code == 200


def test_a_section_only_the_region_has_is_stored_and_may_stay_empty(client, shanghai):
    report, version = shanghai
    stored = dict(NarrativeSection.objects.filter(version=version).values_list("key", "title"))
    assert stored["explanation.three_public"] == "七、财政拨款“三公”经费支出决算情况说明"
    assert stored["explanation.other_matters"] == "十一、其他重要事项的情况说明"
    complete_version(version)
    NarrativeSection.objects.filter(version=version, key="explanation.other_matters").update(body="")
    missing = [f for f in checks_run(CheckContext(version)) if f.rule == "C-SECTION"]
    assert missing == []
    NarrativeSection.objects.filter(version=version, key="explanation.assets").update(body="")
    (missing,) = [f for f in checks_run(CheckContext(version)) if f.rule == "C-SECTION"]
    assert "（三）国有资产占有使用情况说明" in missing.message


def test_the_report_page_prints_the_regions_titles(client, shanghai):
    report, version = shanghai
    complete_version(version)
    html = client.get(f"/workspace/reports/{report.pk}/").content.decode()
    assert html.index("七、财政拨款“三公”经费支出决算情况说明") < html.index("八、政府性基金预算财政拨款收入支出决算情况说明")


def test_a_hubei_department_keeps_the_national_list(client):
    department = make_department(make_region())
    report, _ = make_report(department, complete=False)
    client.force_login(make_user(Role.ACCOUNTANT, departments=[department]))
    html = client.get(f"/workspace/reports/{report.pk}/narrative/").content.decode()
    assert "九、财政拨款“三公”经费支出决算情况说明" in html and "十一、其他重要事项的情况说明" not in html
    assert client.get(f"/workspace/reports/{report.pk}/narrative/explanation.other_matters/").status_code == 404
