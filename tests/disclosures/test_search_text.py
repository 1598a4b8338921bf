"""The text side of search, without a database: folding, the span of a hit in the original
text, the terms a query searches (its synonyms, from the data file) and the excerpt."""

import pytest

from disclosures.search_text import (
    MAX_TERMS,
    SYNONYMS_FILE,
    SynonymsError,
    find_first,
    fold,
    fold_map,
    highlight,
    query_grams,
    search_terms,
    synonyms,
)


def test_punctuation_quotes_spaces_and_widths_fold_away():
    assert fold("“三公”经费") == fold("三公经费") == fold('"三公" 经费') == fold("「三公」经费") == "三公经费"
    assert fold("＂三公＂\u3000经费") == fold("《三公》经费") == fold("‘三公’经费") == "三公经费"
    assert fold("因公出国（境）费") == fold("因公出国(境)费") == "因公出国境费"
    assert fold("ＰＰＰ项目２０２４") == fold("PPP 项目 2024") == "ppp项目2024"
    assert fold("增长16.4%，") == "增长164"
    assert fold("社保\u200b扶贫") == "社保扶贫"  # a zero-width space is a format character


def test_each_folded_character_knows_where_it_came_from():
    text = "关于“三公”经费的说明"
    folded, starts = fold_map(text)
    assert folded == fold(text) == "关于三公经费的说明"
    assert [text[i] for i in starts] == list(folded)


def test_a_hit_maps_back_to_the_original_characters():
    text = "本年度“三公”经费支出为0。"
    start, end = find_first(text, ["三公经费"])
    assert text[start:end] == "三公”经费"  # from its first character to its last, what lies between kept
    assert find_first(text, ["公务接待"]) is None
    # the first hit of any term wins; the longest where two start at the same place
    assert find_first("社会保障和社保", ["社保", "社会保障"]) == (0, 4)
    assert find_first("社保基金", ["社保", "社保基金"]) == (0, 4)
    assert find_first("按ＰＰＰ项目", ["ppp"]) == (1, 4)


def test_the_excerpt_shows_the_text_as_written_with_the_hit_marked_and_escaped():
    snippet = highlight("<b>说明</b>：本年度“三公”经费支出为0。", ["三公经费"])
    assert "“<mark>三公”经费</mark>支出为0。" in snippet
    assert "&lt;b&gt;说明&lt;/b&gt;" in snippet
    assert highlight("社保 扶贫", "社保扶贫") == "<mark>社保 扶贫</mark>"  # a query as typed is folded
    assert highlight("没有这个词", ["三公经费"]) is None


def test_a_query_searches_itself_and_the_words_its_synonyms_put_in_place():
    assert search_terms("社保") == [("社保", "社保"), ("社会保险", "社会保险"), ("社会保障", "社会保障")]
    # a group word inside a longer query is replaced in place
    assert ("社会保障扶贫", "社会保障扶贫") in search_terms("社保 扶贫")
    # groups are not chained: 社会保险 finds 社保, not 社会保障
    assert [term for _, term in search_terms("社会保险")] == ["社会保险", "社保"]
    # a whole searches its parts, shown as the data writes them; a part searches only itself
    shown = [shown for shown, _ in search_terms("“三公”经费")]
    assert shown == ["“三公”经费", "因公出国（境）费", "公务用车购置及运行维护费", "公务接待费"]
    assert search_terms("公务接待费") == [("公务接待费", "公务接待费")]
    assert search_terms("2080505") == [("2080505", "2080505")]
    assert search_terms("“”《》") == []


def test_a_variant_holding_the_query_is_not_searched_it_would_find_nothing_more(tmp_path):
    data = tmp_path / "synonyms.toml"
    data.write_text('[[same]]\nwords = ["绩效自评", "绩效自评价"]\n', "utf-8")
    relations = synonyms(data)
    assert search_terms("绩效自评", relations) == [("绩效自评", "绩效自评")]  # 绩效自评价 holds 绩效自评
    assert search_terms("绩效自评价", relations) == [("绩效自评价", "绩效自评价"), ("绩效自评", "绩效自评")]


def test_the_synonyms_file_is_valid_and_every_word_folds_to_something():
    relations = synonyms(SYNONYMS_FILE)
    assert relations, "the shipped file has groups"
    for word, others in relations:
        assert word and all(folded for _, folded in others)
        assert len(search_terms(word)) <= MAX_TERMS


@pytest.mark.parametrize(
    "text, problem",
    [
        ('[[same]]\nwords = ["社保"]\n', "two words"),
        ('[[same]]\nwords = ["社保", "“”"]\n', "empty when folded"),
        ('[[synonym]]\nwords = ["社保", "社会保障"]\n', "unknown sections"),
    ],
)
def test_a_wrong_synonyms_file_is_refused_with_its_reason(tmp_path, text, problem):
    data = tmp_path / "synonyms.toml"
    data.write_text(text, "utf-8")
    with pytest.raises(SynonymsError, match=problem):
        synonyms(data)


def test_a_folded_query_is_narrowed_by_its_pairs_across_the_punctuation_it_lost():
    assert query_grams(fold("“三公”经费")) == (["三公", "公经", "经费"], False)
    assert query_grams(fold("社 保")) == (["社保"], True)


@pytest.mark.parametrize("text", ["关于“三公”经费的说明", "①ＰＰＰ项目（二）：社保…扶贫120㎡", "a\u200bb  c", ""])
def test_a_hit_is_mapped_back_as_the_character_map_says(text):
    folded, starts = fold_map(text)
    for start in range(len(folded)):
        for end in range(start + 1, len(folded) + 1):
            term = folded[start:end]
            at = folded.find(term)
            assert find_first(text, [term]) == (starts[at], starts[at + len(term) - 1] + 1)
