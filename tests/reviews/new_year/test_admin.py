"""开启新年度 in the admin: a form, the changes side by side, nothing written until confirmed."""

import re

import pytest

from disclosures.models import Report, ReportingYear
from portal.accounts.models import Role
from reviews.models import RuleSet
from tests.factories import make_department, make_region, make_user

pytestmark = pytest.mark.django_db

URL = "/admin/disclosures/reportingyear/open/"
FORM = {
    "year": 2025, "source_year": 2024, "submit_deadline": "2026-05-31", "approval_date": "2026-06-20",
    "publish_deadline": "2026-07-10", "scope": "all",
}


@pytest.fixture
def admin_client(client):
    client.force_login(make_user(Role.ADMIN))
    return client


def _digest(page):
    return re.search(r'name="digest" value="([0-9a-f]+)"', page).group(1)


def test_the_year_is_opened_after_the_changes_were_shown_and_confirmed(admin_client):
    departments = [make_department(make_region()) for _ in range(2)]
    page = admin_client.get("/admin/disclosures/reportingyear/").content.decode()
    assert URL in page and "开启新年度" in page
    page = admin_client.get(URL).content.decode()
    assert "报送截止日期" in page and "批复日期" in page and "全部在用单位（2个）" in page

    response = admin_client.post(URL, {**FORM, "preview": "核对变动"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "<th>2024年度（参照）</th><th>2025年度 现在</th><th>2025年度 开启后</th>" in page
    for text in ("复制2024年度的规则集", "复制2024年度的自查表", "为2个单位新建2025年度报告", "相同，沿用（文件 disclosures/data/narrative_sections.toml",
                 "报送截止 2026-05-31；批复 2026-06-20；公开截止 2026-07-10", departments[1].name):
        assert text in page, text
    assert not ReportingYear.objects.exists() and not RuleSet.objects.exists() and not Report.objects.exists()

    response = admin_client.post(URL, {**FORM, "confirm": "确认", "digest": _digest(page)}, follow=True)
    page = response.content.decode()
    # the reports are created by a run (at once under the test settings): its page shows it done
    assert response.redirect_chain[-1][0].startswith(URL) and "开启2025年度：建立报告" in page
    assert "2025年度已开启，2个单位的报告已建立（新建2个）" in page and "已完成：新建2个报告（共2个单位）" in page
    assert "复制2024年度的80条规则" in page  # what the opening changed
    assert Report.objects.filter(year=2025).count() == 2 and RuleSet.objects.filter(year=2025).exists()

    page = admin_client.post(URL, {**FORM, "preview": "核对变动"}).content.decode()
    assert "没有变动，完成" in page
    response = admin_client.post(URL, {**FORM, "confirm": "确认", "digest": _digest(page)}, follow=True)
    assert "此前已按这些设置开启，没有变动" in response.content.decode()


def test_a_confirmation_after_something_moved_shows_the_new_preview(admin_client):
    make_department(make_region())
    page = admin_client.post(URL, {**FORM, "preview": "核对变动"}).content.decode()
    late = make_department(make_region())
    page = admin_client.post(URL, {**FORM, "confirm": "确认", "digest": _digest(page)}).content.decode()
    assert "预览之后数据已有变动" in page and late.name in page
    assert not Report.objects.exists()


def test_wrong_dates_and_an_empty_selection_are_refused_in_chinese(admin_client):
    page = admin_client.post(URL, {**FORM, "publish_deadline": "2026-07-20", "preview": "核对变动"}).content.decode()
    assert "公开截止日期须在批复后20日内，即不晚于2026-07-10" in page
    page = admin_client.post(URL, {**FORM, "scope": "selected", "preview": "核对变动"}).content.decode()
    assert "请选择要建立报告的单位" in page
    page = admin_client.post(URL, {**FORM, "source_year": 2025, "preview": "核对变动"}).content.decode()
    assert "参照年度不能与新年度相同" in page
    assert not ReportingYear.objects.exists()


def test_the_calendar_in_its_own_form_keeps_publication_within_twenty_days_of_approval(admin_client):
    response = admin_client.post("/admin/disclosures/reportingyear/add/", {
        "year": 2025, "submit_deadline": "2026-05-31", "approval_date": "2026-06-20", "publish_deadline": "2026-08-01",
    })
    assert "公开截止日期须在批复后20日内" in response.content.decode()
    assert not ReportingYear.objects.exists()


def test_only_administrators_open_a_year(client):
    client.force_login(make_user(Role.REVIEWER))
    assert client.post(URL, {**FORM, "confirm": "确认"}).status_code == 302
    assert not ReportingYear.objects.exists()
