"""review_report --json returns every finding with its part, and exits 1 on an open error."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError


def test_the_demo_report_includes_the_360_against_319_05_contradiction_and_exits_1(caidian, capsys):
    with pytest.raises(SystemExit) as exited:
        call_command("review_report", "--department", "420114001001", "--year", "2024", "--json")
    assert exited.value.code == 1
    result = json.loads(capsys.readouterr().out)
    parts = {f["part"] for f in result["findings"]}
    assert {"表格", "情况说明", "附件", "完整性"} <= parts
    (executed,) = [f for f in result["findings"] if f["rule"] == "N08" and "360万元" in f["message"]]
    assert executed["severity"] == "error" and "319.05万元" in executed["message"]
    assert executed["places"][0]["section"] == "explanation.performance" and executed["places"][0]["text"].startswith("360")
    (names,) = [f for f in result["findings"] if f["part"] == "附件"]
    assert names["rule"] == "perf.project_names" and names["evaluation"]["kind"] == "project"
    for finding in result["findings"]:
        assert set(finding) >= {"rule", "severity", "part", "tables", "cells", "message"}


def test_an_unknown_report_prints_one_json_error_object_and_exits_2(db, capsys):
    with pytest.raises(SystemExit) as exited:
        call_command("review_report", "--department", "不存在的部门", "--year", "2024", "--json")
    assert exited.value.code == 2
    assert json.loads(capsys.readouterr().out)["error"] == "没有代码或名称为“不存在的部门”的部门"


def _review(capsys, *extra):
    with pytest.raises(SystemExit):
        call_command("review_report", "--department", "420114001001", "--year", "2024", "--json", *extra)
    return json.loads(capsys.readouterr().out)


def test_region_picks_the_profile_whose_number_format_the_text_is_judged_by(caidian, capsys):
    own = _review(capsys)
    shanghai = _review(capsys, "--region", "上海市")
    assert (own["region"], shanghai["region"]) == ("湖北省", "上海市")
    # Hubei's checklist wants percentages with one decimal; Shanghai's template prescribes two.
    hubei_format = " ".join(f["message"] for f in own["findings"] if f["rule"] == "N06")
    shanghai_format = " ".join(f["message"] for f in shanghai["findings"] if f["rule"] == "N06")
    assert "“16.52%”应为“16.5%”" in hubei_format
    assert "16.52%" not in shanghai_format and "“192.60万元”应为" not in shanghai_format


def test_an_unknown_region_is_refused_before_anything_is_checked(caidian, capsys):
    with pytest.raises(CommandError, match="--region"):
        call_command("review_report", "--department", "420114001001", "--year", "2024", "--region", "火星")
