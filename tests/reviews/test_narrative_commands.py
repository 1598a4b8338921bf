"""review_workbook --narrative and draft_narrative, run through call_command on real files:
seed 001's workbook and its 第三部分 as published (tests/fixtures/narrative/)."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from disclosures.demo.loader import seed_tables
from disclosures.excel.writer import workbook_write
from disclosures.narrative.numbers import stated_numbers
from disclosures.tables.values import wan_to_yuan
from tests.disclosures.narrative.passages import CORRECTED, PUBLISHED

SAMPLE = "tests/fixtures/workbooks/caidian-2024.xlsx"


def review(*args):
    out = io.StringIO()
    try:
        call_command("review_workbook", SAMPLE, *map(str, args), stdout=out)
        status = 0
    except SystemExit as exc:
        status = exc.code
    return status, out.getvalue()


@pytest.mark.django_db
def test_the_published_text_adds_its_findings_to_the_workbooks_and_fails():
    status, out = review("--narrative", PUBLISHED, "--json")
    assert status == 1  # 同一指标前后两个完成率、年度错误：错误
    result = json.loads(out)
    assert len(result["sections"]) == 13
    table_rules = [f["rule"] for f in result["findings"] if "places" not in f]
    text = [f for f in result["findings"] if "places" in f]
    assert sorted(table_rules) == ["R01-058", "R06-CLS", "R06-CLS", "X01-03-CLS", "X01-04-CLS"]
    assert {f["rule"] for f in text} == {"N02", "N06", "N07", "N09", "N10"}
    share = next(f for f in text if f["rule"] == "N02")
    assert share["severity"] == "warning" and "应为0.9%" in share["message"]
    (place,) = share["places"]
    assert place["section"] == "explanation.general_budget" and place["text"] == "0.92 %"
    assert share["cells"] == ["情况说明·五、一般公共预算财政拨款支出决算情况说明·第8句"]


@pytest.mark.django_db
def test_a_corrected_text_adds_nothing_and_the_plain_report_names_the_places():
    status, out = review("--narrative", CORRECTED, "--prior-total", "501.35", "--prior-fiscal-total", "500.84")
    assert status == 0 and "0个错误，5个提示" in out and "情况说明" not in out
    status, out = review("--narrative", PUBLISHED)
    assert status == 1
    assert "[错误] N09 情况说明·九、财政拨款“三公”经费支出决算情况说明·第16句：写“截止2023年12月31日”" in out


@pytest.mark.django_db
def test_a_wrong_change_is_found_once_last_years_total_is_given(tmp_path):
    text = tmp_path / "text.txt"
    text.write_text(CORRECTED.read_text(encoding="utf-8").replace("增加 82.21 万元", "增加 80 万元"), encoding="utf-8")
    status, out = review("--narrative", text, "--prior-total", "501.35", "--json")
    assert status == 1
    (change,) = [f for f in json.loads(out)["findings"] if f["rule"] == "N03"]
    assert "应为增加82.21万元" in change["message"]


@pytest.mark.django_db
def test_the_narrative_option_takes_one_workbook():
    with pytest.raises(CommandError, match="一个工作簿"):
        call_command("review_workbook", SAMPLE, SAMPLE, "--narrative", str(PUBLISHED), stdout=io.StringIO())


def test_draft_narrative_prints_every_section_with_the_workbooks_figures():
    out = io.StringIO()
    call_command("draft_narrative", SAMPLE, "--prior-total", "501.35", "--prior-fiscal-total", "500.84", stdout=out)
    text = out.getvalue()
    assert text.startswith("一、收入支出决算总体情况说明\n\n2024年度收、支总计583.56万元。与2023年度相比，收、支总计增加82.21万元，增长16.4%")
    assert "十三、预算绩效情况说明" in text
    assert "社会保障和就业(类)支出202.15万元，占34.6%；" in text
    assert all(not n.breaks_format for n in stated_numbers(text))


def test_draft_narrative_takes_last_years_workbook(tmp_path):
    last_year = seed_tables()
    for number, row in ((1, "31"), (1, "62"), (4, "32")):
        column = "amount" if number == 1 or row == "32" else "subtotal"
        last_year[number].set(row, column, wan_to_yuan("600"))
    prior = tmp_path / "caidian-2023.xlsx"
    prior.write_bytes(workbook_write(tables=last_year, department_name="测试单位", year=2023, unit="元"))
    out = io.StringIO()
    call_command("draft_narrative", SAMPLE, "--prior", str(prior), stdout=out)
    assert "收、支总计减少16.44万元，下降2.7%" in out.getvalue()
    assert "财政拨款收、支总计减少16.44万元，下降2.7%" in out.getvalue()


# -- --region: the text side follows the region profile ----------------------------------------
SHANGHAI_TEXT = """四、财政拨款收入支出决算总体情况说明
上海市XX局2024年度财政拨款收入支出总计0.3万元。与2023年度相比，财政拨款收入支出总计持平。
二、收入决算情况说明
本年收入合计 583.56 万元，其中：财政拨款收入 583.56 万元，占 100.00%。
七、财政拨款“三公”经费支出决算情况说明
“三公”经费财政拨款支出决算为 16.00 万元。
"""


@pytest.mark.django_db
def test_review_workbook_reads_the_text_by_the_region_given(tmp_path):
    text = tmp_path / "shanghai.txt"
    text.write_text(SHANGHAI_TEXT, encoding="utf-8")
    status, out = review("--narrative", text, "--json", "--region", "上海市")
    result = json.loads(out)
    assert "explanation.three_public" in result["sections"]  # 七 is 三公 in Shanghai's list
    text_findings = [(f["rule"], f["severity"]) for f in result["findings"] if "places" in f]
    assert ("N01", "error") in text_findings and "N06" not in {r for r, _ in text_findings}
    status, out = review("--narrative", text, "--json")  # the default profile: 七 is 政府性基金
    result = json.loads(out)
    assert "explanation.three_public" not in result["sections"]
    assert "N06" in {f["rule"] for f in result["findings"] if "places" in f}


@pytest.mark.django_db
def test_an_unknown_region_is_refused_with_the_profiles_named(tmp_path):
    text = tmp_path / "t.txt"
    text.write_text(SHANGHAI_TEXT, encoding="utf-8")
    with pytest.raises(CommandError, match="未找到地区配置“火星”；可用：.*上海市"):
        review("--narrative", text, "--region", "火星")


@pytest.mark.django_db
def test_draft_narrative_writes_by_the_region_profile():
    out = io.StringIO()
    call_command("draft_narrative", SAMPLE, "--region", "上海市", stdout=out)
    text = out.getvalue()
    assert "七、财政拨款“三公”经费支出决算情况说明" in text
    assert "占100.00%" in text or "100.00%" in text
    out = io.StringIO()
    call_command("draft_narrative", SAMPLE, stdout=out)
    assert "七、政府性基金预算财政拨款收入支出决算情况说明" in out.getvalue()
