"""The first draft states the demo report's figures as its tables give them, in the official format."""

import re
from decimal import Decimal

from disclosures.demo.loader import seed_tables
from disclosures.narrative.draft import REASON, narrative_draft
from disclosures.narrative.numbers import stated_numbers
from disclosures.tables.values import TableData, wan_to_yuan

from .passages import PRIOR


def draft(**kwargs):
    return narrative_draft(tables=seed_tables(), year=2024, **kwargs)


def test_totals_and_changes_against_last_year_in_the_official_phrasing():
    text = draft(prior=PRIOR)
    assert text["explanation.overall"] == (
        f"2024年度收、支总计583.56万元。与2023年度相比，收、支总计增加82.21万元，增长16.4%，主要原因是{REASON}。"
    )
    assert text["explanation.fiscal_overall"].startswith(
        "2024年度财政拨款收、支总计583.56万元。与2023年度相比，财政拨款收、支总计增加82.72万元，增长16.5%，"
    )


def test_a_decrease_is_written_as_such():
    prior = {"total": wan_to_yuan("600"), "fiscal_total": wan_to_yuan("583.56")}
    text = draft(prior=prior)
    assert "收、支总计减少16.44万元，下降2.7%" in text["explanation.overall"]
    assert text["explanation.fiscal_overall"].endswith("与2023年度持平。")


def test_without_last_year_the_change_is_left_to_the_accountant():
    text = draft()["explanation.overall"]
    assert "增加（减少）（上年数未录入，由填报单位填写）万元" in text and "%，主要原因是" in text


def test_income_and_expenditure_shares_follow_the_format_rule():
    text = draft()
    assert text["explanation.income"].startswith(
        "2024年度收入合计583.56万元。其中：财政拨款收入583.56万元，占本年收入100%；上级补助收入0万元，占本年收入0%；"
    )
    assert "基本支出192.6万元，占本年支出33%；项目支出390.96万元，占本年支出67%；" in text["explanation.expenditure"]
    general = text["explanation.general_budget"]
    for line in ("社会保障和就业(类)支出202.15万元，占34.6%；", "卫生健康(类)支出5.41万元，占0.9%；", "农林水(类)支出360万元，占61.7%；", "住房保障(类)支出16万元，占2.7%。"):
        assert line in general
    assert "其中：基本支出192.6万元，项目支出390.96万元。" in general
    basic = text["explanation.general_basic"]
    assert "基本支出192.6万元" in basic and "人员经费177.78万元" in basic and "公用经费14.82万元" in basic


def test_every_amount_in_the_draft_is_a_table_figure_and_every_number_follows_the_format_rule():
    tables = seed_tables()
    figures = {value for data in tables.values() for value in data.cells.values()}
    figures |= {sum((v for (row, col), v in tables[5].cells.items() if row.startswith(c) and col == "total"), Decimal(0)) for c in ("208", "210", "213", "221")}
    text = draft()
    for key in ("explanation.income", "explanation.expenditure", "explanation.general_budget", "explanation.general_basic", "explanation.three_public"):
        for number in stated_numbers(text[key]):
            assert not number.breaks_format, (key, number.written)
            if number.kind == "amount":
                assert number.value * 10000 in figures | {Decimal(0)}, (key, number.written)


def test_empty_tables_get_the_official_sentence():
    text = draft()
    assert text["explanation.gov_fund"] == "本部门2024年无政府性基金预算财政拨款收入支出。"
    assert text["explanation.state_capital"] == "本部门2024年无国有资本经营预算财政拨款支出。"
    assert "本部门2024年度无“三公”经费财政拨款支出" in text["explanation.three_public"]


def test_a_non_empty_three_public_table_is_drafted_with_its_budget_and_final():
    tables = seed_tables()
    t9 = TableData(number=9)
    for column, wan in (("budget_total", "3"), ("budget_reception", "3"), ("final_total", "2.5"), ("final_reception", "2.5")):
        t9.set("1", column, wan_to_yuan(wan))
    tables[9] = t9
    text = narrative_draft(tables=tables, year=2024)["explanation.three_public"]
    assert "“三公”经费财政拨款支出预算为3万元，支出决算为2.5万元，完成预算的83.3%" in text
    assert "3.公务接待费预算为3万元，支出决算为2.5万元，完成预算的83.3%" in text


def test_reasons_are_left_for_the_accountant():
    text = draft(prior=PRIOR)
    assert all(REASON in text[k] for k in ("explanation.overall", "explanation.fiscal_overall", "explanation.general_budget"))
    assert not re.search(r"\d", text["explanation.procurement"].replace("2024", ""))  # no figure the tables lack
