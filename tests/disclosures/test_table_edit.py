"""Entering the nine tables through the browser form (disclosures/views/table_edit.py).

Every test loads the real page, reads the form's fields out of its HTML and posts
them back changed, as a browser without JavaScript would.
"""

import re
from decimal import Decimal
from html.parser import HTMLParser

import pytest

from disclosures.forms.table_edit import sum_rules
from disclosures.models import CodeRow, EntryUnit, ReportVersion, TableCell, VersionState
from disclosures.reference import reference_codes_load_files
from disclosures.selectors import version_tables
from disclosures.tables.spec import LAYOUT_LINES, TABLES, table_spec
from portal.accounts.models import Role
from reviews.checks import CheckContext, checks_run
from tests.factories import make_department, make_region, make_report, make_user

pytestmark = pytest.mark.django_db


class FormFields(HTMLParser):
    """The fields a browser would send from form.table-edit (buttons excluded)."""

    def __init__(self):
        super().__init__()
        self.inside = False
        self.fields = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and "table-edit" in (attrs.get("class") or ""):
            self.inside = True
        elif self.inside and tag == "input" and attrs.get("name"):
            self.fields.append((attrs["name"], attrs.get("value") or ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False


def form_fields(html):
    parser = FormFields()
    parser.feed(html)
    return parser.fields


def url_of(report, number):
    return f"/workspace/reports/{report.pk}/tables/{number}/"


def submit(client, url, *, html=None, changes=None, **extra):
    """Post the page's form (fetched unless given) with some fields changed; action=save by default."""
    if html is None:
        html = client.get(url).content.decode()
    fields = form_fields(html)
    names = {name for name, _ in fields}
    changes = dict(changes or {})
    for name in changes:
        assert name in names, f"no field {name} on the page"
    data = {}
    for name, value in fields:
        data.setdefault(name, []).append(changes.get(name, value))
    if not ("remove" in extra or extra.get("action") == "add"):
        extra.setdefault("action", "save")
    data.update({k: v for k, v in extra.items()})
    return client.post(url, data)


def cell_html(html, name):
    """The <td> holding the input called `name`."""
    position = html.index(f'name="{name}"')
    start = html.rindex("<td", 0, position)
    return html[start : html.index("</td>", position) + 5]


@pytest.fixture
def world():
    reference_codes_load_files(year=2024)
    region = make_region()
    own, other = make_department(region), make_department(region)
    report, version = make_report(own)
    accountant = make_user(Role.ACCOUNTANT, departments=[own])
    return {
        "report": report,
        "version": version,
        "accountant": accountant,
        "other_accountant": make_user(Role.ACCOUNTANT, departments=[other]),
        "reviewer": make_user(Role.REVIEWER, region=region),
    }


@pytest.fixture
def editor(client, world):
    client.force_login(world["accountant"])
    return client


def stored(version, number):
    return version_tables(version=version)[number]


def a_part_cell(number, code_rows):
    """A (row, column) that is not a total, from the table's description."""
    spec = table_spec(number)
    targets = {target for target, _ in sum_rules(spec, [c for c, _ in code_rows])}
    if spec.layout == LAYOUT_LINES:
        keys = [(line.key, col.key) for line in spec.lines if not line.is_blank for col in spec.side_of(line.key).columns]
    else:
        keys = [(code, col.key) for code, _ in code_rows for col in spec.code_columns]
    return next(key for key in keys if key not in targets)


def assert_consistent(number, data):
    for target, members in sum_rules(table_spec(number), [c for c, _ in data.code_rows]):
        assert data.get(*target) == sum((data.get(*m) for m in members), Decimal(0)), (number, target)


@pytest.mark.parametrize("number", [spec.number for spec in TABLES])
def test_every_table_can_be_edited_and_its_totals_follow(editor, world, number):
    report, version = world["report"], world["version"]
    url = url_of(report, number)
    assert_consistent(number, stored(version, number))  # the known-good report
    html = editor.get(url).content.decode()
    if table_spec(number).has_codes and not stored(version, number).code_rows:
        code = "30101" if number == 6 else "2080505"
        response = submit(editor, url, html=html, action="add", add_code=code)
        assert response.status_code == 200 and f'name="name__{code}"' in response.content.decode()
        html = response.content.decode()
        code_rows = [(code, "")]
    else:
        code_rows = stored(version, number).code_rows
    row, column = a_part_cell(number, code_rows)
    before = stored(version, number).get(row, column)
    response = submit(editor, url, html=html, changes={f"c__{row}__{column}": "1,234.56"})
    assert response.status_code == 302, response.content.decode()[:3000]
    data = stored(version, number)
    assert data.get(row, column) == Decimal("1234.56") != before
    assert TableCell.objects.get(version=version, table=number, row=row, column=column).amount == Decimal("1234.56")
    assert_consistent(number, data)
    assert "已保存" in editor.get(url).content.decode()


def test_wan_input_is_converted_to_yuan_exactly(editor, world):
    report, version = world["report"], world["version"]
    ReportVersion.objects.filter(pk=version.pk).update(entry_unit=EntryUnit.WAN)
    url = url_of(report, 9)
    html = editor.get(url).content.decode()
    assert "金额单位：<strong class=\"entry-unit\">万元</strong>" in html
    response = submit(editor, url, html=html, changes={"c__1__final_abroad": "12.345678", "c__1__budget_abroad": "0.1"})
    assert response.status_code == 302
    data = stored(version, 9)
    assert data.get("1", "final_abroad") == Decimal("123456.78")
    assert data.get("1", "budget_abroad") == Decimal("1000.00")
    assert data.get("1", "final_total") == data.get("1", "final_abroad") + data.get("1", "final_reception")
    page = editor.get(url).content.decode()
    assert 'value="12.345678"' in cell_html(page, "c__1__final_abroad")


def test_wan_input_with_more_than_six_places_is_refused(editor, world):
    report, version = world["report"], world["version"]
    ReportVersion.objects.filter(pk=version.pk).update(entry_unit=EntryUnit.WAN)
    response = submit(editor, url_of(report, 9), changes={"c__1__final_abroad": "1.0000001"})
    assert response.status_code == 200
    assert "超过六位小数" in cell_html(response.content.decode(), "c__1__final_abroad")
    assert stored(version, 9).get("1", "final_abroad") == Decimal(0)


@pytest.mark.parametrize(
    ("typed", "message"),
    [("十万", "不是数字"), ("12.345", "超过两位小数"), ("99999999999999", "超出允许范围"), ("1e", "不是数字")],
)
def test_bad_input_gets_a_message_beside_the_cell_and_nothing_is_saved(editor, world, typed, message):
    report, version = world["report"], world["version"]
    before = (stored(version, 3).cells, version.revision)
    url = url_of(report, 3)
    response = submit(
        editor, url, changes={"c__2080505__basic": typed, "c__2101102__basic": "1.00", "name__2080505": "改名"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    cell = cell_html(html, "c__2080505__basic")
    assert message in cell and 'aria-invalid="true"' in cell and f'value="{typed}"' in cell
    assert "没有保存" in html
    assert 'value="1.00"' in cell_html(html, "c__2101102__basic")  # the user's other input is kept on the page
    version.refresh_from_db()
    assert (stored(version, 3).cells, version.revision) == before
    assert CodeRow.objects.get(version=version, table=3, code="2080505").name == "机关事业单位基本养老保险缴费支出"


def test_a_typed_total_is_kept_and_its_difference_shown(editor, world):
    report, version = world["report"], world["version"]
    url = url_of(report, 3)
    response = submit(editor, url, changes={"c__total__basic": "1.00"})
    assert response.status_code == 302
    assert stored(version, 3).get("total", "basic") == Decimal("1.00")
    html = editor.get(url).content.decode()
    warning = cell_html(html, "c__total__basic")
    assert "按分项计算为373700.00" in warning and "相差-373699.00" in warning
    # Saving the page again keeps the user's figure: nothing they typed is overwritten.
    submit(editor, url, html=html)
    assert stored(version, 3).get("total", "basic") == Decimal("1.00")


def test_blank_totals_are_computed_on_save(editor, world):
    report, version = world["report"], world["version"]
    response = submit(editor, url_of(report, 1), changes={"c__1__amount": "100.00", "c__27__amount": "", "c__31__amount": ""})
    assert response.status_code == 302
    data = stored(version, 1)
    assert data.get("27", "amount") == data.get("31", "amount") == Decimal("100.00")


def test_code_lines_are_added_by_code_or_name_kept_with_own_name_and_removed(editor, world):
    report, version = world["report"], world["version"]
    url = url_of(report, 7)
    response = submit(editor, url, action="add", add_code="机关事业单位职业年金缴费支出")
    html = response.content.decode()
    assert 'name="name__2080506" value="机关事业单位职业年金缴费支出"' in html and "尚未保存" in html
    assert not CodeRow.objects.filter(version=version, table=7).exists()
    response = submit(editor, url, html=html, action="add", add_code="208 社会保障和就业支出")
    html = response.content.decode()
    assert html.index('value="208"') < html.index('value="2080506"')  # the 类 line comes before its 项
    response = submit(
        editor,
        url,
        html=html,
        changes={"name__2080506": "职业年金（本部门）", "c__2080506__basic": "50.00", "c__208__basic": ""},
    )
    assert response.status_code == 302
    data = stored(version, 7)
    assert data.code_rows == [("208", "社会保障和就业支出"), ("2080506", "职业年金（本部门）")]
    assert data.get("208", "basic") == data.get("total", "basic") == data.get("total", "spend_total") == Decimal("50.00")

    html = editor.get(url).content.decode()
    response = submit(editor, url, html=html, remove="2080506")
    html = response.content.decode()
    assert 'name="name__2080506"' not in html and CodeRow.objects.filter(version=version, table=7).count() == 2
    assert submit(editor, url, html=html).status_code == 302
    assert stored(version, 7).code_rows == [("208", "社会保障和就业支出")]
    assert not TableCell.objects.filter(version=version, table=7, row="2080506").exists()


@pytest.mark.parametrize(
    ("number", "typed", "message"),
    [
        (3, "9999999", "科目编码 9999999 不在2024年支出功能分类科目中，其上级类 999 也不在科目表中"),
        (3, "2088801", "科目编码 2088801 不在2024年支出功能分类科目中，其上级款 20888 也不在科目表中"),
        (3, "2089901", "科目编码 2089901 不在2024年政府收支分类科目中，请核对。如确需使用，请在编码后写上科目名称"),
        (3, "不存在的科目", "不是2024年度支出功能分类科目的编码或名称"),
        (3, "行政运行", "对应多个科目"),
        (3, "2080505", "已在表中"),
        (6, "30201", "已在表中"),
        (6, "388", "科目编码 388 不在2024年支出经济分类科目中，没有这个类"),
    ],
)
def test_unknown_or_ambiguous_codes_are_refused(editor, world, number, typed, message):
    report, version = world["report"], world["version"]
    before = stored(version, number).code_rows
    for action in ("add", "save"):
        response = submit(editor, url_of(report, number), action=action, add_code=typed)
        assert response.status_code == 200
        assert message in response.content.decode()
    assert stored(version, number).code_rows == before


def test_a_newer_code_under_a_known_parent_is_kept_with_a_warning_the_reviewer_sees_too(editor, world):
    report, version = world["report"], world["version"]
    url = url_of(report, 3)
    html = submit(editor, url, action="add", add_code="2089901 社会工作服务支出").content.decode()
    assert 'value="2089901"' in html and "社会工作服务支出" in html
    warning = "科目编码 2089901 不在2024年政府收支分类科目中，请核对"
    assert warning in html and "没有保存" not in html
    assert submit(editor, url, html=html, changes={"c__2089901__basic": "1.00"}).status_code == 302
    assert ("2089901", "社会工作服务支出") in stored(version, 3).code_rows
    assert warning in editor.get(url).content.decode()  # still shown once saved

    version.refresh_from_db()
    found = [f for f in checks_run(CheckContext(version)) if f.rule == "K01"]
    assert [f.severity for f in found] == ["warning"] and warning in found[0].message


def test_an_economic_code_outside_both_groups_is_refused(editor, world):
    response = submit(editor, url_of(world["report"], 6), action="add", add_code="399")  # 其他支出
    assert "不属于人员经费或公用经费" in response.content.decode()


def test_table_06_adds_a_code_to_its_group(editor, world):
    report, version = world["report"], world["version"]
    url = url_of(report, 6)
    html = submit(editor, url, action="add", add_code="30301").content.decode()
    assert html.index("人员经费合计") > html.index('value="30301"') > html.index("人员经费")
    html = submit(editor, url, html=html, action="add", add_code="303").content.decode()
    response = submit(editor, url, html=html, changes={"c__30301__amount": "10.00", "c__303__amount": ""})
    assert response.status_code == 302
    data = stored(version, 6)
    assert data.get("303", "amount") == Decimal("10.00")
    assert data.get("personnel_total", "amount") == data.get("301", "amount") + Decimal("10.00")


def test_two_editors_a_conflict_shows_both_values_and_saves_nothing_of_the_second(client, world):
    from django.test import Client

    report, version = world["report"], world["version"]
    url = url_of(report, 3)
    first, second = Client(), Client()
    first.force_login(world["accountant"])
    second.force_login(world["accountant"])
    page_first = first.get(url).content.decode()
    page_second = second.get(url).content.decode()

    assert submit(first, url, html=page_first, changes={"c__2080505__basic": "111.11"}).status_code == 302
    saved = stored(version, 3).cells
    response = submit(
        second, url, html=page_second, changes={"c__2080505__basic": "222.22", "c__2101102__project": "5.00"}
    )
    html = response.content.decode()
    assert response.status_code == 409
    assert "保存冲突" in html
    conflict = html[html.index("conflict-list") :]
    row = conflict[conflict.index("2080505 机关事业单位基本养老保险缴费支出 · 基本支出") :]
    row = row[: row.index("</tr>")]
    assert "222.22" in row and "111.11" in row and "他人已修改此处" in row
    assert "仅您修改了此处" in conflict
    assert stored(version, 3).cells == saved  # nothing of the second editor's was saved
    assert 'value="222.22"' in cell_html(html, "c__2080505__basic")  # ... nor lost from the page

    # After review, saving the conflict page again stores the second editor's figures.
    assert submit(second, url, html=html).status_code == 302
    data = stored(version, 3)
    assert (data.get("2080505", "basic"), data.get("2101102", "project")) == (Decimal("222.22"), Decimal("5.00"))


def test_anonymous_visitors_are_sent_to_login(client, world):
    for url in (url_of(world["report"], 1), f"/workspace/reports/{world['report'].pk}/codes/?q=208"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
        assert client.post(url).status_code == 302


def test_reviewers_get_403_and_other_departments_accountants_404(client, world):
    report = world["report"]
    urls = (url_of(report, 1), f"/workspace/reports/{report.pk}/codes/?q=208")
    client.force_login(world["reviewer"])
    for url in urls:
        assert client.get(url).status_code == 403
    assert client.post(urls[0]).status_code == 403
    client.force_login(world["other_accountant"])
    for url in urls:
        assert client.get(url).status_code == 404
    assert client.post(urls[0], {"action": "save"}).status_code == 404
    client.force_login(world["accountant"])
    assert client.get(url_of(report, 10)).status_code == 404
    assert client.get(url_of(report, 0)).status_code == 404


@pytest.mark.parametrize("state", [VersionState.SUBMITTED, VersionState.APPROVED, VersionState.PUBLISHED])
def test_a_version_not_editable_is_shown_read_only_and_a_post_is_refused(editor, world, state):
    report, version = world["report"], world["version"]
    url = url_of(report, 3)
    editable_page = editor.get(url).content.decode()
    ReportVersion.objects.filter(pk=version.pk).update(state=state, published_at="2025-09-01T00:00:00Z")
    html = editor.get(url).content.decode()
    assert 'name="c__' not in html and "只能查看" in html and "373700.00" in html
    before = stored(version, 3).cells
    response = submit(editor, url, html=editable_page, changes={"c__2080505__basic": "1.00"})
    assert response.status_code == 409
    assert "不能修改" in response.content.decode() and "没有保存" in response.content.decode()
    assert stored(version, 3).cells == before


def test_returned_versions_are_editable(editor, world):
    report, version = world["report"], world["version"]
    ReportVersion.objects.filter(pk=version.pk).update(state=VersionState.RETURNED)
    assert submit(editor, url_of(report, 9), changes={"c__1__final_abroad": "3.00"}).status_code == 302


def test_code_lookup_returns_matches_of_the_reports_year(editor, world):
    base = f"/workspace/reports/{world['report'].pk}/codes/"
    results = editor.get(base, {"kind": "function", "q": "社会"}).json()["results"]
    assert {"code": "208", "name": "社会保障和就业支出", "level": "类"} in results
    assert all("社会" in r["name"] for r in results)
    assert [r["code"] for r in editor.get(base, {"kind": "economic", "q": "3010"}).json()["results"]][:2] == ["30101", "30102"]
    assert editor.get(base, {"kind": "nonsense", "q": "1"}).status_code == 400


def test_the_page_has_no_inline_script_or_style(editor, world):
    response = editor.get(url_of(world["report"], 2))
    assert "script-src 'self'" in response["Content-Security-Policy"]
    html = response.content.decode()
    assert " style=" not in html and "<style" not in html
    scripts = re.findall(r"<script([^>]*)>", html)
    assert all("src=" in attrs or 'type="application/json"' in attrs for attrs in scripts)


def test_the_report_page_lists_the_nine_tables_with_edit_links(editor, world):
    report = world["report"]
    html = editor.get(f"/workspace/reports/{report.pk}/").content.decode()
    nav = html[html.index("nine-tables-nav") : html.index("</nav>", html.index("nine-tables-nav"))]
    for spec in TABLES:
        assert f'href="{url_of(report, spec.number)}">编辑</a>' in nav and spec.name in nav
    ReportVersion.objects.filter(pk=world["version"].pk).update(state=VersionState.SUBMITTED)
    html = editor.get(f"/workspace/reports/{report.pk}/").content.decode()
    assert f'href="{url_of(report, 3)}">查看</a>' in html and ">编辑</a>" not in html


def test_the_workspace_list_is_a_django_tables2_table(editor, world):
    html = editor.get("/workspace/").content.decode()
    assert 'href="/workspace/reports/%d/"' % world["report"].pk in html
    assert "第1版" in html and 'class="state state-draft">草稿</span>' in html
    assert "<th" in html and "更新时间" in html


def test_a_code_line_forged_into_the_post_must_be_in_the_reference_list(editor, world):
    report, version = world["report"], world["version"]
    url = url_of(report, 3)
    html = editor.get(url).content.decode()
    response = editor.post(url, {**dict(form_fields(html)), "row": ["2080505", "2088888"], "action": "save"})
    assert "科目编码 2088888 不在2024年支出功能分类科目中，其上级款 20888 也不在科目表中" in response.content.decode()
    assert [c for c, _ in stored(version, 3).code_rows] == ["2080109", "2080505", "2101102", "2210201"]


def test_a_table_too_big_for_one_post_says_so_before_the_user_types(editor, world, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 40
    assert "超出了网页表单一次可提交的数量" in editor.get(url_of(world["report"], 3)).content.decode()
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
    assert "超出了网页表单一次可提交的数量" not in editor.get(url_of(world["report"], 3)).content.decode()


def test_the_service_refuses_a_stale_revision_and_writes_nothing(world):
    from disclosures.services import StaleRevision, version_replace_tables
    from disclosures.tables.values import TableData

    version = world["version"]
    loaded = version.revision
    first = TableData(number=9)
    first.set("1", "final_abroad", "1.00")
    version_replace_tables(version=version, tables=[first], expected_revision=loaded)
    second = TableData(number=9)
    second.set("1", "final_abroad", "2.00")
    with pytest.raises(StaleRevision) as caught:
        version_replace_tables(version=version, tables=[second], expected_revision=loaded)
    assert (caught.value.expected, caught.value.current) == (loaded, loaded + 1)
    version.refresh_from_db()
    assert version.revision == loaded + 1 and stored(version, 9).get("1", "final_abroad") == Decimal("1.00")


def test_a_shanghai_departments_state_capital_table_has_its_balances_and_keeps_them(client):
    """公开08表's optional columns (nine_tables.toml) where the region prints them (上海市: 国资's
    年初结转和结余, 本年收入, 年末结转和结余): on the form, summed like the others, saved."""
    from disclosures.models import Region
    from disclosures.services import version_replace_tables

    reference_codes_load_files(year=2024)
    city = Region.objects.create(code="310000", name="上海市")
    department = make_department(Region.objects.create(code="310107", name="普陀区", parent=city))
    report, version = make_report(department)
    tables = version_tables(version=version)
    tables[8].code_rows = [
        ("223", "国有资本经营预算支出"),
        ("22301", "解决历史遗留问题及改革成本支出"),
        ("2230199", "其他解决历史遗留问题及改革成本支出"),
    ]
    for row in ("total", "223", "22301", "2230199"):
        tables[8].set(row, "opening", "10000")
    version_replace_tables(version=version, tables=[tables[8]])
    client.force_login(make_user(Role.ACCOUNTANT, departments=[department]))
    url = url_of(report, 8)
    html = client.get(url).content.decode()
    heads = re.findall(r"<th[^>]*>([^<]+)</th>", html)
    assert heads.index("年初结转和结余") < heads.index("本年收入") < heads.index("本年支出") < heads.index("年末结转和结余")
    response = submit(
        client, url, html=html, changes={"c__2230199__income": "500.00", "c__2230199__closing": "10500.00"}
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    data = stored(version, 8)
    for row in ("total", "223", "22301", "2230199"):
        assert data.get(row, "opening") == Decimal("10000.00")
        assert data.get(row, "income") == Decimal("500.00") and data.get(row, "closing") == Decimal("10500.00")


def test_a_hubei_departments_state_capital_table_shows_no_balances(editor, world):
    html = editor.get(url_of(world["report"], 8)).content.decode()
    assert "本年支出" in html and "年初结转和结余" not in html
