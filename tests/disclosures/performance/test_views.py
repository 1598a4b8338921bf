"""The workspace pages: who may see them, the form entry of a seed 002 table in its own layout."""

import json
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


# ---- the form an accountant opens: prefilled from the unit directory and the template (issue 22)


def _value(page, name):
    """The value an <input> of the page holds ("" when it has none)."""
    found = re.search(rf'<input type="text" name="{name}"([^>]*)>', page)
    assert found, f"no input {name}"
    value = re.search(r'value="([^"]*)"', found.group(1))
    return value.group(1) if value else ""


def test_a_new_project_table_starts_with_the_unit_its_head_department_and_the_templates_points(client, setup):
    head = make_department(setup["region"], name="沅江市人力资源和社会保障局")
    unit = make_department(setup["region"], name="沅江市社会保险服务中心", parent=head)
    report, _ = make_report(unit)
    setup["accountant"].departments.add(unit)
    _login(client, setup["accountant"])
    url = reverse("workspace:performance_new", args=[report.pk])
    page = client.get(url).content.decode()
    assert _value(page, "unit_name") == "沅江市社会保险服务中心"
    assert _value(page, "implementing_unit") == "沅江市社会保险服务中心"
    assert _value(page, "competent_department") == "沅江市人力资源和社会保障局"
    assert _value(page, "execution_weight") == "20"  # the first template's (湖北, 2024): 预算执行20分
    assert "预算执行20分，绩效指标合计80分" in page
    # another template from the address: its own points; an unknown one falls back, never a 500
    page = client.get(url + "?template=hunan_project_2024").content.decode()
    assert _value(page, "execution_weight") == "10" and "预算执行10分，绩效指标合计90分" in page
    assert client.get(url + "?template=nonexistent").status_code == 200
    # the script that follows a change of template reads each template's points from the page
    data = json.loads(re.search(r'<script id="performance-templates" type="application/json">(.*?)</script>', page).group(1))
    assert data["hubei_project_2024"]["execution_weight"] == "20" and data["jiangsu_project_2023"]["execution_weight"] == "0"


def test_a_head_departments_own_table_names_itself_as_主管部门_and_the_whole_department_table_starts_prefilled(client, setup):
    _login(client, setup["accountant"])
    report, department = setup["report"], setup["report"].department
    page = client.get(reverse("workspace:performance_new", args=[report.pk])).content.decode()
    assert _value(page, "competent_department") == department.name
    page = client.get(reverse("workspace:performance_department", args=[report.pk])).content.decode()
    assert _value(page, "unit_name") == department.name and _value(page, "execution_weight") == "10"
    assert 'name="competent_department"' not in page


def test_a_stored_table_keeps_what_was_entered_even_when_blank(client, setup):
    _login(client, setup["accountant"])
    assert client.post(reverse("workspace:performance_new", args=[setup["report"].pk]), _post_data(SEED002_ROWS)).status_code == 302
    evaluation = ProjectEvaluation.objects.get()
    assert evaluation.unit_name == ""  # _post_data leaves it out: stored blank, as typed
    page = client.get(reverse("workspace:performance_edit", args=[setup["report"].pk, evaluation.pk])).content.decode()
    assert _value(page, "unit_name") == "" and _value(page, "competent_department") == "沅江市人力资源和社会保障局"


def test_添加一行_without_javascript_posts_back_one_more_row_and_saves_nothing(client, setup):
    _login(client, setup["accountant"])
    url = reverse("workspace:performance_new", args=[setup["report"].pk])
    data = _post_data(SEED002_ROWS[:2], budget="")  # a required field left blank: not shown as an error yet
    data["ind-1-level3"] = "待遇资格认证成功率（修改）"
    data["add_row"] = "1"
    response = client.post(url, data)
    assert response.status_code == 200 and not ProjectEvaluation.objects.exists()
    page = response.content.decode()
    assert 'name="ind-TOTAL_FORMS" value="4"' in page  # two rows and a blank one posted, one more
    assert 'name="ind-3-level1"' in page and "待遇资格认证成功率（修改）" in page
    assert 'class="error"' not in page
    # 保存 from that page stores both rows; the blank ones are left out
    data.pop("add_row")
    data.update({"budget": "10.24", "ind-TOTAL_FORMS": "4"})
    assert client.post(url, data).status_code == 302
    assert [i.level3 for i in ProjectEvaluation.objects.get().indicators.all()] == ["待遇领取资格认证人次", "待遇资格认证成功率（修改）"]


def test_each_indicator_is_one_row_group_with_labelled_fields_and_a_template_for_添加一行(client, setup):
    _login(client, setup["accountant"])
    page = client.get(reverse("workspace:performance_new", args=[setup["report"].pk])).content.decode()
    assert page.count('<tbody class="indicator">') == 3  # two blank rows and the <template>'s
    template = page[page.index('<template id="indicator-row">') : page.index("</template>")]
    assert 'name="ind-__prefix__-level3"' in template and 'aria-label="三级指标"' in template
    assert '<datalist id="level1-choices"><option value="产出指标">' in page
    # Enter in a field saves: the form's first submit button is a 保存, before “添加一行”
    form = page[page.index('<form method="post" class="performance-edit"') :]
    assert form.index("<button") == form.index('<button type="submit" class="visually-hidden"')
