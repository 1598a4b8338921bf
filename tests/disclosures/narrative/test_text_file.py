"""A published text is split into its sections by the titles of the year's list."""

from disclosures.narrative.text_file import split_sections
from disclosures.narrative_catalog import sections_for_year

from .passages import PUBLISHED, published_sections


def test_the_section_list_has_seed_001s_thirteen_explanation_sections_in_order():
    explanation = [s for s in sections_for_year(2024) if s.part == "explanation"]
    assert [s.title.split("、")[0] for s in explanation] == list("一二三四五六七八九") + ["十", "十一", "十二", "十三"]


def test_seed_001s_third_part_gives_all_thirteen_sections_with_their_bodies():
    sections = published_sections()
    assert list(sections) == [s.key for s in sections_for_year(2024) if s.part == "explanation"]
    assert sections["explanation.income"].startswith("2024 年度收入合计 583.56 万元。")
    # the body's titles differ from the contents' (十、机关运行经费支出情况 / 支出说明)
    assert sections["explanation.office_running"] == "无。"
    assert sections["explanation.assets"].startswith("截至 2024 年 12 月 31 日")
    assert sections["explanation.performance"].endswith("并相应核减下一年度项目支出预算。")


def test_a_part_heading_ends_the_last_section():
    text = PUBLISHED.read_text(encoding="utf-8") + "\n第四部分 2024 年重点工作完成情况\n\n一、重点工作事项标题\n不属于说明"
    assert "不属于说明" not in split_sections(text, year=2024)["explanation.performance"]
