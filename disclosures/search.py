"""Search over published reports: department names and the words of the reports.

Chinese is written without spaces, so there is nothing to split into words: the search is a
substring match (icontains), which finds 社保 inside 社保扶贫 on PostgreSQL and SQLite alike.
Only the newest published version of each report is searched; nothing else is ever read.
"""

from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .models import Department, GlossaryEntry, KeyWorkItem, NarrativeSection, ProjectEvaluation
from .selectors import published_versions

MAX_QUERY_LENGTH = 50
MAX_RESULTS = 50
MAX_SNIPPETS = 3
SNIPPET_RADIUS = 40


@dataclass
class SearchHit:
    version: object
    name_match: bool = False
    snippets: list = field(default_factory=list)  # [(where, safe html)]
    count: int = 0
    title: str = ""  # the department's name, the hit in <mark> when it matched


def normalise_query(raw):
    """The query as searched: whitespace collapsed, cut to MAX_QUERY_LENGTH characters."""
    return " ".join((raw or "").split())[:MAX_QUERY_LENGTH]


def highlight(text, query, *, radius=SNIPPET_RADIUS):
    """An excerpt of `text` around the first occurrence of `query`, escaped, the hit in <mark>.

    Returns None when the text does not contain the query.
    """
    text = " ".join((text or "").split())
    start = text.lower().find(query.lower())
    if start < 0:
        return None
    end = start + len(query)
    left, right = max(0, start - radius), min(len(text), end + radius)
    before = ("…" if left else "") + text[left:start]
    after = text[end:right] + ("…" if right < len(text) else "")
    return mark_safe(f"{escape(before)}<mark>{escape(text[start:end])}</mark>{escape(after)}")


# (model, fields searched, what to call the place of a hit)
SOURCES = (
    (NarrativeSection, ("body",), lambda obj: obj.title),
    (KeyWorkItem, ("title", "content", "status"), lambda obj: f"重点工作：{obj.title}"),
    (GlossaryEntry, ("term", "definition"), lambda obj: f"名词解释：{obj.term}"),
    (ProjectEvaluation, ("project_name",), lambda obj: "绩效自评"),
)


def search_published(*, query, limit=MAX_RESULTS):
    """Newest published versions whose department name/aliases or text contain `query`.

    Returns [SearchHit], department-name matches first, then by number of hits, newest year first.
    """
    query = normalise_query(query)
    if not query:
        return []
    newest = published_versions().order_by()
    hits = {}

    def hit_for(version_id):
        return hits.setdefault(version_id, SearchHit(version=None))

    departments = Department.objects.filter(Q(name__icontains=query) | Q(aliases__icontains=query))
    for version_id in newest.filter(report__department__in=departments).values_list("pk", flat=True):
        hit = hit_for(version_id)
        hit.name_match = True
        hit.count += 1

    newest_ids = newest.values("pk")
    for model, fields, where in SOURCES:
        condition = Q()
        for name in fields:
            condition |= Q(**{f"{name}__icontains": query})
        for obj in model.objects.filter(condition, version_id__in=newest_ids).order_by("version_id", "position"):
            hit = hit_for(obj.version_id)
            hit.count += 1
            if len(hit.snippets) >= MAX_SNIPPETS:
                continue
            for name in fields:
                snippet = highlight(getattr(obj, name), query)
                if snippet is not None:
                    hit.snippets.append((where(obj), snippet))
                    break

    versions = {v.pk: v for v in published_versions().filter(pk__in=list(hits))}
    results = []
    for version_id, hit in hits.items():
        if version_id in versions:  # always, unless unpublished between the two reads
            hit.version = versions[version_id]
            name = hit.version.report.department.name
            hit.title = highlight(name, query, radius=len(name)) or escape(name)
            results.append(hit)
    results.sort(key=lambda h: (not h.name_match, -h.count, -h.version.report.year, h.version.report.department.code))
    return results[:limit]
