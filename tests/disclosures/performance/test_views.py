"""The workspace pages: who may see them, the form entry of a seed 002 table in its own layout."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from disclosures.models import DepartmentEvaluation, ProjectEvaluation, VersionState
from portal.accounts.models import Role
from tests.factories import PASSWORD, make_department, make_region, make_report, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    region = make_region()
    department, other = make_department(region), make_department(region)
    report, version = make_report(department)
    accountant = make_user(Role.ACCOUNTANT, departments=[department])
    return {"report": report, "version": version, "accountant": accountant, "other": other, "region": region}


def _login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


def _urls(report):
    pk = report.pk
    return [reverse("workspace:performance", args=[pk]), reverse("workspace:performance_new", args=[pk]),
            reverse("workspace:performance_department", args=[pk]), reverse("workspace:performance_workbook", args=[pk])]  # fmt: skip


def test_the_departments_accountant_sees_every_page(client, setup):
    _login(client, setup["accountant"])
    for url in _urls(setup["report"]):
        assert client.get(url).status_code == 200, url


def test_other_roles_get_403_and_other_departments_accountants_404(client, setup):
    for role in (Role.REVIEWER, Role.ADMIN):
        _login(client, make_user(role, region=setup["region"]))
        for url in _urls(setup["report"]):
            assert client.get(url).status_code == 403, (role, url)
    _login(client, make_user(Role.ACCOUNTANT, departments=[setup["other"]]))
    for url in _urls(setup["report"]):
        assert client.get(url).status_code == 404, url


def test_anonymous_users_are_sent_to_log_in(client, setup):
    response = client.get(_urls(setup["report"])[0])
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.parametrize("state", [VersionState.SUBMITTED, VersionState.APPROVED, VersionState.PUBLISHED])
def test_a_version_that_is_not_editable_is_403(client, setup, state):
    _, version = make_report(make_department(setup["region"]), state=state)
    setup["accountant"].departments.add(version.report.department)
    _login(client, setup["accountant"])
    for url in _urls(version.report):
        assert client.get(url).status_code == 403, url
    post = client.post(reverse("workspace:performance_new", args=[version.report.pk]), {})
    assert post.status_code == 403


# Seed 002, 附件3 “B待遇领取资格认证工作经费”, entered row by row in its own layout.
SEED002_ROWS = [
    ("产出指标", "数量指标", "待遇领取资格认证人次", "≥300次", "318次", "20", "20"),
    ("产出指标", "质量指标", "待遇资格认证成功率", "≥95%", "100%", "10", "10"),
    ("产出指标", "时效指标", "项目完成时限", "2024年", "基本达成目标", "10", "10"),
    ("效益指标", "经济效益指标", "保障社保基金正常运转", "正常运转", "基本达成目标", "10", "10"),
    ("效益指标", "社会效益指标", "促进养老保险的健康发展", "健康发展", "基本达成目标", "10", "10"),
    ("效益指标", "可持续影响指标", "维护社会稳定", "稳定", "基本达成目标", "10", "10"),
    ("满意度指标", "服务对象满意度指标", "群众满意度", "≥90%", "950%", "10", "10"),
    ("成本指标", "经济成本指标", "人力、物力、财力", "≥10万元", "10.24万元", "10", "10"),
]
NAMES = ("level1", "level2", "level3", "target", "actual", "weight", "score_stated")


def _post_data(rows, **header):
    data = {
        "project_name": "B待遇领取资格认证工作经费", "template_key": "hunan_project_2024",
        "table_title": "2024年度项目支出绩效自评表", "competent_department": "沅江市人力资源和社会保障局",
        "implementing_unit": "沅江市社会保险服务中心", "budget_initial": "10.24", "budget": "10.24",
        "executed": "10.24", "execution_rate_stated": "100%", "execution_weight": "10",
        "execution_score_stated": "10", "total_score_stated": "100",
        "goals": "完成大厅300人次的待遇领取资格认证", "achieved": "完成大厅300人次的待遇领取资格认证",
        "ind-TOTAL_FORMS": str(len(rows) + 1), "ind-INITIAL_FORMS": "0",
        "ind-MIN_NUM_FORMS": "0", "ind-MAX_NUM_FORMS": "1000",
    }  # fmt: skip
    for i, row in enumerate(rows):
        data.update({f"ind-{i}-{name}": value for name, value in zip(NAMES, row, strict=True)})
    data.update(header)
    return data


def test_a_seed_002_table_entered_by_form_is_stored_exactly_and_scored_in_its_layout(client, setup):
    _login(client, setup["accountant"])
    response = client.post(reverse("workspace:performance_new", args=[setup["report"].pk]), _post_data(SEED002_ROWS))
    assert response.status_code == 302
    evaluation = ProjectEvaluation.objects.get(version=setup["version"])
    assert evaluation.budget == Decimal("102400.00") and evaluation.budget_initial == Decimal("102400.00")
    assert [i.level3 for i in evaluation.indicators.all()] == [r[2] for r in SEED002_ROWS]
    assert evaluation.score().total.computed == Decimal("100.00")
    page = client.get(response["Location"]).content.decode()
    assert "实际完成值“950%”：满意度不可能超过100%" in page
    assert "100.00" in page


def test_a_wan_amount_is_converted_to_yuan_exactly_and_a_row_can_be_removed(client, setup):
    _login(client, setup["accountant"])
    url = reverse("workspace:performance_new", args=[setup["report"].pk])
    client.post(url, _post_data(SEED002_ROWS, budget="10.123456", executed="0.000001"))
    evaluation = ProjectEvaluation.objects.get(version=setup["version"])
    assert (evaluation.budget, evaluation.executed) == (Decimal("101234.56"), Decimal("0.01"))
    edit = reverse("workspace:performance_edit", args=[setup["report"].pk, evaluation.pk])
    data = _post_data(SEED002_ROWS)
    data["ind-0-DELETE"] = "on"
    assert client.post(edit, data).status_code == 302
    assert evaluation.indicators.count() == len(SEED002_ROWS) - 1


def test_bad_input_is_shown_in_chinese_and_nothing_is_written(client, setup):
    _login(client, setup["accountant"])
    data = _post_data(SEED002_ROWS, budget="十万", executed="1.1234567")
    data["ind-1-weight"] = "abc"
    response = client.post(reverse("workspace:performance_new", args=[setup["report"].pk]), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "应为数字，实际为“十万”" in page and "超过两位小数" in page and "应为数字，实际为“abc”" in page
    assert not ProjectEvaluation.objects.exists()


def test_category_checkboxes_of_seed_001s_template(client, setup):
    _login(client, setup["accountant"])
    data = _post_data(SEED002_ROWS[:1], template_key="hubei_project_2024", execution_weight="20",
                      category=["部门预算项目"], attribute="持续性项目", project_type=["常年性项目"])  # fmt: skip
    assert client.post(reverse("workspace:performance_new", args=[setup["report"].pk]), data).status_code == 302
    evaluation = ProjectEvaluation.objects.get()
    assert (evaluation.category, evaluation.attribute, evaluation.project_type) == ("部门预算项目", "持续性项目", "常年性项目")
    page = client.get(reverse("workspace:performance_edit", args=[setup["report"].pk, evaluation.pk])).content.decode()
    assert re.search(r'<input type="checkbox" name="category" value="部门预算项目"[^>]* checked>', page)
    assert not re.search(r'<input type="checkbox" name="category" value="市直专项"[^>]* checked>', page)
    # 项目属性 is one of its options: a radio button, and two at once are refused
    assert re.search(r'<input type="radio" name="attribute" value="持续性项目"[^>]* checked>', page)
    data["attribute"] = ["持续性项目", "新增项目"]
    response = client.post(reverse("workspace:performance_edit", args=[setup["report"].pk, evaluation.pk]), data)
    assert response.status_code == 400 and ProjectEvaluation.objects.get().attribute == "持续性项目"


def test_the_whole_department_table_of_seed_002_by_form(client, setup):
    _login(client, setup["accountant"])
    rows = [
        ("产出指标", "数量指标", "参保人数", "≥36.6万人", "51万人", "5", "5"),
        ("产出指标", "数量指标", "拨付待遇", "≥26亿元", "26.16亿元", "5", "5"),
    ]
    data = _post_data(rows, template_key="hunan_department_2024", unit_name="沅江市社会保险服务中心",
                      budget_initial="461.89", budget="532.00", executed="532.00", general_public="532.00",
                      basic_expenditure="442.54", project_expenditure="89.46", total_score_stated="20")  # fmt: skip
    assert client.post(reverse("workspace:performance_department", args=[setup["report"].pk]), data).status_code == 302
    department = DepartmentEvaluation.objects.get(version=setup["version"])
    assert department.project_expenditure == Decimal("894600.00")
    score = department.score()
    assert score.total.computed == Decimal("20.00")
    page = client.get(reverse("workspace:performance", args=[setup["report"].pk])).content.decode()
    assert "绩效指标分值合计为10.00分，应为90分" in page
