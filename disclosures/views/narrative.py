"""The 说明 editor under /workspace/reports/<pk>/narrative/: every text part of the report in the
official order (the year's section list, disclosures/data/narrative_sections.toml), one page a
section with the tables it draws on, a draft from the tables, save, and the text checks' findings
with the offending figure highlighted; and last year's totals for charts 1 and 4 when last
year's report is not in the portal.

Who may see it: department accountants, for their own departments' reports only (other roles
403, other departments' reports 404). The newest version is edited while it is a draft or
returned; otherwise the pages are read-only and a POST is refused (409) with the typed text
shown again, nothing saved. Reviewers of the region see the same text and findings read-only on
their report page (templatetags/narrative_editor.py, rendered inside their own view).
"""

from dataclasses import dataclass, field

from django.contrib import messages
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views import View

from portal.accounts.permissions import AccountantRequiredMixin

from ..forms.narrative import BODY_LIMIT, PriorYearTotalsForm, SectionForm
from ..models import NarrativeSection
from ..narrative_catalog import PART_TITLES, sections_for_report
from ..pdf.selectors import PRIOR_YEAR_KEYS, prior_year_totals
from ..selectors import published_version, reports_for_user, version_latest, version_tables
from ..services import ContentError, StaleRevision, VersionLocked
from ..regions import region_profile
from ..regions.tables import table_layout
from ..tables.grid import table_grid
from . import narrative_engine as engine

SECTION_TEMPLATE = "workspace/narrative_section.html"
INDEX_TEMPLATE = "workspace/narrative.html"

STATUS_LABELS = {"empty": "未填写", "findings": "有问题", "ok": "已填写"}


# ---------------------------------------------------------------- reads for the pages


@dataclass
class Segment:
    """A piece of a section's text; `finding` is set on a highlighted figure."""

    text: str
    finding: object = None


@dataclass
class SectionRow:
    spec: object
    body: str = ""
    findings: list = field(default_factory=list)

    @property
    def key(self):
        return self.spec.key

    @property
    def title(self):
        return self.spec.title

    @property
    def status(self):
        if not self.body.strip():
            return "empty"
        return "findings" if self.findings else "ok"

    @property
    def status_label(self):
        return STATUS_LABELS[self.status]

    @property
    def segments(self):
        return highlight(self.body, self.findings)

    @property
    def finding_list(self):
        """[(Finding, [TextFinding])]: each finding once, with its places in this section."""
        places = {}
        for item in self.findings:
            places.setdefault(item.pk, []).append(item)
        return [(items[0].finding, items) for items in places.values()]

    @property
    def error_count(self):
        return sum(1 for finding, _ in self.finding_list if finding.severity == "error")

    @property
    def warning_count(self):
        return len(self.finding_list) - self.error_count


@dataclass
class Part:
    key: str
    title: str
    rows: list


def highlight(body, findings):
    """The text cut into segments, the figures the findings point at marked (first finding wins
    where two overlap; spans outside the text are ignored)."""
    spans = sorted(
        (f for f in findings if f.span and 0 <= f.span[0] < f.span[1] <= len(body)), key=lambda f: f.span
    )
    segments, at = [], 0
    for finding in spans:
        start, end = finding.span
        if start < at:
            continue
        if start > at:
            segments.append(Segment(body[at:start]))
        segments.append(Segment(body[start:end], finding))
        at = end
    if at < len(body) or not segments:
        segments.append(Segment(body[at:]))
    return segments


def section_rows(*, version):
    """Every section of the report's year, in the official order, with its text and text findings."""
    bodies = dict(NarrativeSection.objects.filter(version=version).values_list("key", "body"))
    findings = engine.text_findings(version=version)
    return [
        SectionRow(spec=spec, body=bodies.get(spec.key, ""), findings=findings.get(spec.key, []))
        for spec in sections_for_report(version.report)
    ]


def section_parts(rows):
    parts = {}
    for row in rows:
        parts.setdefault(row.spec.part, Part(key=row.spec.part, title=PART_TITLES.get(row.spec.part, row.spec.part), rows=[]))
        parts[row.spec.part].rows.append(row)
    return list(parts.values())


def needs_prior_year_entry(*, version):
    """Last year's totals are entered by hand only when last year's report is not published here."""
    report = version.report
    return published_version(department_code=report.department.code, year=report.year - 1) is None


# ---------------------------------------------------------------- views


def _load(request, pk):
    report = get_object_or_404(reports_for_user(user=request.user), pk=pk)
    version = version_latest(report=report)
    if version is None:
        raise Http404("报告没有版本")
    return report, version


def _spec_for(version, key):
    for spec in sections_for_report(version.report):
        if spec.key == key:
            return spec
    raise Http404("没有这一部分")


def _wan_text(amount):
    """An amount in 元 as the 万元 figure it was entered as (exact, up to six places)."""
    if amount is None:
        return ""
    text = f"{amount.scaleb(-4):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _locked_message(version):
    return f"第{version.number}版处于“{version.get_state_display()}”状态，不能修改，您提交的内容没有保存。"


class NarrativeIndexView(AccountantRequiredMixin, View):
    """Who may see it: accountants of the report's department (others 403/404). Read-only
    outside draft/returned."""

    def get(self, request, pk):
        report, version = _load(request, pk)
        return self._render(request, report, version)

    def _render(self, request, report, version, *, prior_form=None, status=200, locked_message=""):
        rows = section_rows(version=version)
        prior_entry = needs_prior_year_entry(version=version)
        if prior_entry and prior_form is None:
            totals = prior_year_totals(version=version)
            initial = {name: _wan_text(totals.get(name)) for name in PRIOR_YEAR_KEYS}
            prior_form = PriorYearTotalsForm(initial={**initial, "revision": version.revision})
        context = {
            "report": report,
            "version": version,
            "parts": section_parts(rows),
            "prior_entry": prior_entry,
            "prior_form": prior_form,
            "locked_message": locked_message,
        }
        return render(request, INDEX_TEMPLATE, context, status=status)


class PriorYearTotalsView(NarrativeIndexView):
    """Who may post: accountants of the report's department while the version is editable
    (others 403/404; a locked version 409, the typed figures shown again)."""

    def get(self, request, pk):
        _load(request, pk)
        return redirect(reverse("workspace:narrative", kwargs={"pk": pk}) + "#prior-year")

    def post(self, request, pk):
        report, version = _load(request, pk)
        form = PriorYearTotalsForm(data=request.POST)
        if not needs_prior_year_entry(version=version):
            messages.info(request, f"{report.year - 1}年度报告已在本平台公开，上年数取自该报告，无须填写。")
            return redirect("workspace:narrative", pk=pk)
        if not version.is_editable:
            return self._render(request, report, version, prior_form=form, status=409, locked_message=_locked_message(version))
        if not form.is_valid():
            return self._render(request, report, version, prior_form=form)
        revision = form.cleaned_data["revision"]
        sections = {PRIOR_YEAR_KEYS[name]: form.cleaned_data[name] for name in PRIOR_YEAR_KEYS}
        try:
            engine.save_sections(
                version=version, sections=sections, user=request.user,
                expected_revision=revision if revision is not None else -1,
            )
        except StaleRevision:
            version.refresh_from_db()
            form = PriorYearTotalsForm(data={**request.POST.dict(), "revision": version.revision})
            form.is_valid()
            form.add_error(None, "您打开本页后，他人已保存了本报告；您填写的数没有保存，仍在下面。核对后再次点击保存将以这些数为准。")
            return self._render(request, report, version, prior_form=form, status=409)
        except VersionLocked:
            version.refresh_from_db()
            return self._render(request, report, version, prior_form=form, status=409, locked_message=_locked_message(version))
        messages.success(request, "已保存上年度收支总计。")
        return redirect(reverse("workspace:narrative", kwargs={"pk": pk}) + "#prior-year")


class SectionEditView(AccountantRequiredMixin, View):
    """Who may see it: accountants of the report's department (others 403/404). Saves only while
    the newest version is editable; a concurrent save or a locked version answers 409 with the
    typed text kept in the textarea."""

    def get(self, request, pk, key):
        report, version = _load(request, pk)
        spec = _spec_for(version, key)
        form = SectionForm(initial={"revision": engine.section_revision(version=version)})
        return self._render(request, report, version, spec, form)

    def post(self, request, pk, key):
        report, version = _load(request, pk)
        spec = _spec_for(version, key)
        form = SectionForm(data=request.POST)
        if request.POST.get("action") == "draft":
            draft = engine.draft(version=version, key=key)
            return self._render(request, report, version, spec, form, draft=draft, dirty=True)
        if not version.is_editable:
            return self._render(request, report, version, spec, form, status=409, locked_message=_locked_message(version))
        if not form.is_valid():
            return self._render(request, report, version, spec, form, dirty=True)
        expected = form.loaded_revision if form.loaded_revision is not None else -1
        try:
            engine.save(version=version, key=key, body=form.cleaned_data["body"], user=request.user, expected_revision=expected)
        except StaleRevision:
            version.refresh_from_db()
            theirs = engine.section_body(version=version, key=key)
            # The page now carries the newer revision: saving again puts the user's text over theirs, knowingly.
            form = SectionForm(data={"body": form.cleaned_data["body"], "revision": engine.section_revision(version=version)})
            return self._render(request, report, version, spec, form, status=409, conflict={"theirs": theirs}, dirty=True)
        except VersionLocked:
            version.refresh_from_db()
            return self._render(request, report, version, spec, form, status=409, locked_message=_locked_message(version))
        except ContentError as exc:
            for problem in exc.problems:
                form.add_error(None, problem)
            return self._render(request, report, version, spec, form, dirty=True)
        messages.success(request, f"已保存“{spec.title}”。")
        return redirect(reverse("workspace:narrative_section", kwargs={"pk": pk, "key": key}) + "#findings")

    def _render(self, request, report, version, spec, form, *, status=200, draft=None, conflict=None, locked_message="", dirty=False):
        rows = section_rows(version=version)
        row = next(r for r in rows if r.key == spec.key)
        index = rows.index(row)
        tables = version_tables(version=version) if spec.tables else {}
        layout = table_layout(region_profile(region=report.department.region))
        editable = version.is_editable and not locked_message
        revision = form.data.get("revision", "") if form.is_bound else form.initial.get("revision", "")
        context = {
            "report": report,
            "version": version,
            "spec": spec,
            "part_title": PART_TITLES.get(spec.part, ""),
            "form": form,
            "revision": revision,
            "body_text": form.typed_body() if form.is_bound else row.body,
            "body_limit": BODY_LIMIT,
            "draftable": spec.part == "explanation",
            "checks_url": reverse("workspace:checks", kwargs={"pk": report.pk}),
            "editable": editable,
            "row": row,
            "rows": rows,
            "previous_row": rows[index - 1] if index else None,
            "next_row": rows[index + 1] if index + 1 < len(rows) else None,
            "grids": [
                table_grid(tables[n], year=report.year, economic_blocks=False, layout=layout) for n in spec.tables
            ],
            "draft": draft,
            "conflict": conflict,
            "locked_message": locked_message,
            "dirty": dirty and editable,
            "draft_url": reverse("workspace:narrative_draft", kwargs={"pk": report.pk, "key": spec.key}),
        }
        return render(request, SECTION_TEMPLATE, context, status=status)


class SectionDraftView(AccountantRequiredMixin, View):
    """The drafted text of one section as JSON, for 按数据生成初稿 (nothing is saved).

    Who may see it: accountants of the report's department (others 403/404)."""

    def get(self, request, pk, key):
        _, version = _load(request, pk)
        _spec_for(version, key)
        return JsonResponse({"text": engine.draft(version=version, key=key)}, json_dumps_params={"ensure_ascii": False})
