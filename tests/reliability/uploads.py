"""Fuzzed uploads checked one by one: no server error, and never half a write.

For every upload the version is read from the database before and after the request:

- a server error is an HTTP 5xx, a dropped connection or an exception out of the view;
- a partial write is a rejected upload (400) after which the version's cells, code lines,
  findings, revision, unit, source file name or audit events differ from before, or an
  accepted one (302) after which the stored cells and code lines differ from what
  workbook_read returns for the same bytes, or the findings from those computed afresh,
  or the revision did not go up by exactly one;
- a wrong verdict is an accepted upload the reader refuses, or a refused one the reader,
  the code list, the year check and the text policy all accept. The text policy is
  restated here, independently of the portal's code: a name (科目名称) holding a control
  character, a line break or tab, or a direction mark or override must be refused.

`fuzz(post=…, version_pk=…, count=…, seed=…)` drives uploads() through @given and tallies.
"""

import io
import re
import time
import traceback
from collections import Counter
from dataclasses import dataclass, field

from hypothesis import HealthCheck, Phase, given, seed, settings

from .strategies import uploads

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class VersionSnapshot:
    revision: int
    state: str
    entry_unit: str
    source_filename: str
    cells: tuple
    code_rows: tuple
    findings: tuple
    audit_events: int


def version_snapshot(*, version_pk):
    from disclosures.models import CodeRow, ReportVersion, TableCell
    from portal.audit.models import AuditEvent
    from reviews.models import Finding

    version = ReportVersion.objects.get(pk=version_pk)
    return VersionSnapshot(
        revision=version.revision,
        state=version.state,
        entry_unit=version.entry_unit,
        source_filename=version.source_filename,
        cells=tuple(
            sorted(TableCell.objects.filter(version_id=version_pk).values_list("table", "row", "column", "amount", "source"))
        ),
        code_rows=tuple(CodeRow.objects.filter(version_id=version_pk).order_by("table", "position").values_list("table", "code", "name")),
        findings=tuple(  # the tables' findings: what an upload changes and findings_compute predicts
            Finding.objects.filter(version_id=version_pk, part="表格")
            .order_by("position")
            .values_list("rule_code", "severity", "message", "fingerprint", "explanation")
        ),
        audit_events=AuditEvent.objects.filter(version_id=version_pk).count(),
    )


# A one-line text may hold none of: C0 controls (line breaks and tab included), DEL, C1
# controls; direction embeddings, overrides, isolates and marks; XML non-characters.
FORBIDDEN_IN_NAMES = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\ufffe\uffff\ud800-\udfff]")


def _text_policy_problems(content):
    """The code lines whose name the upload must be refused for (issue 16 point 6)."""
    return [
        f"name of {code} in table {number}: {name!r}"
        for number, data in content.tables.items()
        for code, name in data.code_rows
        if FORBIDDEN_IN_NAMES.search(name)
    ]


def _reader_verdict(data, filename, year):
    """(content or None, problems) as the import would decide, computed here, out of the server."""
    from disclosures.excel.codes import unknown_code_problems
    from disclosures.excel.problems import WorkbookError
    from disclosures.excel.reader import workbook_read

    try:
        content = workbook_read(fileobj=io.BytesIO(data), filename=filename)
    except WorkbookError as exc:
        return None, exc.problems
    problems = unknown_code_problems(content=content, year=year)
    if content.year is not None and content.year != year:
        problems.append(f"year {content.year}")
    problems += _text_policy_problems(content)
    return content, problems


def _expected_after_accept(content, year):
    """What the version must hold after `content` was accepted: (cells, code rows, findings)."""
    from reviews.services import findings_compute

    cells = tuple(
        sorted(
            (number, row, column, amount, data.sources.get((row, column), ""))
            for number, data in content.tables.items()
            for (row, column), amount in data.cells.items()
            if amount
        )
    )
    code_rows = tuple((number, code, name) for number in range(1, 10) for code, name in content.tables[number].code_rows)
    findings = tuple(
        (f.rule, f.severity, f.message)
        for _, f in findings_compute(tables=content.tables, year=year, entry_unit=content.unit)
    )
    return cells, code_rows, findings


def _names_another_unit(content, version_pk):
    from disclosures.models import ReportVersion
    from disclosures.services import department_name_matches

    if content is None or not content.department_name:
        return False
    department = ReportVersion.objects.select_related("report__department").get(pk=version_pk).report.department
    return not department_name_matches(department=department, name=content.department_name)


def check_upload(*, post, version_pk, year, data, filename):
    """('accepted' | 'rejected' | 'server_error' | 'partial_write' | 'wrong_verdict', detail)."""
    before = version_snapshot(version_pk=version_pk)
    try:
        status, body = post(data, filename)
    except Exception:
        return "server_error", traceback.format_exc(limit=-8)
    after = version_snapshot(version_pk=version_pk)
    if status >= 500:
        return "server_error", f"HTTP {status}: {body[:300]!r}"
    content, problems = _reader_verdict(data, filename, year)
    if status == 400:
        if after != before:
            changed = [name for name in VersionSnapshot.__dataclass_fields__ if getattr(after, name) != getattr(before, name)]
            return "partial_write", f"rejected, yet changed: {', '.join(changed)}"
        if content is not None and not problems:
            return "wrong_verdict", "rejected, but the reader, code list and year accept it"
        return "rejected", ""
    if status == 409:  # another unit's workbook: shown for confirmation, nothing written
        if after != before:
            return "partial_write", "held for confirmation, yet changed"
        if not _names_another_unit(content, version_pk):
            return "wrong_verdict", "held for confirmation, but the workbook names this unit"
        return "held", ""
    if status != 302:
        return "server_error", f"unexpected HTTP {status}"
    if content is None or problems:
        return "wrong_verdict", f"accepted, but the reader finds: {[str(p) for p in problems][:3]}"
    cells, code_rows, findings = _expected_after_accept(content, year)
    wrong = []
    if after.cells != cells:
        wrong.append("cells")
    if after.code_rows != code_rows:
        wrong.append("code rows")
    if tuple(f[:3] for f in after.findings) != findings:
        wrong.append("findings")
    if after.revision != before.revision + 1:
        wrong.append(f"revision {before.revision} -> {after.revision}")
    if after.entry_unit != content.unit:
        wrong.append("entry unit")
    if after.audit_events <= before.audit_events:
        wrong.append("no audit event")
    if wrong:
        return "partial_write", f"accepted, but stored {', '.join(wrong)} differ from the reader's"
    return "accepted", ""


@dataclass
class FuzzResult:
    outcomes: Counter = field(default_factory=Counter)
    failures: list = field(default_factory=list)  # (outcome, description, filename, bytes, detail)
    seconds: float = 0.0

    @property
    def examples(self):
        return sum(v for k, v in self.outcomes.items() if k != "generator_error")

    @property
    def server_errors(self):
        return self.outcomes["server_error"]

    @property
    def partial_writes(self):
        return self.outcomes["partial_write"]

    @property
    def wrong_verdicts(self):
        return self.outcomes["wrong_verdict"]

    @property
    def ok(self):
        return not (self.server_errors or self.partial_writes or self.wrong_verdicts or self.outcomes["generator_error"])


def fuzz(*, post, version_pk, year, count, seed_value=0, progress=None):
    """Post `count` generated uploads through `post(data, filename) -> (status, body)`."""
    result = FuzzResult()
    started = time.perf_counter()

    @seed(seed_value)
    @settings(
        max_examples=count,
        deadline=None,
        database=None,
        phases=[Phase.generate],  # every example counts; shrinking would re-post failures
        suppress_health_check=list(HealthCheck),
    )
    @given(uploads())
    def one(upload):
        description, filename, data = upload
        outcome, detail = check_upload(post=post, version_pk=version_pk, year=year, data=data, filename=filename)
        result.outcomes[outcome] += 1
        if outcome not in ("accepted", "rejected", "held"):
            result.failures.append((outcome, description, filename, data, detail))
        if progress:
            progress(result)

    try:
        one()
    except Exception as exc:  # e.g. hypothesis finding the generation itself flaky: keep the counts
        result.outcomes["generator_error"] += 1
        result.failures.append(("generator_error", "", "", b"", "".join(traceback.format_exception_only(exc))))
    result.seconds = time.perf_counter() - started
    return result
