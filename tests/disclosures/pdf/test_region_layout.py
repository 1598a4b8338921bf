"""A Shanghai department's PDF prints its tables as Shanghai does (its profile's [tables]), read
back with pdftotext: no 行次, no 栏次, no 编制单位/年度 line, 三公 with 预算数/决算数 under each
item, 05's 合计 last, the 国资 table's balances. The same report with --region 湖北省 keeps the
project's layout."""

import io
import re

import pytest
from django.core.management import call_command

from disclosures.models import Region
from disclosures.pdf import engine, fonts
from disclosures.selectors import version_tables
from disclosures.services import version_replace_tables
from tests.factories import make_department, make_report

from .conftest import pdftotext

pytestmark = pytest.mark.django_db

STATE_CAPITAL_ROWS = [
    ("223", "国有资本经营预算支出"),
    ("22301", "解决历史遗留问题及改革成本支出"),
    ("2230199", "其他解决历史遗留问题及改革成本支出"),
]


@pytest.fixture
def department():
    if fonts.build_fonts():
        engine.reset()
    city = Region.objects.create(code="310000", name="上海市")
    department = make_department(Region.objects.create(code="310107", name="普陀区", parent=city))
    _, version = make_report(department)
    tables = version_tables(version=version)
    for column, amount in {"budget_total": 30000, "budget_reception": 30000, "final_total": 12300, "final_reception": 12300}.items():
        tables[9].set("1", column, amount)
    tables[8].code_rows = list(STATE_CAPITAL_ROWS)
    for row in ["total"] + [code for code, _ in STATE_CAPITAL_ROWS]:
        for column, amount in {"opening": 10000, "income": 50000, "total": 40000, "project": 40000, "closing": 20000}.items():
            tables[8].set(row, column, amount)
    version_replace_tables(version=version, tables=[tables[8], tables[9]])
    return department


def tables_part(tmp_path, department, *args, squeeze=True):
    """第二部分's lines as pdftotext -layout prints them (blanks squeezed unless `squeeze` is false)."""
    out = tmp_path / "report.pdf"
    call_command(
        "render_report", "--department", department.code, "--year", "2024", "--out", str(out), *args, stdout=io.StringIO()
    )
    text = pdftotext(out.read_bytes())
    start = text.index("第二部分", text.index("第二部分") + 1)  # after the contents page's entry
    text = text[start : text.rindex("第三部分")]
    lines = [line for line in text.splitlines() if line.strip()]
    return [re.sub(r"\s+", " ", line).strip() for line in lines] if squeeze else lines


def left_to_right(lines, words):
    """Where each word starts across the page (pdftotext -layout keeps columns), in `words`' order."""
    found = [next(line.index(word) for line in lines if word in line) for word in words]
    return found == sorted(found)


def table_lines(lines, title):
    start = next(i for i, line in enumerate(lines) if line.strip().endswith(title))
    end = next(i for i in range(start, len(lines)) if lines[i].strip().startswith("注："))
    return lines[start:end]


def test_a_shanghai_departments_tables_are_printed_as_shanghai_prints_them(tmp_path, department):
    lines = tables_part(tmp_path, department)
    text = "\n".join(lines)
    assert "行次" not in text and "栏次" not in text and "编制单位" not in text and "金额单位" not in text
    assert lines.count("单位：万元") == 9
    # 01 without 行次: the totals side by side, the blank lines left out
    assert "本年收入合计 68.33 本年支出合计 68.33" in lines and "总计 68.33 总计 68.33" in lines
    # 三公 (表7): each item over its 预算数 and 决算数
    three = table_lines(lines, "财政拨款“三公”经费支出决算表")
    assert "合计 因公出国(境)费 公务接待费" in three
    assert "小计 公务用车购置费 公务用车运行维护费" in three
    assert " ".join(["预算数 决算数"] * 6) in three
    assert "3.00 1.23 3.00 1.23" in three
    # 05: 合计 under the codes
    general = table_lines(lines, "一般公共预算财政拨款支出决算表")
    assert general.index("合计 68.33 37.37 30.96") > general.index("2210201 住房公积金 14.61 14.61")
    # 国资 (表9): 年初结转和结余, 本年收入, 本年支出 (合计, 基本支出, 项目支出), 年末结转和结余
    capital = table_lines(lines, "国有资本经营预算财政拨款收入支出决算表")
    assert "合计 1.00 5.00 4.00 4.00 2.00" in capital
    assert "223 国有资本经营预算支出 1.00 5.00 4.00 4.00 2.00" in capital


def test_the_state_capital_tables_balances_are_headed_in_shanghais_order(tmp_path, department):
    lines = table_lines(tables_part(tmp_path, department, squeeze=False), "国有资本经营预算财政拨款收入支出决算表")
    assert left_to_right(lines, ["科目名称", "年初结转", "本年收入", "本年支出", "年末结转"])
    assert left_to_right(lines, ["科目名称", "年初结转", "本年收入", "基本支出", "项目支出", "年末结转"])


def test_with_region_hubei_the_same_report_keeps_the_projects_layout(tmp_path, department):
    lines = tables_part(tmp_path, department, "--region", "湖北省")
    text = "\n".join(lines)
    assert "行次" in text and "栏次 1 栏次 2" in lines and f"编制单位：{department.name}" in text
    capital = table_lines(lines, "公开08表 国有资本经营预算财政拨款支出决算表")
    assert "年初结转" not in " ".join(capital) and "合计 4.00 4.00" in capital
    three = table_lines(lines, "公开09表 财政拨款“三公”经费支出决算表")
    assert "3.00 3.00 1.23 1.23" in three
    general = table_lines(lines, "公开05表 一般公共预算财政拨款支出决算表")
    assert general.index("合计 68.33 37.37 30.96") < general.index("2210201 住房公积金 14.61 14.61")
