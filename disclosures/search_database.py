"""The default search engine: one SearchDocument per report with a published version, in the
portal's own database (SEARCH_BACKEND = "disclosures.search_database.DatabaseSearch").

A document holds its fields folded (disclosures.search_text.fold), and a query's terms are
folded: a term matches as a substring of the department's name or aliases, the text or the
codes with their names, exactly as `contains` decides, on SQLite and PostgreSQL alike. A
document matches when it holds any of the terms (the query and its synonyms' variants) and
passes every filter (year, region and those below it, department and its units), all applied
in the database:

- SQLite (development) reads every document's text.
- PostgreSQL first asks the GIN index over the documents' characters and pairs of
  characters (the column grams_vector, migration 0011) which documents hold every pair of
  one of the terms. For terms of one or two characters that is the answer. Otherwise the
  candidates are read in ranking order and checked as substrings until the page is full;
  when candidates were left unread, the total is an estimate (SearchPage.approximate).

Only the page's reports are then loaded and excerpted: their fields (and code lines) holding
a term, shown as written, the folded hit mapped back to the original characters.
"""

from functools import partial

from django.db import connection, transaction
from django.db.models import BooleanField, Case, Count, F, Q, Value, When, Window
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .models import (
    CodeRow,
    Department,
    GlossaryEntry,
    KeyWorkItem,
    NarrativeSection,
    ProjectEvaluation,
    ReportVersion,
    SearchDocument,
    TableCell,
)
from .regions import region_profile
from .regions.tables import table_layout
from .search import SearchBackend, SearchHit, SearchPage
from .search_text import document_grams, fold, highlight, query_grams, term_ideographs
from .tables.grid import format_wan
from .tables.spec import table_spec

MAX_SNIPPETS = 3
REBUILD_BATCH = 500

# (model, fields searched, what to call the place of a hit: (field named, wording))
SOURCES = (
    (NarrativeSection, ("body",), ("title", "{}")),
    (KeyWorkItem, ("title", "content", "status"), ("title", "重点工作：{}")),
    (GlossaryEntry, ("term", "definition"), ("term", "名词解释：{}")),
    (ProjectEvaluation, ("project_name",), ("project_name", "绩效自评")),
)
DOCUMENT_FIELDS = ("version_id", "year", "department_code", "published_at", "title", "text", "codes", "grams")
RANKING = ("-name_match", "-year", "-published_at", "department_code")


def _holding(terms, fields):
    """Documents whose (folded) fields hold one of the terms."""
    condition = Q()
    for term in terms:
        for name in fields:
            condition |= Q(**{f"{name}__contains": term})
    return condition


def _may_hold(terms, fields):
    """Rows whose (original) fields may hold one of the folded terms: each holds all of its
    term's ideographs. None when a term has none (a code, a Latin word): every row may."""
    condition = Q()
    for term in terms:
        ideographs = term_ideographs(term)
        if not ideographs:
            return None
        for name in fields:
            every = Q()
            for char in ideographs:
                every &= Q(**{f"{name}__contains": char})
            condition |= every
    return condition


def _filtered(documents, query):
    """The documents within the query's filters. Region and department are asked of the
    departments as they are now, by code, in a subquery: the documents are not joined to
    their reports, so that PostgreSQL still finds them through the grams index first. The
    year is compared as year + 0, which no index serves: else PostgreSQL walks the (year, …)
    index and tests each document's vector, read from TOAST (0.5 s at 20,000 reports)."""
    if query.year:
        documents = documents.alias(year_compared=F("year") + 0).filter(year_compared=query.year)
    if query.region_ids is None and not query.department:
        return documents
    departments = Department.objects.all()
    if query.region_ids is not None:
        departments = departments.filter(region_id__in=query.region_ids)
    if query.department:
        named = Department.objects.filter(Q(code=query.department) | Q(name__contains=query.department)).values("pk")
        departments = departments.filter(Q(pk__in=named) | Q(parent__in=named))
    return documents.filter(department_code__in=departments.values("code"))


class DatabaseSearch(SearchBackend):
    # ---- writing ------------------------------------------------------------------------------

    def document_store(self, *, report):
        version = (
            ReportVersion.objects.select_related("report__department").filter(newest_published_of=report.pk).first()
        )
        if version is None:
            SearchDocument.objects.filter(report_id=report.pk).delete()
            return
        document = documents_build([version])[0]
        SearchDocument.objects.update_or_create(
            report_id=report.pk, defaults={name: getattr(document, name) for name in DOCUMENT_FIELDS}
        )

    def documents_rebuild(self):
        versions = ReportVersion.objects.filter(newest_published_of__isnull=False).select_related("report__department")
        count = 0
        with transaction.atomic():
            SearchDocument.objects.all().delete()
            batch = []
            for version in versions.order_by("pk").iterator(chunk_size=REBUILD_BATCH):
                batch.append(version)
                if len(batch) == REBUILD_BATCH:
                    count += len(SearchDocument.objects.bulk_create(documents_build(batch)))
                    batch = []
            if batch:
                count += len(SearchDocument.objects.bulk_create(documents_build(batch)))
        return count

    # ---- reading ------------------------------------------------------------------------------

    def years(self):
        # One step down the (year, …) index per year, not a pass over every document.
        table = connection.ops.quote_name(SearchDocument._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"WITH RECURSIVE years(year) AS ("
                f" SELECT max(year) FROM {table}"
                f" UNION ALL SELECT (SELECT max(year) FROM {table} WHERE year < years.year) FROM years WHERE year IS NOT NULL"
                f") SELECT year FROM years WHERE year IS NOT NULL"
            )
            return [year for (year,) in cursor.fetchall()]

    def search(self, *, query, page, per_page):
        if connection.vendor != "postgresql":
            return self._search(query=query, page=page, per_page=per_page)
        with transaction.atomic(), connection.cursor() as cursor:
            # The vectors are stored out of line (TOAST), which the planner does not count: for a
            # query whose pairs are in nearly every document it scans the table, reading and
            # decompressing every vector (0.3 s at 20,000 reports), where the index answers in
            # milliseconds. Only for this transaction.
            cursor.execute("SET LOCAL enable_seqscan = off")
            return self._search(query=query, page=page, per_page=per_page)

    def _search(self, *, query, page, per_page):
        terms = query.terms
        matches = _holding(terms, ("title", "text", "codes"))
        documents = _filtered(SearchDocument.objects, query).annotate(
            name_match=Case(When(_holding(terms, ("title",)), then=Value(True)), default=Value(False), output_field=BooleanField())
        ).order_by(*RANKING)
        grams = [query_grams(term) for term in terms]
        decided = all(exact for _, exact in grams)
        indexed = (
            connection.vendor == "postgresql" and all(found for found, _ in grams) and _grams_searchable([g for g, _ in grams])
        )
        offset = (page - 1) * per_page
        if not indexed:
            documents = documents.filter(matches)
        else:
            table = connection.ops.quote_name(SearchDocument._meta.db_table)
            any_term = " || ".join(["plainto_tsquery('simple'::regconfig, %s)"] * len(grams))
            documents = documents.filter(
                RawSQL(
                    f"{table}.grams_vector @@ ({any_term})",
                    [" ".join(found) for found, _ in grams],
                    output_field=BooleanField(),
                )
            )
        # The number of documents comes with the rows (a window count): the documents are
        # found once, not once to count them and once more to rank them.
        documents = documents.annotate(found=Window(Count("pk")))
        if not indexed or decided:
            rows = list(documents.values_list("version_id", "name_match", "found")[offset : offset + per_page])
            total = rows[0][2] if rows else (documents.order_by().count() if offset else 0)
            return self._page(
                query, [row[:2] for row in rows], number=page, per_page=per_page, total=total,
                has_next=offset + per_page < total,
            )
        return self._checked_page(query, documents, matches, number=page, per_page=per_page)

    def _checked_page(self, query, documents, matches, *, number, per_page):
        """The page, checking candidates as substrings in ranking order until it is full: the
        candidates come from the index a slice at a time, each slice twice the last."""
        wanted = number * per_page + 1  # one more than the page tells whether there is a next page
        found, checked, step, candidates = [], 0, wanted, None
        while (candidates is None or checked < candidates) and len(found) < wanted:
            chunk = list(documents.values_list("pk", "version_id", "name_match", "found")[checked : checked + step])
            if not chunk:
                break
            candidates = chunk[0][3]
            holding = set(
                SearchDocument.objects.filter(matches, pk__in=[row[0] for row in chunk]).values_list("pk", flat=True)
            )
            found += [(version_id, name_match) for pk, version_id, name_match, _ in chunk if pk in holding]
            checked += len(chunk)
            step *= 2
        complete = candidates is None or checked >= candidates
        total = len(found) if complete else max(len(found), round(len(found) * candidates / checked))
        offset = (number - 1) * per_page
        return self._page(
            query,
            found[offset : offset + per_page],
            number=number,
            per_page=per_page,
            total=total,
            approximate=not complete,
            has_next=len(found) > offset + per_page,
        )

    def _page(self, query, rows, *, number, per_page, total, has_next, approximate=False):
        """SearchPage of the rows [(version id, name match)]: versions loaded, fields excerpted
        until each hit has MAX_SNIPPETS (code lines first for a query of digits, else last)."""
        terms = query.terms
        ids = [version_id for version_id, _ in rows]
        versions = ReportVersion.objects.select_related("report__department__region").in_bulk(ids)
        hits = {version_id: SearchHit(version=versions[version_id], name_match=name_match)
                for version_id, name_match in rows if version_id in versions}
        sources = [partial(_text_snippets, *source) for source in SOURCES]
        steps = [_code_snippets, *sources] if terms[0].isdigit() else [*sources, _code_snippets]
        for step in steps:
            wanting = {version_id: hit for version_id, hit in hits.items() if len(hit.snippets) < MAX_SNIPPETS}
            if not wanting:
                break
            step(terms, wanting)
        for hit in hits.values():
            name = hit.version.report.department.name
            hit.title = highlight(name, terms, radius=len(name)) or name
        return SearchPage(
            query=query, hits=list(hits.values()), number=number, per_page=per_page, total=total,
            approximate=approximate, has_next=has_next,
        )


def _text_snippets(model, fields, label, terms, hits):
    """Each hit's excerpts from the model's rows holding a term, in order, up to MAX_SNIPPETS."""
    named, wording = label
    rows = model.objects.filter(version_id__in=list(hits)).order_by("version_id", "position")
    candidates = _may_hold(terms, fields)
    if candidates is not None:
        rows = rows.filter(candidates)
    for version_id, place, *values in rows.values_list("version_id", named, *fields):
        snippets = hits[version_id].snippets
        if len(snippets) >= MAX_SNIPPETS:
            continue
        for value in values:
            snippet = highlight(value, terms)
            if snippet is not None:
                snippets.append((wording.format(place), snippet))
                break


def _code_snippets(terms, hits):
    """Each hit's code lines whose code and name hold a term, the hit marked, with the line's
    amounts as the region prints the table, up to MAX_SNIPPETS."""
    rows = CodeRow.objects.filter(version_id__in=list(hits))
    candidates = _may_hold(terms, ("name",))
    if candidates is None and all(term.isdigit() for term in terms):
        candidates = _holding(terms, ("code",))
    if candidates is not None:
        rows = rows.filter(candidates)
    lines = [
        (version_id, table, code, name)
        for version_id, table, code, name in rows.order_by("version_id", "table", "position", "code")
        .values_list("version_id", "table", "code", "name")
        if any(term in fold(code + name) for term in terms)
    ]
    if not lines:
        return
    amounts = {}
    cells = TableCell.objects.filter(version_id__in={line[0] for line in lines}, row__in={line[2] for line in lines})
    for version_id, table, row, column, amount in cells.values_list("version_id", "table", "row", "column", "amount"):
        amounts[(version_id, table, row, column)] = amount
    layouts = {}
    for version_id, table, code, name in lines:
        snippets = hits[version_id].snippets
        if len(snippets) >= MAX_SNIPPETS:
            continue
        region = hits[version_id].version.report.department.region
        if region.pk not in layouts:
            layouts[region.pk] = table_layout(region_profile(region=region))
        layout = layouts[region.pk]
        figures = "，".join(
            f"{column.label} {format_wan(amounts[key])} 万元"
            for column in layout.printed_columns(table_spec(table))
            if amounts.get(key := (version_id, table, code, column.key))
        )
        line = highlight(f"{code} {name}", terms, radius=len(code) + len(name) + 1)
        where = f"公开{layout.printed_number(table):02d}表 {layout.title(table)}"
        snippets.append((where, mark_safe(f"{line}{escape('：' + figures) if figures else ''}")))


def _grams_searchable(grams_of_terms):
    """Whether PostgreSQL's parser keeps some of each term's grams (it drops CJK characters
    in a database whose locale does not know them as letters; then the index cannot help)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT min(numnode(plainto_tsquery('simple'::regconfig, g))) FROM unnest(%s::text[]) AS g",
            [[" ".join(grams) for grams in grams_of_terms]],
        )
        return cursor.fetchone()[0] > 0


def documents_build(versions):
    """Unsaved SearchDocuments of versions (their report and department loaded), in one query
    per source and one for the codes whatever their number."""
    ids = [version.pk for version in versions]
    lines = {pk: [] for pk in ids}
    for model, fields, _ in SOURCES:
        for row in model.objects.filter(version_id__in=ids).order_by("version_id", "position").values_list("version_id", *fields):
            lines[row[0]].extend(value for value in row[1:] if value)
    codes = {pk: {} for pk in ids}
    rows = CodeRow.objects.filter(version_id__in=ids).order_by("version_id", "code", "table")
    for version_id, code, name in rows.values_list("version_id", "code", "name"):
        codes[version_id].setdefault(code, name)
    documents = []
    for version in versions:
        department = version.report.department
        title = document_field([department.name, *department.alias_list()])
        text = document_field(lines[version.pk])
        code_lines = document_field(f"{code}{name}" for code, name in codes[version.pk].items())
        documents.append(
            SearchDocument(
                report_id=version.report_id,
                version_id=version.pk,
                year=version.report.year,
                department_code=department.code,
                published_at=version.published_at,
                title=title,
                text=text,
                codes=code_lines,
                grams=document_grams(title, text, code_lines),
            )
        )
    return documents


def document_field(values):
    """The values folded, one a line (so that no hit spans two)."""
    return "\n".join(folded for folded in map(fold, values) if folded)
