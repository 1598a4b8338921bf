"""The text reader on real prose from another region: sentences of a published Shanghai
disclosure (中共上海市普陀区委社会工作部 2024年度部门决算, `pdftotext -layout`), of the official
Shanghai template, and the figures issue 18 quotes from two other transcriptions."""

from decimal import Decimal
from pathlib import Path

import pytest

from disclosures.narrative.check import narrative_check
from disclosures.narrative.text_file import split_sections
from disclosures.regions.profiles import region_profile
from disclosures.tables.values import TableData, wan_to_yuan

CORPUS = Path(__file__).parents[2] / "fixtures" / "corpus"
TEMPLATE = CORPUS / "shanghai-template-2024" / "document.txt"
PUTUO = CORPUS / "shanghai-putuo-social-work-2024" / "document.txt"


@pytest.fixture(scope="module")
def shanghai():
    return region_profile(name_or_code="上海市")


def tables(**figures):
    """TableData from {"t05": {("total", "project"): "202.24"}}: amounts in 万元."""
    result = {}
    for name, cells in figures.items():
        data = TableData(number=int(name[1:]))
        for (row, column), wan in cells.items():
            if len(row) == 7 and row.isdigit() and row not in dict(data.code_rows):
                data.code_rows.append((row, ""))
            data.set(row, column, wan_to_yuan(wan))
        result[data.number] = data
    return result


def check(sections, *, profile=None, prior=None, **figures):
    return narrative_check(sections=sections, tables=tables(**figures), prior=prior, year=2024, profile=profile)


def rules(findings):
    return [(f.rule, f.severity) for f in findings]


PUTUO_05 = {("total", "total"): "307.82", ("total", "basic"): "105.58", ("total", "project"): "202.24"}


# -- a figure's subject is what its own clause names -------------------------------------------
def test_an_item_of_a_main_use_list_is_not_the_subject_of_the_figures_after_it(shanghai):
    # Putuo, 五(三) item 3: "项目支出" ends the 主要用于 list; the budget and final are the 项's
    body = (
        "3、一般公共服务支出（类）社会工作事务（款）其他社会工作事务支出（项）。主要用于：新建部门开办费、基层政权和社区建"
        "设项目支出。全年预算为 202.24 万元，支出决算为 202.24 万元。决算数与全年预算数持平。"
    )
    # issue 18's figures in the template's sentence: 05's 项目支出 is far from the 项's 2739.56
    issue = (
        "1、教育支出（类）普通教育（款）初中教育（项）。主要用于：学校运转及XX项目支出。年初预算为3110.14万元，"
        "支出决算为2739.56万元，完成年初预算的88.08%。"
    )
    figures = {("total", "total"): "5000.00", ("total", "basic"): "3055.70", ("total", "project"): "1944.30"}
    findings = check({"explanation.general_budget": body + "\n" + issue}, profile=shanghai, t05=figures)
    assert findings == []


def test_a_class_named_in_its_own_clause_of_a_main_use_list_is_still_its_subject(shanghai):
    body = "一般公共预算财政拨款支出 307.82 万元，主要用于以下方面：一般公共服务支出（类）246.87 万元，占 86.05%。"
    t05 = {("total", "total"): "307.82", ("2013901", "total"): "264.87", ("2080505", "total"): "42.95"}
    findings = check({"explanation.general_budget": body}, profile=shanghai, t05=t05)
    assert rules(findings) == [("N01", "error")]
    assert "为264.87万元" in findings[0].message


# -- growth from a zero base ------------------------------------------------------------------
OVERALL = "中共上海市普陀区委社会工作部 2024 年度收入支出总计 307.82万元。与 2023 年度相比，收入支出总计增加 307.82 万元，增长100.00%。主要原因：单位于 2024 年成立。"
T01 = {("31", "amount"): "307.82", ("27", "amount"): "307.82", ("58", "amount"): "307.82"}


def test_growth_from_a_zero_base_is_an_error_with_or_without_last_years_total(shanghai):
    for prior in (None, {"total": Decimal(0)}):
        findings = check({"explanation.overall": OVERALL}, profile=shanghai, prior=prior, t01=T01)
        assert rules(findings) == [("N11", "error")]
        assert "上年为0" in findings[0].message and findings[0].cells[0]["text"] == "100.00%"


def test_growth_from_a_zero_base_of_a_figure_the_tables_lack(shanghai):
    body = "机关运行经费支出 10.23 万元，比 2023 年度增加 10.23 万元，增长 100.00%。主要原因是单位于 2024 年成立。"
    assert rules(check({"explanation.office_running": body}, profile=shanghai)) == [("N11", "error")]


# -- 年初预算 0, 全年预算 ----------------------------------------------------------------------
BUDGET = (
    "一般公共预算财政拨款支出年初预算为 0 万元，全年预算为321.02 万元，支出决算为 307.82 万元，完成年初预算的 95.89%。"
)


def test_a_rate_against_a_zero_opening_budget_is_an_error_naming_the_full_year_budget(shanghai):
    findings = check({"explanation.general_budget": BUDGET}, profile=shanghai, t05=PUTUO_05)
    assert rules(findings) == [("N12", "error")]
    assert "年初预算为0" in findings[0].message and "按全年预算321.02万元计算为95.89%" in findings[0].message


def test_a_rate_against_the_full_year_budget_is_checked_against_that_budget(shanghai):
    right = "全年预算为 52.00 万元，支出决算为 51.32 万元，完成全年预算数的 98.69%。"
    assert check({"explanation.general_budget": right}, profile=shanghai) == []
    wrong = right.replace("98.69", "96.69")
    assert rules(check({"explanation.general_budget": wrong}, profile=shanghai)) == [("N05", "error")]


# -- phrase variants ---------------------------------------------------------------------------
def test_total_phrase_variants_are_the_same_figure(shanghai):
    t04 = {("32", "amount"): "2961.68"}
    for phrase in ("财政拨款收入支出总计", "财政拨款收支总计", "财政拨款收、支总计"):
        body = f"上海市XX局2024年度{phrase}0.3万元。与2023年度相比，{phrase}持平。"
        findings = check({"explanation.fiscal_overall": body}, profile=shanghai, t04=t04)
        assert rules(findings) == [("N01", "error")], phrase
        assert "2961.68" in findings[0].message


# -- parts listed must add up ------------------------------------------------------------------
PROCUREMENT = "上海市 XX 局 2024 年度政府采购金额（以合同签订为准）为 {} 万元，其中：货物采购金额 {} 万元、工程采购金额 {} 万元、服务采购金额 {} 万元。"


def test_parts_that_do_not_add_up_to_the_total_are_found_rounding_as_a_warning(shanghai):
    body = PROCUREMENT.format("2319.21", "122.43", "1387.72", "809.07")
    findings = check({"explanation.procurement": body}, profile=shanghai)
    assert rules(findings) == [("N13", "warning")] and findings[0].rounding
    assert "2319.22" in findings[0].message and len(findings[0].cells) == 4
    body = PROCUREMENT.format("2319.21", "122.43", "1387.72", "709.07")
    assert rules(check({"explanation.procurement": body}, profile=shanghai)) == [("N13", "error")]
    putuo = PROCUREMENT.format("21.07", "21.07", "0", "0")
    assert check({"explanation.procurement": putuo}, profile=shanghai) == []


def test_a_part_listed_alone_may_be_less_than_the_total(shanghai):
    body = "本年收入合计 307.82 万元，其中：财政拨款收入 300.00 万元。"
    assert "N13" not in {f.rule for f in check({"explanation.income": body}, profile=shanghai)}


# -- a number without its unit -----------------------------------------------------------------
def test_a_rate_without_its_percent_sign_is_reported(shanghai):
    body = "机关运行经费支出 81.40 万元，比 2023 年度增加 9.96 万元，增长 13.95。主要原因是人员增加。"
    findings = check({"explanation.office_running": body}, profile=shanghai)
    assert rules(findings) == [("N14", "error")]
    assert findings[0].cells[0]["text"] == "13.95" and "缺少“%”" in findings[0].message


def test_scores_counts_and_years_are_not_missing_units(shanghai):
    body = PUTUO.read_text(encoding="utf-8")
    sections = split_sections(body, year=2024, profile=shanghai)
    assert "平均得分" in sections["explanation.performance"]
    assert "N14" not in {f.rule for f in check(sections, profile=shanghai)}


# -- the number format follows the profile -----------------------------------------------------
INCOME = "本年收入合计 307.82 万元，其中：财政拨款收入 307.82 万元，占 100.00%。"
ITEM = "全年预算为 52.00 万元，支出决算为 51.32 万元，完成全年预算数的 98.69%。"


def test_two_decimal_percentages_and_amounts_as_printed_are_shanghais_format(shanghai):
    sections = {"explanation.income": INCOME, "explanation.general_budget": ITEM}
    t02 = {("total", "total"): "307.82", ("total", "fiscal"): "307.82"}
    assert check(sections, profile=shanghai, t02=t02) == []
    hubei = check(sections, t02=t02)  # the default profile: one decimal, trailing zeros dropped
    assert [f.rule for f in hubei] == ["N06", "N06"]
    assert "“100.00%”应为“100%”" in hubei[0].message and "“52.00万元”应为“52万元”" in hubei[1].message
    assert "百分比保留一位小数" in hubei[0].message


def test_a_slip_of_the_format_itself_is_still_found_with_shanghais_rule(shanghai):
    findings = check({"explanation.income": INCOME.replace("100.00%", "100.0%")}, profile=shanghai,
                     t02={("total", "total"): "307.82", ("total", "fiscal"): "307.82"})
    assert rules(findings) == [("N06", "warning")]
    assert "“100.0%”应为“100.00%”" in findings[0].message and "百分比保留两位小数" in findings[0].message


# -- sections ----------------------------------------------------------------------------------
def test_shanghais_eleven_sections_are_read_from_its_template_text(shanghai):
    sections = split_sections(TEMPLATE.read_text(encoding="utf-8"), year=2024, profile=shanghai)
    assert list(sections) == [s["key"] for s in shanghai.section("narrative")["sections"]]
    assert sections["explanation.three_public"].startswith("（一）")  # 七 is 三公 there, not 政府性基金
    assert sections["explanation.gov_fund"].startswith("政府性基金预算财政拨款收入 XXX 万元")
    assert "机关运行经费支出 XXX 万元" in sections["explanation.office_running"]
    assert "截至 2024 年 12 月 31 日" in sections["explanation.assets"]
    assert "机关运行经费" not in sections["explanation.general_basic"]


def test_without_the_profile_the_sections_after_six_are_lost_in_it():
    sections = split_sections(TEMPLATE.read_text(encoding="utf-8"), year=2024)
    assert "explanation.three_public" not in sections
    assert "财政拨款“三公”经费支出决算情况说明" in sections["explanation.general_basic"]


def test_a_pdfs_layout_text_is_reflowed_into_paragraphs(shanghai):
    sections = split_sections(PUTUO.read_text(encoding="utf-8"), year=2024, profile=shanghai)
    assert sections["explanation.overall"] == OVERALL
    assert "\n" not in sections["explanation.general_basic"]


def test_a_total_already_wrong_against_its_table_is_not_reported_again_as_its_parts_sum(shanghai):
    body = "本年支出合计 399.82 万元，其中：基本支出 105.58 万元，占26.41%；项目支出 202.24 万元，占 50.58%。"
    t03 = {("total", "total"): "307.82", ("total", "basic"): "105.58", ("total", "project"): "202.24"}
    findings = check({"explanation.expenditure": body}, profile=shanghai, t03=t03)
    assert "N13" not in {f.rule for f in findings} and ("N01", "error") in rules(findings)
