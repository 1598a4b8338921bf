"""Every required section has text: the demo's submitted 教育局 has one of sixteen written."""

import io
import json

import pytest
from django.core.management import call_command

from disclosures.services import version_sections_save
from reviews.models import Finding

EDUCATION = "420114002"


def test_the_submitted_education_bureau_lists_its_fifteen_empty_sections(demo):
    version = demo[EDUCATION]
    empty = Finding.objects.filter(version=version, rule_code="C-SECTION")
    assert empty.count() == 15 and {f.severity for f in empty} == {"error"} and {f.part for f in empty} == {"完整性"}
    assert "overview.functions" not in set(empty.values_list("section", flat=True))
    assert empty.filter(section="explanation.performance", message__contains="十三、预算绩效情况说明").exists()


def test_review_report_lists_them_as_errors_and_exits_1(demo, capsys):
    with pytest.raises(SystemExit) as exited:
        call_command("review_report", "--department", EDUCATION, "--year", "2024", "--json")
    assert exited.value.code == 1
    result = json.loads(capsys.readouterr().out)
    assert result["state"] == "submitted"
    sections = [f for f in result["findings"] if f["rule"] == "C-SECTION"]
    assert len(sections) == 15 and all(f["severity"] == "error" and f["part"] == "完整性" for f in sections)
    assert {"overview.composition", "key_work.summary"} <= {f["section"] for f in sections}
    out = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("review_report", "--department", EDUCATION, "--year", "2024", stdout=out)
    assert "[错误] C-SECTION 第一部分 概况“二、部门决算单位构成”尚未填写。" in out.getvalue()


def test_writing_a_section_clears_its_finding(demo):
    version = demo["420114001"]  # the draft
    version_sections_save(version=version, sections={"overview.composition": "本部门决算由本级1个单位构成。"})
    assert not Finding.objects.filter(version=version, section="overview.composition").exists()
    assert Finding.objects.filter(version=version, rule_code="C-SECTION").count() == 14
