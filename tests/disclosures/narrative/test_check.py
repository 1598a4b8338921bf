"""The text checks on seed 001's 第三部分: the slips of the published text are found, with the
value each figure should have; a corrected text and the generated draft pass quietly."""

import pytest

from disclosures.demo.loader import seed_tables
from disclosures.narrative.check import narrative_check
from disclosures.narrative.draft import narrative_draft
from disclosures.narrative.findings import text_locations

from .passages import PRIOR, corrected_sections, published_sections


def check(sections, prior=PRIOR, **kwargs):
    return narrative_check(sections=sections, tables=seed_tables(), prior=prior, year=2024, **kwargs)


def by_rule(findings, rule):
    return [f for f in findings if f.rule == rule]


def with_slip(key, old, new):
    """The corrected text with one real passage changed back into a slip."""
    sections = corrected_sections()
    assert old in sections[key], old
    sections[key] = sections[key].replace(old, new, 1)
    return sections


@pytest.fixture(scope="module")
def published():
    return check(published_sections())


def test_a_share_rounded_down_instead_of_half_up_is_a_rounding_warning(published):
    (share,) = by_rule(published, "N02")
    assert share.severity == "warning" and share.rounding
    assert "写占比为0.92%" in share.message and "5.41万元" in share.message and "应为0.9%" in share.message
    assert share.cells[0]["section"] == "explanation.general_budget" and share.cells[0]["text"] == "0.92 %"


def test_the_same_reason_stated_with_two_amounts_is_found_in_both_sections(published):
    amounts = [f for f in by_rule(published, "N07") if "事业运行收支减少" in f.message]
    assert len(amounts) == 1
    (finding,) = amounts
    assert finding.severity == "warning" and finding.rounding  # 0.01 万元 apart
    assert "5.27万元" in finding.message and "5.26万元" in finding.message
    assert [s for s, _, _ in text_locations(finding)] == [
        "explanation.fiscal_overall", "explanation.general_budget", "explanation.overall",
    ]  # fmt: skip


def test_one_indicator_given_two_rates_in_the_same_section_is_an_error(published):
    (finding,) = [f for f in by_rule(published, "N07") if "基金征缴工作完成率" in f.message]
    assert finding.severity == "error" and "106%" in finding.message and "96.33%" in finding.message


def test_numbers_written_against_the_format_rule_are_listed_per_section_with_the_right_writing(published):
    formats = {f.cells[0]["section"]: f for f in by_rule(published, "N06")}
    assert all(f.severity == "warning" for f in formats.values())
    assert "“16.52%”应为“16.5%”" in formats["explanation.fiscal_overall"].message
    general = formats["explanation.general_budget"].message
    for slip in ("“34.64%”应为“34.6%”", "“103%”应为“102.9%”", "“108%”应为“107.6%”", "“192.60万元”应为“192.6万元”"):
        assert slip in general
    assert "0.92" not in general  # a wrong value is reported as such, not as a format slip
    assert "“0.00万元”应为“0万元”" in formats["explanation.income"].message
    assert "“99.95%”应为“100%”" in formats["explanation.performance"].message
    assert len(formats["explanation.income"].cells) == 9  # every place, for the editor to mark


def test_a_year_end_date_of_the_wrong_year_and_template_wording_slips(published):
    (year,) = by_rule(published, "N09")
    assert year.severity == "error" and "截止2023年12月31日" in year.message and "应为2024年12月31日" in year.message
    wording = sorted(f.message.split("：", 1)[1] for f in by_rule(published, "N10"))
    assert wording == ["“初预算”应为“年初预算”", "标点重复：“；。”"]


def test_every_place_points_at_what_it_quotes(published):
    sections = published_sections()
    for finding in published:
        for cell in finding.cells:
            assert sections[cell["section"]][cell["start"]:cell["end"]] == cell["text"]
            assert cell["label"].startswith("情况说明·") and "·第" in cell["label"]


def test_the_published_text_states_its_totals_shares_changes_and_amounts_right():
    findings = check(published_sections())
    assert not by_rule(findings, "N01") and not by_rule(findings, "N03") and not by_rule(findings, "N04")
    assert not by_rule(findings, "N05")  # its completion rates are right to the integer they are written to


def test_a_corrected_text_passes_quietly():
    assert check(corrected_sections()) == []
    assert check(corrected_sections(), prior=None) == []  # changes then checked against each other


def test_the_draft_passes_quietly():
    tables = seed_tables()
    drafts = narrative_draft(tables=tables, prior=PRIOR, year=2024)
    assert narrative_check(sections=drafts, tables=tables, prior=PRIOR, year=2024) == []
    assert narrative_check(sections=narrative_draft(tables=tables, year=2024), tables=tables, year=2024) == []


@pytest.mark.parametrize(
    ("key", "old", "new", "rule", "severity", "expected"),
    [
        # an amount that is not the table's: 公开05表 卫生健康 5.41
        ("explanation.general_budget", "卫生健康(类)支出 5.41 万元", "卫生健康(类)支出 5.14 万元", "N01", "error", "5.41万元"),
        # off by a cent (the 公开01表 figure instead of 公开05表's): a 尾差 warning
        ("explanation.general_budget", "社会保障和就业(类)支出 202.15", "社会保障和就业(类)支出 202.14", "N01", "warning", "202.15万元"),
        ("explanation.general_basic", "人员经费 177.78", "人员经费 176.78", "N01", "error", "177.78万元"),
        # a share that does not add up with the others
        ("explanation.expenditure", "占本年支出 33%", "占本年支出 35%", "N02", "error", "应为33%"),
        # the change against last year, against the wrong base, in the wrong direction
        ("explanation.overall", "增加 82.21 万元", "增加 82.72 万元", "N03", "error", "增加82.21万元"),
        ("explanation.overall", "增长 16.4%", "增长 14.1%", "N04", "error", "应为增长16.4%"),  # 82.21 / 583.56
        ("explanation.fiscal_overall", "增长 16.5%", "下降 16.5%", "N04", "error", "应为增长16.5%"),
        # a budget completion rate computed the wrong way round
        ("explanation.general_budget", "完成年初预算的 102.9%", "完成年初预算的 97.2%", "N05", "error", "应为102.9%"),
        ("explanation.three_public", "支出决算为0万元", "支出决算为1.5万元", "N01", "error", "0万元"),
    ],
)
def test_each_kind_of_slip_in_a_real_passage_is_found_with_the_right_value(key, old, new, rule, severity, expected):
    findings = check(with_slip(key, old, new))
    assert [(f.rule, f.severity) for f in findings] == [(rule, severity)], [f.message for f in findings]
    assert expected in findings[0].message
    (place,) = text_locations(findings[0])
    assert place[0] == key


def test_a_growth_rate_is_checked_against_its_own_change_when_last_year_is_unknown():
    findings = check(with_slip("explanation.overall", "增长 16.4%", "增长 14.1%"), prior=None)
    assert [f.rule for f in findings] == ["N04"] and "应为增长16.4%" in findings[0].message


def test_an_amount_slip_carries_the_amounts_in_yuan():
    (finding,) = check(with_slip("explanation.general_basic", "人员经费 177.78", "人员经费 176.78"))
    assert (finding.expected, finding.actual, finding.difference) == (1777800, 1767800, -10000)
    assert finding.tables == (6,)


def test_figures_the_tables_lack_are_checked_against_each_other():
    sections = corrected_sections()
    sections["explanation.office_running"] = (
        "2024年度本部门机关运行经费支出12.5万元，比上年增加2.5万元，增长20%，主要原因是会议费增加。"
    )  # 2.5 / (12.5 − 2.5) = 25%
    sections["explanation.procurement"] = (
        "2024年度武汉市蔡甸区城乡居民养老保险办公室政府采购支出总额50万元，其中：政府采购货物支出20万元、"
        "政府采购工程支出0万元、政府采购服务支出30万元。授予中小企业合同金额40万元，占政府采购支出总额的60%。"
    )  # 40 / 50 = 80%
    findings = check(sections)
    assert sorted((f.rule, f.cells[0]["section"]) for f in findings) == [
        ("N02", "explanation.procurement"), ("N04", "explanation.office_running"),
    ]  # fmt: skip
    messages = " ".join(f.message for f in findings)
    assert "应为增长25%" in messages and "应为80%" in messages
    sections["explanation.office_running"] = sections["explanation.office_running"].replace("增长20%", "增长25%")
    sections["explanation.procurement"] = sections["explanation.procurement"].replace("的60%", "的80%")
    assert check(sections) == []


def test_a_growth_of_a_figure_the_tables_lack_is_checked_when_last_year_is_its_tables_too():
    """Last year's report published here gives its nine tables as `prior` (version_prior): a
    growth rate of 机关运行经费, which no table holds, is still worked back from the text."""
    sections = corrected_sections()
    sections["explanation.office_running"] = "2024年度本部门机关运行经费支出12.5万元，比上年增加2.5万元，增长20%。"
    (finding,) = [f for f in check(sections, prior=seed_tables()) if f.cells[0]["section"] == "explanation.office_running"]
    assert finding.rule == "N04" and "应为增长25%" in finding.message
