"""Every check on the corpus of real published disclosures (tests/fixtures/corpus/): the text checks
and, where a document gives its nine tables as printed, the table rules, the format rules and the
code list (K01). Each document gets exactly the findings written down beside it, but for misses and
false alarms listed there as known, with their reason; `corpus_precision` prints the figures."""

import io
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command

from disclosures.narrative.corpus import CORPUS_DIR, Key, documents, read_document
from reviews.corpus import check_document, family

PUTUO = CORPUS_DIR / "shanghai-putuo-social-work-2024"
QINGSHUIHE = CORPUS_DIR / "guangdong-luohu-qingshuihe-2024"


@pytest.fixture
def code_lists(db):
    call_command("load_reference_codes", stdout=io.StringIO())


def precision(directory=None, *options):
    out = io.StringIO()
    call_command("corpus_precision", *([str(directory)] if directory else []), *options, stdout=out)
    return out.getvalue()


def family_line(text, name):
    return next(line for line in text.splitlines() if line.startswith(name + "\t")).split("\t")


@pytest.mark.parametrize("path", documents(), ids=lambda p: p.name)
def test_every_check_finds_exactly_what_each_document_deserves(code_lists, path):
    result = check_document(path)
    assert (result.unexplained_false, result.unexplained_missed, result.stale_known) == ([], [], [])


def test_table_findings_are_named_by_rule_and_the_cell_they_check(code_lists):
    found = set(check_document(PUTUO).found)
    assert Key("R06-CLS", "06/302/amount", "", "warning") in found  # 302 printed 10.23, its 款 10.22
    assert Key("X05-06-BAS", "05/total/basic", "", "warning") in found
    assert not [key for key in found if key.rule == "K01"]  # 20139 社会工作事务 is in the 2024 list


def test_tables_given_only_in_part_are_not_judged(code_lists):
    document = read_document(CORPUS_DIR / "shanghai-issue18-excerpts")
    assert document.tables and not document.judge_tables
    assert {key.rule for key in check_document(document.path).found} == {"N01"}


def test_rule_families_cover_the_text_and_the_tables():
    assert [family(r) for r in ("N13", "R06-CLS", "X05-06-BAS", "F-TABLES", "K01")] == [
        "分项合计", "表内勾稽", "表间勾稽", "表格格式", "科目编码",
    ]  # fmt: skip


def test_corpus_precision_prints_precision_and_recall_per_rule_family(code_lists):
    text = precision()
    assert "规则类别\t预期\t检出\t命中\t查准率\t查全率" in text
    assert family_line(text, "表内勾稽")[1:] == ["1", "1", "1", "100%", "100%"]
    assert family_line(text, "合计")[-2:] == ["100%", "100%"]
    assert "guangdong-finance-department-2023：预期 0 条，检出 0 条，误报 0 条，漏报 0 条" in text
    assert "未评科目编码" not in text


def _corpus_with(tmp_path, *, drop_finding, extra):
    """The 清水河 document copied, one of its findings no longer expected and `extra` appended."""
    target = tmp_path / QINGSHUIHE.name
    shutil.copytree(QINGSHUIHE, target)
    spec = (target / "expected.toml").read_text(encoding="utf-8")
    start = spec.index("# 34.08 万元")
    end = spec.index("# 减少 1.55")
    expected = spec[:start] + (spec[end:] if drop_finding else spec[start:]) + extra
    (target / "expected.toml").write_text(expected, encoding="utf-8")
    return target


KNOWN = """
[[false_alarm]]
rule = "N13"
section = "explanation.three_public"
figure = "34.08万元"
severity = "提示"
reason = "（测试）"

[[finding]]
rule = "N02"
section = "explanation.three_public"
figure = "2.8%"
severity = "错误"
missed = "（测试）无表可比"
"""


def test_known_misses_and_false_alarms_pass_with_their_reason_and_lower_the_figures(code_lists, tmp_path):
    target = _corpus_with(tmp_path, drop_finding=True, extra=KNOWN)
    result = check_document(target)
    assert len(result.false) == 1 and len(result.missed) == 1
    assert (result.unexplained_false, result.unexplained_missed, result.stale_known) == ([], [], [])
    text = precision(tmp_path, "--verbose")
    assert "误报 1 条，漏报 1 条（其中已知 2 条）" in text
    assert "误报 N13 explanation.three_public “34.08万元” 提示（已知：（测试））" in text
    assert family_line(text, "合计")[1:] == ["2", "2", "1", "50%", "50%"]


def test_a_known_entry_the_checker_no_longer_deserves_is_reported_stale(code_lists, tmp_path):
    target = _corpus_with(tmp_path, drop_finding=False, extra=KNOWN.split("[[finding]]")[0])
    assert [str(key) for key in check_document(target).stale_known] == [
        "N13 explanation.three_public “34.08万元” 提示"
    ]


def test_an_unexplained_false_alarm_fails_the_document(code_lists, tmp_path):
    target = _corpus_with(tmp_path, drop_finding=True, extra="")
    assert [str(key) for key in check_document(target).unexplained_false] == [
        "N13 explanation.three_public “34.08万元” 提示"
    ]


def test_the_corpus_sources_are_written_down(code_lists):
    readme = (CORPUS_DIR / "README.md").read_text(encoding="utf-8")
    for path in documents():
        assert f"`{Path(path).name}/`" in readme, path.name
