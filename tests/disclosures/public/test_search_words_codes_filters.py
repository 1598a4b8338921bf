"""Issue 22, search: a query matches whatever the punctuation, quotes, spaces and widths on
either side, searches its synonyms (data) and the subject codes of the tables, and is narrowed
by year, region (and below) and department (and its units) in the database. Run on SQLite and,
with DATABASE_URL, on PostgreSQL (where the grams index answers): the results are the same."""

import importlib
import re

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from disclosures.models import CodeRow, ReportVersion, SearchDocument, VersionState
from disclosures.search import search_published
from disclosures.search_database import documents_build
from tests.factories import GOOD_LINES, make_department, make_region, make_report

from .conftest import publish
from .test_search import found, published

pytestmark = pytest.mark.django_db

OTHER_LINES = [("2013101", "行政运行", "10000.00", "0.00")]  # not 2080505, no 社会保险 in a name


def text_only(version):
    """A report whose tables carry no codes: what is found is found in its text."""
    CodeRow.objects.filter(version=version).delete()


def test_quotes_punctuation_spaces_and_widths_are_ignored_and_the_excerpt_shows_the_text_as_written(client):
    region = make_region()
    version = published(
        make_department(region, name="甲区人力资源和社会保障局（本级）"),
        {"explanation.overall": "九、财政拨款“三公”经费支出决算情况说明：本年度“三公”经费支出0.00万元。"},
        before=text_only,
    )
    published(make_department(region), {"explanation.overall": "三公里外的经费"}, before=text_only)

    for query in ("三公经费", '"三公 经费"', "三公\u3000经费", "「三公」经费", "＂三公＂经费"):
        assert found(query) == [version.pk], query
    assert found("社会保障局本级") == [version.pk]
    assert found("ＰＰＰ") == []

    html = client.get("/search/", {"q": "三公经费"}).content.decode()
    assert "九、财政拨款“<mark>三公”经费</mark>支出决算情况说明" in html
    assert "找到 1 份报告" in html
    title = search_published(query="社会保障局本级").hits[0].title
    assert "<mark>社会保障局（本级</mark>）" in title


def test_latin_letters_and_digits_match_in_either_width():
    version = published(make_department(make_region()), {"overview.functions": "推进ＰＰＰ项目，共２０２４个。"})
    assert found("ppp项目") == [version.pk] and found("PPP") == [version.pk] and found("2024个") == [version.pk]


def test_a_synonym_searches_its_group_and_the_page_says_what_else_it_searched(client):
    region = make_region()
    security = published(make_department(region), {"overview.functions": "负责社会保障补助发放。"}, before=text_only)
    insurance = published(make_department(region), {"overview.functions": "代缴城乡居民社会保险费。"}, before=text_only)
    short = published(make_department(region), {"overview.functions": "社保扶贫代缴。"}, before=text_only)
    published(make_department(region), {"overview.functions": "其他工作。"}, before=text_only)

    assert set(found("社保")) == {security.pk, insurance.pk, short.pk}
    assert set(found("社会保障")) == {security.pk, short.pk}  # not 社会保险: groups are not chained
    assert set(found("社保扶贫")) == {short.pk}

    html = client.get("/search/", {"q": "社保"}).content.decode()
    assert "同时搜索了：社会保险、社会保障" in html and "找到 3 份报告" in html
    assert "负责<mark>社会保障</mark>补助发放" in html


def test_the_three_public_expenses_find_their_items_and_an_item_does_not_find_the_whole():
    region = make_region()
    whole = published(make_department(region), {"overview.functions": "本年度“三公”经费支出持平。"}, before=text_only)
    item = published(make_department(region), {"overview.functions": "公务接待费支出0.50万元。"}, before=text_only)
    renamed = published(make_department(region), {"overview.functions": "公务用车购置及运行费为0。"}, before=text_only)

    assert set(found("三公经费")) == {whole.pk, item.pk}
    assert found("公务接待费") == [item.pk]
    # a [[same]] group: the item's former name is found by its name of today, and back
    assert found("公务用车购置及运行维护费") == [renamed.pk] and found("公务用车购置及运行费") == [renamed.pk]


def test_a_subject_code_finds_the_reports_whose_tables_carry_it_with_its_name_and_amounts(client):
    region = make_region()
    carrying = published(make_department(region, name="丁区社保局"))  # GOOD_LINES: 2080505 among them
    other = publish(make_report(make_department(region, name="丁区财政局"), state=VersionState.APPROVED, lines=OTHER_LINES)[1])

    assert found("2080505") == [carrying.pk]
    assert found("20805") == [carrying.pk]  # a 款 finds the 项 under it
    assert found("机关事业单位基本养老保险缴费") == [carrying.pk]  # a code's name
    assert set(found("30201")) == {carrying.pk, other.pk}  # 经济分类: 办公费 in every 公开06表

    hit = search_published(query="2080505").hits[0]
    assert hit.snippets[0] == (
        "公开02表 收入决算表",
        "<mark>2080505</mark> 机关事业单位基本养老保险缴费支出：本年收入合计 17.35 万元，财政拨款收入 17.35 万元",
    )
    assert [where for where, _ in hit.snippets] == ["公开02表 收入决算表", "公开03表 支出决算表", "公开05表 一般公共预算财政拨款支出决算表"]
    html = client.get("/search/", {"q": "30201"}).content.decode()
    assert "<mark>30201</mark> 办公费：决算数" in html and "找到 2 份报告" in html


def test_the_codes_and_folded_text_are_in_the_document_written_at_publication():
    version = published(make_department(make_region(), name="戊区（本级）"), {"overview.functions": "“三公”经费，说明。"})
    document = SearchDocument.objects.get(version=version)
    assert document.title == "戊区本级"
    assert "三公经费说明" in document.text.splitlines()
    assert document.codes.splitlines()[:2] == [f"{code}{name}" for code, name, *_ in sorted(GOOD_LINES)[:2]]
    assert "30201办公费" in document.codes.splitlines()


def test_the_migration_writes_every_stored_document_again_as_publication_does():
    """Documents written before folding and codes (as migration 0011 did) are written again."""
    versions = [
        published(make_department(make_region(), name="己区“民政”局"), {"overview.functions": "“三公”经费。"}),
        published(make_department(make_region()), {"overview.functions": "社保。"}, before=text_only),
    ]
    SearchDocument.objects.update(title="己区“民政”局", text="“三公”经费。", codes="", grams="")
    assert found("2080505") == [] and found("三公经费") == []

    migration = importlib.import_module("disclosures.migrations.0015_search_document_folded_codes")
    migration.refill(apps, None)

    expected = {d.version_id: d for d in documents_build(versions_loaded(versions))}
    for document in SearchDocument.objects.all():
        built = expected[document.version_id]
        assert (document.title, document.text, document.codes, document.grams) == (built.title, built.text, built.codes, built.grams)
    assert found("2080505") == [versions[0].pk]


def versions_loaded(versions):
    return list(ReportVersion.objects.select_related("report__department").filter(pk__in=[v.pk for v in versions]))


@pytest.fixture
def province():
    """A city with two districts and a region elsewhere; in the first district a 主管部门 with a
    unit and another department; every report's text holds 养老服务."""
    city = make_region("庚市")
    east, west = make_region("庚市东区", parent=city), make_region("庚市西区", parent=city)
    elsewhere = make_region("辛县")
    head = make_department(east, name="庚市东区民政局")
    west_head = make_department(west, name="庚市西区民政局")
    unit = make_department(east, name="庚市东区福利院", parent=head)
    other = make_department(east, name="庚市东区卫生健康局")
    body = {"overview.functions": "做好养老服务工作。"}
    reports = {
        "head": published(head, body), "unit": published(unit, body), "other": published(other, body),
        "west": published(west_head, body),
        "elsewhere": published(make_department(elsewhere, name="辛县民政局"), body),
        "head 2023": published(head, body, year=2023),
    }
    return {"regions": {"city": city, "east": east, "west": west, "elsewhere": elsewhere}, "head": head, "unit": unit,
            "west_head": west_head, "reports": {key: version.pk for key, version in reports.items()}}


def names(response):
    return set(re.findall(r'<h2 class="hit-title"><a href="/reports/([^/]+)/(\d+)/"', response.content.decode()))


def test_filters_narrow_by_year_region_and_below_and_department_with_its_units(province):
    reports, regions = province["reports"], province["regions"]

    def ids(**filters):
        return set(found("养老服务", **filters))

    assert ids() == set(reports.values())
    assert ids(year=2023) == {reports["head 2023"]}
    city = {r.pk for r in regions.values() if r != regions["elsewhere"]}
    assert ids(region_ids=city) == set(reports.values()) - {reports["elsewhere"]}
    assert ids(region_ids={regions["west"].pk}) == {reports["west"]}
    assert ids(department=province["head"].code) == {reports["head"], reports["unit"], reports["head 2023"]}
    assert ids(department=province["unit"].code) == {reports["unit"]}
    assert ids(department="民政局") == {reports[k] for k in ("head", "unit", "head 2023", "west", "elsewhere")}
    assert ids(department="民政局", year=2024, region_ids={regions["east"].pk}) == {reports["head"], reports["unit"]}


def test_the_page_filters_through_its_form_in_the_database(client, province):
    regions = province["regions"]
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/search/", {"q": "养老服务", "year": "2024", "region": regions["city"].code, "dept": "民政局"})
    html = response.content.decode()
    assert response.status_code == 200
    assert names(response) == {(province[key].code, "2024") for key in ("head", "unit", "west_head")}
    assert "养老服务”" in html and " · 2024年度 · 庚市 · 部门“民政局”：找到 3 份报告" in html
    # the form: Chinese labels, the chosen values kept, the regions as a tree
    for label in ("年度", "区域", "部门或单位"):
        assert f"<label>{label} " in html
    assert '<option value="2024" selected>2024年度</option>' in html
    assert f'<option value="{regions["east"].code}">\u3000庚市东区</option>' in html
    assert 'value="民政局"' in html
    searched = [q["sql"] for q in queries if "disclosures_searchdocument" in q["sql"] and "COUNT" in q["sql"].upper()]
    assert searched and all("2024" in sql and "民政局" in sql for sql in searched)  # the filters are in the SQL


def test_the_pages_of_a_filtered_search_keep_the_filters(client):
    region, other = make_region("壬区"), make_region("癸区")
    for n in range(21):
        published(make_department(region, name=f"壬区第{n:02d}局"), {"overview.functions": "推进乡村振兴。"})
    published(make_department(other), {"overview.functions": "推进乡村振兴。"})
    published(make_department(region), {"overview.functions": "推进乡村振兴。"}, year=2023)

    first = client.get("/search/", {"q": "乡村振兴", "year": "2024", "region": region.code})
    html = first.content.decode()
    assert "找到 21 份报告，第 1 页" in html
    link = re.search(r'<a rel="next" href="([^"]+)"', html).group(1).replace("&amp;", "&")
    assert "year=2024" in link and f"region={region.code}" in link and "page=2" in link and "q=" in link
    second = client.get("/search/" + link)
    assert "找到 21 份报告，第 2 页" in second.content.decode() and len(names(second)) == 1
    assert 'rel="prev"' in second.content.decode()
    # a page past the last one is empty and still knows the total (one or two characters are
    # answered by the index alone on PostgreSQL, a longer word is checked document by document)
    for word in ("振兴", "乡村振兴"):
        beyond = search_published(query=word, page=9)
        assert (beyond.hits, beyond.total, beyond.has_next) == ([], 23, False), word


def test_a_filter_the_form_refuses_is_said_and_nothing_is_searched(client, province):
    for params, message in (
        ({"q": "养老服务", "year": "1999"}, "年度："),
        ({"q": "养老服务", "region": "000000"}, "区域："),
        ({"q": "养老服务", "dept": "局" * 65}, "部门或单位："),
        ({"q": "养" * 51}, "关键词："),
    ):
        response = client.get("/search/", params)
        html = response.content.decode()
        assert response.status_code == 200
        assert message in html and 'role="alert"' in html and "search-results" not in html, params


def test_a_query_of_punctuation_only_searches_nothing(client, province):
    html = client.get("/search/", {"q": "“”《》"}).content.decode()
    assert "search-results" not in html and "找到 0 份报告" in html


@pytest.mark.services("postgresql")
def test_postgresql_asks_the_grams_index_for_any_of_the_terms():
    version = published(make_department(make_region()), {"overview.functions": "社会保障补助。"}, before=text_only)
    with CaptureQueriesContext(connection) as queries:
        assert found("社保") == [version.pk]
    search = next(q["sql"] for q in queries if "grams_vector @@" in q["sql"])
    assert search.count("plainto_tsquery") == 3  # 社保, 社会保险, 社会保障
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")  # a handful of rows: make the planner show it can use the index
        cursor.execute("EXPLAIN " + search)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("RESET enable_seqscan")
    assert "search_document_grams" in plan


@pytest.mark.services("postgresql")
def test_postgresql_keeps_the_long_fields_of_a_document_out_of_its_row():
    """The scan of the matching documents reads their rows: the codes, like the text, are
    stored out of line (migration 0014), and the name, which ranks every row found, in it."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT reloptions FROM pg_class WHERE relname = 'disclosures_searchdocument'")
        assert "toast_tuple_target=128" in cursor.fetchone()[0]
        cursor.execute(
            "SELECT attname, attstorage FROM pg_attribute WHERE attrelid = 'disclosures_searchdocument'::regclass "
            "AND attname IN ('title', 'department_code', 'text', 'codes')"
        )
        assert dict(cursor.fetchall()) == {"title": "m", "department_code": "m", "text": "x", "codes": "x"}
