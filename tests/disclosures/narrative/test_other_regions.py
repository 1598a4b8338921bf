"""The text reader on sentences of real disclosures from Guangdong, Guangxi and Chongqing (the
corpus in tests/fixtures/corpus/), as their pages give them: punctuation in ASCII, the budget
inside the rate's words, several quantities per listed item, nested 其中 lists, rounded amounts."""

import pytest

from disclosures.narrative.check import narrative_check

THREE_PUBLIC = "explanation.three_public"
OVERALL = "explanation.overall"

# 深圳市罗湖区审计局 2024
LUOHU = (
    "深圳市罗湖区审计局2024年度“三公”经费财政拨款支出决算为2.02万元,完成全年预算5.3万元的38.1%,"
    "比上年决算数减少0.33万元,下降14%。"
)
# 深圳市罗湖区清水河街道办事处 2024
QINGSHUIHE = (
    "深圳市罗湖区清水河街道办事处2024年度“三公”经费财政拨款支出决算为34.08万元,完成全年预算50.74万元的67.2%,"
    "比上年决算数减少1.55万元,下降4.4%。其中:因公出国(境)费支出决算为0.94万元,完成全年预算0.94万元的100%,"
    "比上年决算数增加0.94万元,增长--(基数为0,不可比);公务用车购置及运行维护费支出决算为33.13万元,"
    "完成全年预算49.8万元的66.5%,比上年决算数减少2.5万元,下降7%,其中:公务用车购置支出决算为17.98万元,"
    "完成全年预算18万元的99.9%,比上年决算数增加0万元,增长0%,公务用车运行维护费支出决算为15.15万元,"
    "完成全年预算31.8万元的47.6%,比上年决算数减少2.5万元,下降14.2%;公务接待费支出决算为0万元,"
    "完成全年预算0万元的0%,比上年决算数增加0万元,增长0%。"
)
# 广东省财政厅 2023
GUANGDONG = (
    "广东省财政厅2023年度“三公”经费财政拨款支出决算为62.07万元,完成全年预算84.82万元的73.2%,"
    "比上年决算数增加38.97万元,增长168.7%;比2019年(疫情前)决算数减少24.87万元,降低28.6%。"
    "其中:因公出国(境)费支出决算为12.02万元,完成预算12.02万元的100%,比上年决算数增加12.02万元,"
    "增长--(基数为0,不可比);公务用车购置及运行维护费支出决算为27.46万元,完成预算29.6万元的92.8%,"
    "比上年决算数增加6.32万元,增长29.9%;其中:公务用车购置支出决算为0万元,完成预算0万元的--%(基数为0,不可比),"
    "比上年决算数增加0万元,增长--(基数为0,不可比);公务用车运行维护费支出决算为27.46万元,完成预算29.6万元的92.8%,"
    "比上年决算数增加6.32万元,增长29.9%;公务接待费支出决算为22.59万元,完成预算43.2万元的52.3%,"
    "比上年决算数增加20.63万元,增长1,055.4%。"
)


def check(body, key=THREE_PUBLIC, year=2024):
    return narrative_check(sections={key: body}, tables={}, year=year)


def found(findings):
    return [(f.rule, f.severity, f.cells[0]["text"]) for f in findings if f.rule != "N06"]


# -- rates stated with the budget inside their words ---------------------------------------------
def test_a_growth_rate_rests_on_the_final_amount_not_on_the_budget_stated_after_it():
    assert found(check(LUOHU)) == []
    wrong = check(LUOHU.replace("下降14%", "下降15%"))
    assert found(wrong) == [("N04", "error", "15%")]
    assert "按本年2.02万元、减少0.33万元计算应为下降14%" in wrong[0].message


def test_a_completion_rate_written_with_its_budget_is_checked_against_that_budget():
    wrong = check(LUOHU.replace("的38.1%", "的40.1%"))
    assert found(wrong) == [("N05", "error", "40.1%")]
    assert "按决算2.02万元、预算5.3万元计算应为38.1%" in wrong[0].message


def test_a_completion_rate_of_a_zero_budget_and_a_zero_amount_is_no_finding():
    body = "因公出国(境)费支出决算为0万元,完成全年预算0万元的0%,比上年决算数增加0万元,增长0%。"
    assert found(check(body)) == []


# -- rates from rounded amounts ------------------------------------------------------------------
def test_a_growth_rate_the_rounded_amounts_allow_is_right():
    # 20.63 / (22.59 − 20.63) = 1052.6%, but last year's 1.96 may be 1.955: 1055.3%
    body = "公务接待费支出决算为22.59万元,完成预算43.2万元的52.3%,比上年决算数增加20.63万元,增长1,055.4%。"
    assert found(check(body, year=2023)) == []
    wrong = check(body.replace("1,055.4%", "1,155.4%"), year=2023)
    assert found(wrong) == [("N04", "error", "1,155.4%")]


def test_a_rate_with_a_thousands_separator_has_its_percent_sign():
    body = "公务接待费支出决算为22.59万元,比上年决算数增加20.63万元,增长1,055.4%。"
    assert "N14" not in {f.rule for f in check(body, year=2023)}


# -- parts listed after 其中 ---------------------------------------------------------------------
def test_each_quantity_of_a_list_is_summed_against_its_own_total():
    findings = check(QINGSHUIHE)
    # 决算 34.08 against 0.94 + 33.13 + 0 = 34.07, 减少 1.55 against +0.94 − 2.5 + 0; the budgets agree
    assert found(findings) == [("N13", "warning", "34.08万元"), ("N13", "warning", "1.55万元")]
    assert "0.94＋33.13＋0合计34.07万元" in findings[0].message


def test_a_sub_list_separated_like_the_outer_list_ends_where_its_figures_agree():
    # 公务用车's own 其中 lists 购置 and 运行维护费 with ；, like the outer items: 公务接待费 is not in it
    assert found(check(GUANGDONG, year=2023)) == []


def test_a_list_that_no_reading_makes_agree_is_an_error():
    wrong = GUANGDONG.replace("公务接待费支出决算为22.59万元", "公务接待费支出决算为32.59万元")
    (finding,) = [f for f in check(wrong, year=2023) if f.rule == "N13"]
    assert finding.severity == "error" and finding.cells[0]["text"] == "62.07万元"
    assert "12.02＋27.46＋32.59合计72.07万元" in finding.message


def test_a_change_against_another_year_is_not_the_total_of_the_changes_against_last_year():
    body = (
        "“三公”经费支出决算为62.07万元,比上年决算数增加38.97万元;比2019年决算数减少24.87万元。其中:"
        "因公出国(境)费12.02万元,比上年决算数增加12.02万元;公务用车购置及运行维护费27.46万元,比上年决算数增加6.32万元;"
        "公务接待费22.59万元,比上年决算数增加20.63万元。"
    )
    assert found(check(body, year=2023)) == []


@pytest.mark.parametrize("year", [2023, 2024])
def test_last_year_named_by_its_number_is_last_year(year):
    body = (
        f"支出合计100万元,较{year - 1}年度决算数增加10万元。其中:基本支出60万元,比上年增加4万元;"
        f"项目支出40万元,比上年增加6万元。"
    )
    assert found(check(body, key=OVERALL, year=year)) == []


# -- units and wording ---------------------------------------------------------------------------
def test_an_amount_in_wan_without_yuan_is_missing_its_unit():
    body = "5.经营收入 0.00 万,为事业单位在业务活动之外开展非独立核算经营活动取得的收入。"
    findings = check(body, key=OVERALL, year=2023)
    assert found(findings) == [("N14", "error", "0.00")]
    assert "“0.00万”缺少“元”" in findings[0].message


def test_headcounts_in_wan_are_not_amounts():
    body = "服务对象 3.5 万人次,覆盖 1.2 万户。"
    assert found(check(body, key=OVERALL)) == []


def test_a_change_given_without_increase_or_decrease_is_a_wording_slip():
    body = "(二)本单位2024年度总支出570.25万元,其中本年支出568.5万元, 较2023年度决算数38.31万元,下降6.31%。"
    findings = [f for f in check(body, key=OVERALL) if f.rule != "N06"]
    # not a part of 总支出 either: the 38.31 is a change, its word left out
    assert found(findings) == [("N10", "warning", "较2023年度决算数38.31万元")]
    assert "未写明是增加还是减少" in findings[0].message
    assert found(check(body.replace("决算数38.31", "决算数减少38.31"), key=OVERALL)) == []
