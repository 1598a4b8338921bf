"""Search: substring matching of Chinese words in names and text of newest published versions."""

import pytest

from disclosures.models import GlossaryEntry, KeyWorkItem, ProjectEvaluation, VersionState
from disclosures.search import highlight, search_published
from disclosures.services import version_start_correction
from tests.factories import make_department, make_region, make_report

from .conftest import publish, set_body

pytestmark = pytest.mark.django_db


def test_a_word_inside_a_longer_chinese_word_is_found_and_highlighted(client):
    region = make_region()
    _, version = make_report(make_department(region, name="甲区民政局"), state=VersionState.PUBLISHED)
    set_body(version, "explanation.overall", "主要原因是社保扶贫代缴资金标准提高。")

    hits = search_published(query="社保")

    assert [h.version.pk for h in hits] == [version.pk]
    where, snippet = hits[0].snippets[0]
    assert where == "一、收入支出决算总体情况说明"
    assert "<mark>社保</mark>扶贫" in snippet
    page = client.get("/search/", {"q": "社保"}).content.decode()
    assert "<mark>社保</mark>扶贫代缴" in page
    assert "甲区民政局" in page


def test_department_names_and_aliases_are_searched_and_ranked_first():
    region = make_region()
    named = make_department(region, name="乙区社保中心")
    aliased = make_department(region, name="乙区另一单位")
    aliased.aliases = "乙区社保服务站"
    aliased.save()
    other = make_department(region, name="乙区财政局")
    for department in (named, aliased, other):
        make_report(department, state=VersionState.PUBLISHED)
    _, text_version = make_report(make_department(region, name="乙区教育局"), state=VersionState.PUBLISHED)
    set_body(text_version, "overview.functions", "负责社保经办。")

    hits = search_published(query="社保")

    assert {h.version.report.department.name for h in hits} == {"乙区社保中心", "乙区另一单位", "乙区教育局"}
    assert hits[-1].version.pk == text_version.pk
    assert "<mark>社保</mark>" in str(next(h for h in hits if h.version.report.department == named).title)


def test_key_work_glossary_and_evaluation_names_are_searched():
    _, version = make_report(make_department(make_region()), state=VersionState.PUBLISHED)
    KeyWorkItem.objects.create(version=version, position=1, title="推进全民参保计划", content="", status="已完成")
    GlossaryEntry.objects.create(version=version, position=1, term="机关运行经费", definition="用于购买办公用品")
    ProjectEvaluation.objects.create(version=version, project_name="城乡居民养老保险补贴", budget=1, executed=1)

    for word, where in (("全民参保", "重点工作"), ("办公用品", "名词解释"), ("养老保险补贴", "绩效自评")):
        hits = search_published(query=word)
        assert len(hits) == 1, word
        assert hits[0].snippets[0][0].startswith(where)


def test_text_is_escaped_around_the_mark():
    snippet = highlight("<script>alert(1)</script>社保&扶贫", "社保")
    assert "<script>" not in snippet
    assert "&lt;script&gt;" in snippet and "<mark>社保</mark>&amp;扶贫" in snippet


def test_the_query_itself_is_escaped_on_the_page(client):
    page = client.get("/search/", {"q": "<b>社保</b>"}).content.decode()
    assert "<b>社保</b>" not in page
    assert "&lt;b&gt;社保&lt;/b&gt;" in page


def test_unpublished_versions_are_never_searched():
    region = make_region()
    for state in (VersionState.DRAFT, VersionState.SUBMITTED, VersionState.RETURNED, VersionState.APPROVED):
        _, version = make_report(make_department(region, name=f"丙区{state}局"), state=state)
        set_body(version, "overview.functions", "秘密词汇出现在这里")
    assert search_published(query="秘密词汇") == []
    assert search_published(query="丙区") == []


def test_only_the_newest_published_version_is_searched_and_a_draft_correction_is_not():
    report, v1 = make_report(make_department(make_region()), state=VersionState.PUBLISHED)
    set_body(v1, "overview.functions", "旧版本的词：甲乙丙")
    v2 = version_start_correction(report=report, correction_note="更正错字")
    set_body(v2, "overview.functions", "新版本的词：丁戊己")

    assert [h.version.pk for h in search_published(query="甲乙丙")] == [v1.pk]
    assert search_published(query="丁戊己") == []

    publish(v2)
    assert search_published(query="甲乙丙") == []
    assert [h.version.pk for h in search_published(query="丁戊己")] == [v2.pk]


def test_an_empty_or_blank_query_shows_the_form_only(client):
    response = client.get("/search/", {"q": "   "})
    assert response.status_code == 200
    assert response.context["results"] == []
    assert 'name="q"' in response.content.decode()
