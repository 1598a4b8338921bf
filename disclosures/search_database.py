"""The default search engine: one SearchDocument per report with a published version, in the
portal's own database (SEARCH_BACKEND = "disclosures.search_database.DatabaseSearch").

A query is a substring of the department's name or aliases or of the text (case-insensitive
for Latin letters), exactly as `icontains` decides, on SQLite and PostgreSQL alike:

- SQLite (development) reads every document's text.
- PostgreSQL first asks the GIN index over the documents' characters and pairs of
  characters (the column grams_vector, migration 0009) which documents hold every pair of
  the query. For a query of
  one or two characters that is the answer. For a longer one the candidates are read in
  ranking order and checked as substrings until the page is full; when candidates were left
  unread, the total is an estimate (SearchPage.approximate).

Only the page's reports are then loaded and excerpted, from the fields that hold the query.
"""

from django.db import connection, transaction
from django.db.models import BooleanField, Case, Q, Value, When
from django.db.models.expressions import RawSQL

from .models import GlossaryEntry, KeyWorkItem, NarrativeSection, ProjectEvaluation, ReportVersion, SearchDocument
from .search import SearchBackend, SearchHit, SearchPage
from .search_text import document_grams, highlight, query_grams

MAX_SNIPPETS = 3
REBUILD_BATCH = 500

# (model, fields searched, what to call the place of a hit)
SOURCES = (
    (NarrativeSection, ("body",), lambda obj: obj.title),
    (KeyWorkItem, ("title", "content", "status"), lambda obj: f"重点工作：{obj.title}"),
    (GlossaryEntry, ("term", "definition"), lambda obj: f"名词解释：{obj.term}"),
    (ProjectEvaluation, ("project_name",), lambda obj: "绩效自评"),
)
RANKING = ("-name_match", "-year", "-published_at", "department_code")


def _contains(query, fields):
    condition = Q()
    for name in fields:
        condition |= Q(**{f"{name}__icontains": query})
    return condition


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
            report_id=report.pk,
            defaults={name: getattr(document, name) for name in
                      ("version_id", "year", "department_code", "published_at", "title", "text", "grams")},
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
        matches = _contains(query, ("title", "text"))
        documents = SearchDocument.objects.annotate(
            name_match=Case(When(title__icontains=query, then=Value(True)), default=Value(False), output_field=BooleanField())
        ).order_by(*RANKING)
        grams, decided = query_grams(query)
        indexed = connection.vendor == "postgresql" and grams and _grams_searchable(grams)
        offset = (page - 1) * per_page
        if not indexed:
            documents = documents.filter(matches)
        else:
            table = connection.ops.quote_name(SearchDocument._meta.db_table)
            documents = documents.filter(
                RawSQL(
                    f"{table}.grams_vector @@ plainto_tsquery('simple'::regconfig, %s)",
                    (" ".join(grams),),
                    output_field=BooleanField(),
                )
            )
        if not indexed or decided:
            total = documents.count()
            rows = list(documents.values_list("version_id", "name_match")[offset : offset + per_page])
            return self._page(query, rows, number=page, per_page=per_page, total=total, has_next=offset + per_page < total)
        return self._checked_page(query, documents, matches, number=page, per_page=per_page)

    def _checked_page(self, query, documents, matches, *, number, per_page):
        """The page, checking candidates as substrings in ranking order until it is full: the
        candidates come from the index a slice at a time, each slice twice the last."""
        candidates = documents.count()
        wanted = number * per_page + 1  # one more than the page tells whether there is a next page
        found, checked, step = [], 0, wanted
        while checked < candidates and len(found) < wanted:
            chunk = list(documents.values_list("pk", "version_id", "name_match")[checked : checked + step])
            if not chunk:
                break
            holding = set(
                SearchDocument.objects.filter(matches, pk__in=[pk for pk, _, _ in chunk]).values_list("pk", flat=True)
            )
            found += [(version_id, name_match) for pk, version_id, name_match in chunk if pk in holding]
            checked += len(chunk)
            step *= 2
        complete = checked >= candidates
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
        """SearchPage of the rows [(version id, name match)]: versions loaded, fields excerpted."""
        ids = [version_id for version_id, _ in rows]
        versions = ReportVersion.objects.select_related("report__department__region").in_bulk(ids)
        hits = {version_id: SearchHit(version=versions[version_id], name_match=name_match, count=int(name_match))
                for version_id, name_match in rows if version_id in versions}
        for model, fields, where in SOURCES:
            for obj in model.objects.filter(_contains(query, fields), version_id__in=ids).order_by("version_id", "position"):
                hit = hits[obj.version_id]
                hit.count += 1
                if len(hit.snippets) >= MAX_SNIPPETS:
                    continue
                for name in fields:
                    snippet = highlight(getattr(obj, name), query)
                    if snippet is not None:
                        hit.snippets.append((where(obj), snippet))
                        break
        for hit in hits.values():
            name = hit.version.report.department.name
            hit.title = highlight(name, query, radius=len(name)) or name
        return SearchPage(
            query=query, hits=list(hits.values()), number=number, per_page=per_page, total=total,
            approximate=approximate, has_next=has_next,
        )


def _grams_searchable(grams):
    """Whether PostgreSQL's parser keeps any of the grams (it drops CJK characters in a
    database whose locale does not know them as letters; then the index cannot help)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT numnode(plainto_tsquery('simple'::regconfig, %s))", [" ".join(grams)])
        return cursor.fetchone()[0] > 0


def documents_build(versions):
    """Unsaved SearchDocuments of versions (their report and department loaded), in two
    queries per source whatever their number."""
    ids = [version.pk for version in versions]
    lines = {pk: [] for pk in ids}
    for model, fields, _ in SOURCES:
        for row in model.objects.filter(version_id__in=ids).order_by("version_id", "position").values_list("version_id", *fields):
            lines[row[0]].extend(value for value in row[1:] if value)
    documents = []
    for version in versions:
        department = version.report.department
        title = "\n".join(filter(None, (department.name, department.aliases)))
        text = "\n".join(lines[version.pk])
        documents.append(
            SearchDocument(
                report_id=version.report_id,
                version_id=version.pk,
                year=version.report.year,
                department_code=department.code,
                published_at=version.published_at,
                title=title,
                text=text,
                grams=document_grams(title, text),
            )
        )
    return documents

