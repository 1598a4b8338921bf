"""Search: substring matching of Chinese words in names and text of newest published versions,
ranked and a page at a time, with the same results on SQLite and PostgreSQL."""

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from disclosures.models import GlossaryEntry, KeyWorkItem, ProjectEvaluation, Report, SearchDocument, VersionState
from disclosures.search import SearchBackend, SearchHit, SearchPage, highlight, search_published
from disclosures.services import version_start_correction
from tests.factories import make_department, make_region, make_report

from .conftest import publish, set_body

pytestmark = pytest.mark.django_db


def published(department, bodies=None, *, year=2024, before=None):
    """A report of the department published with these section bodies (and whatever `before`
    adds to the version first): a published version's content never changes afterwards."""
    _, version = make_report(department, year=year, state=VersionState.APPROVED)
    for key, body in (bodies or {}).items():
        set_body(version, key, body)
    if before:
        before(version)
    return publish(version)


def found(query, **kwargs):
    return [hit.version.pk for hit in search_published(query=query, **kwargs).hits]


def test_a_word_inside_a_longer_chinese_word_is_found_and_highlighted(client):
    region = make_region()
    version = published(make_department(region, name="甲区民政局"), {"explanation.overall": "主要原因是社保扶贫代缴资金标准提高。"})

    page = search_published(query="社保")

    assert [h.version.pk for h in page.hits] == [version.pk] and page.total == 1
    where, snippet = page.hits[0].snippets[0]
    assert where == "一、收入支出决算总体情况说明"
    assert "<mark>社保</mark>扶贫" in snippet
    html = client.get("/search/", {"q": "社保"}).content.decode()
    assert "<mark>社保</mark>扶贫代缴" in html
    assert "甲区民政局" in html and "找到 1 份报告" in html


def test_department_names_and_aliases_are_searched_and_ranked_first():
    region = make_region()
    named = make_department(region, name="乙区税务中心")
    aliased = make_department(region, name="乙区另一单位")
    aliased.aliases = "乙区税务服务站"
    aliased.save()
    other = make_department(region, name="乙区财政局")
    text_version = published(make_department(region, name="乙区教育局"), {"overview.functions": "负责税务经办。"})
    for department in (named, aliased, other):
        published(department)

    hits = search_published(query="税务").hits

    assert {h.version.report.department.name for h in hits} == {"乙区税务中心", "乙区另一单位", "乙区教育局"}
    assert hits[-1].version.pk == text_version.pk  # published first, but only its text holds the word
    assert "<mark>税务</mark>" in str(next(h for h in hits if h.version.report.department == named).title)


def test_key_work_glossary_and_evaluation_names_are_searched():
    def add(version):
        KeyWorkItem.objects.create(version=version, position=1, title="推进全民参保计划", content="", status="已完成")
        GlossaryEntry.objects.create(version=version, position=1, term="机关运行经费", definition="用于购买办公用品")
        ProjectEvaluation.objects.create(version=version, project_name="城乡居民养老保险补贴", budget=1, executed=1)

    published(make_department(make_region()), before=add)

    for word, where in (("全民参保", "重点工作"), ("办公用品", "名词解释"), ("养老保险补贴", "绩效自评")):
        hits = search_published(query=word).hits
        assert len(hits) == 1, word
        assert hits[0].snippets[0][0].startswith(where)


def test_every_pair_of_characters_present_is_not_a_match_the_words_must_be_adjacent():
    """社保 and 保扶 both occur, 社保扶 does not: the pairs only narrow the search."""
    version = published(make_department(make_region()), {"overview.functions": "社保经办，确保扶贫资金到位。"})
    assert found("社保") == [version.pk] and found("保扶") == [version.pk] and found("社保扶") == []
    assert found("确保扶贫") == [version.pk] and found("社保经办，确保") == [version.pk]
    assert found("保") == [version.pk] and found("扶贫 资金") == [version.pk]  # spaces are ignored


def test_latin_letters_match_whatever_their_case():
    version = published(make_department(make_region()), {"overview.functions": "按照PPP项目管理办法执行。"})
    assert found("ppp") == [version.pk] and found("Ppp项目") == [version.pk] and found("pp") == [version.pk]


def test_results_come_a_page_at_a_time_in_ranking_order(client):
    region = make_region()
    versions = [
        published(make_department(region, name=f"丁区第{n:02d}局"), {"overview.functions": "负责医疗保障工作。"}, year=year)
        for n, year in zip(range(25), [2023, 2024] * 13)
    ]
    newest_year_first = sorted(versions, key=lambda v: (-v.report.year, -v.published_at.timestamp()))

    first = search_published(query="医疗保障")
    second = search_published(query="医疗保障", page=2)

    assert first.total == second.total == 25 and (first.number, first.pages) == (1, 2)
    assert first.has_next and not second.has_next and second.has_previous
    assert [h.version.pk for h in first.hits + second.hits] == [v.pk for v in newest_year_first]
    html = client.get("/search/", {"q": "医疗保障", "page": 2}).content.decode()
    assert "找到 25 份报告，第 2 页" in html and "page=1" in html and "上一页" in html and "下一页" not in html


def test_a_page_reads_only_its_own_reports():
    """The queries of a page do not grow with the number of reports found."""
    region = make_region()
    for n in range(3):
        published(make_department(region, name=f"戊区第{n}局"), {"overview.functions": "负责就业补助工作。"})
    with CaptureQueriesContext(connection) as few:
        assert len(search_published(query="就业补助", per_page=2).hits) == 2
    for n in range(3, 9):
        published(make_department(region, name=f"戊区第{n}局"), {"overview.functions": "负责就业补助工作。"})
    with CaptureQueriesContext(connection) as many:
        assert len(search_published(query="就业补助", per_page=2).hits) == 2
    assert len(many) == len(few)


def test_a_long_query_stops_reading_once_the_page_is_full_on_postgresql():
    """SQLite reads every document and knows the total; PostgreSQL checks candidates until the
    page is full and estimates the total. The pages are the same."""
    region = make_region()
    for n in range(5):
        published(make_department(region, name=f"己区第{n}局"), {"overview.functions": "推进老旧小区改造。"})
    pages = [search_published(query="老旧小区改造", per_page=2, page=n) for n in (1, 2, 3)]
    assert [len(p.hits) for p in pages] == [2, 2, 1]
    assert [p.has_next for p in pages] == [True, True, False]
    assert len({h.version.pk for p in pages for h in p.hits}) == 5
    assert pages[2].total == 5 and not pages[2].approximate
    if connection.vendor == "postgresql":
        assert pages[0].approximate and pages[0].total >= 3
    else:
        assert pages[0].total == 5 and not pages[0].approximate


@pytest.mark.services("postgresql")
def test_postgresql_finds_candidates_through_the_grams_index():
    published(make_department(make_region()), {"overview.functions": "社保扶贫代缴。"})
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")  # a handful of rows: make the planner show it can use the index
        cursor.execute(
            "EXPLAIN SELECT id FROM disclosures_searchdocument "
            "WHERE grams_vector @@ plainto_tsquery('simple'::regconfig, %s)",
            ["社保"],
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("RESET enable_seqscan")
    assert "search_document_grams" in plan


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
    assert found("秘密词汇") == []
    assert found("丙区") == []
    assert SearchDocument.objects.count() == 0


def test_only_the_newest_published_version_is_searched_and_a_draft_correction_is_not():
    v1 = published(make_department(make_region()), {"overview.functions": "旧版本的词：甲乙丙"})
    v2 = version_start_correction(report=v1.report, correction_note="更正错字")
    set_body(v2, "overview.functions", "新版本的词：丁戊己")

    assert found("甲乙丙") == [v1.pk]
    assert found("丁戊己") == []

    publish(v2)
    assert found("甲乙丙") == []
    assert found("丁戊己") == [v2.pk]


def test_an_empty_or_blank_query_shows_the_form_only(client):
    response = client.get("/search/", {"q": "   "})
    assert response.status_code == 200
    assert response.context["results"] == []
    assert 'name="q"' in response.content.decode()


class ListEngine(SearchBackend):
    """An engine of its own, as a nation's OpenSearch would be: it keeps what it is given."""

    stored = []

    def search(self, *, query, page, per_page):
        hits = [SearchHit(version=report.published_version, title="外部引擎") for report in self.stored]
        return SearchPage(query=query, hits=hits, number=page, per_page=per_page, total=len(hits))

    def document_store(self, *, report):
        self.stored.append(Report.objects.select_related("published_version__report__department__region").get(pk=report.pk))

    def documents_rebuild(self):
        return 0


def test_the_engine_named_in_the_setting_is_given_each_publication_and_answers(client):
    with override_settings(SEARCH_BACKEND="tests.disclosures.public.test_search.ListEngine"):
        version = published(make_department(make_region(), name="庚区审计局"))
        assert [report.pk for report in ListEngine.stored] == [version.report_id]
        html = client.get("/search/", {"q": "任意"}).content.decode()
    assert "外部引擎" in html and version.report.get_absolute_url() in html
    assert SearchDocument.objects.count() == 0  # the database engine was not used
    ListEngine.stored.clear()
