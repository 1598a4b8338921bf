"""The corpus of real published texts (tests/fixtures/corpus/): every finding written down beside
each document is found, and nothing else (no false positive, no miss)."""

import io

import pytest
from django.core.management import call_command

from disclosures.narrative.corpus import check_document, documents


@pytest.mark.parametrize("path", documents(), ids=lambda p: p.name)
def test_the_checker_finds_exactly_what_each_document_deserves(path):
    result = check_document(path)
    assert (result.false, result.missed) == ([], [])


def test_the_corpus_holds_real_text_from_outside_seed_001s_region():
    names = [path.name for path in documents()]
    assert "shanghai-putuo-social-work-2024" in names and len(names) >= 3


def test_corpus_precision_prints_precision_and_recall_per_rule_family():
    out = io.StringIO()
    call_command("corpus_precision", stdout=out)
    text = out.getvalue()
    assert "查准率\t查全率" in text
    total = next(line for line in text.splitlines() if line.startswith("合计"))
    assert total.split("\t")[-2:] == ["100%", "100%"]
