"""The corpus of real published texts (tests/fixtures/corpus/), text checks only: every finding of
the text written down beside each document is found, and nothing else, but for the misses and
false alarms listed there as known, with their reason. (tests/reviews/test_corpus.py scores the
table rules too, and the command.)"""

import pytest

from disclosures.narrative.corpus import check_document, documents, is_text_rule, read_document

REGIONS = {"shanghai", "guangdong", "guangxi", "chongqing"}


@pytest.mark.parametrize("path", documents(), ids=lambda p: p.name)
def test_the_text_checks_find_exactly_what_each_document_deserves(path):
    result = check_document(path)
    assert (result.unexplained_false, result.unexplained_missed, result.stale_known) == ([], [], [])
    assert all(is_text_rule(key.rule) for key in result.expected + result.found)


def test_the_corpus_holds_real_text_from_four_regions_outside_seed_001s():
    names = [path.name for path in documents()]
    assert {name.split("-")[0] for name in names} == REGIONS and len(names) >= 9
    for path in documents():
        spec = read_document(path).spec
        assert spec["year"] in (2023, 2024) and spec["source"], path.name


def test_a_page_that_publishes_one_section_is_read_as_that_section():
    document = read_document(next(p for p in documents() if p.name == "guangdong-luohu-audit-2024"))
    sections = document.sections
    assert list(sections) == ["explanation.three_public"]
    assert "\n\n" not in sections["explanation.three_public"]  # the page's blank lines rejoined
    assert sections["explanation.three_public"].startswith("罗湖区审计局2024年度财政拨款“三公”经费支出决算情况")
