"""Concurrent editors and reviewers over HTTP, and the accounting of what they were told.

Accountants and reviewers (one thread and one logged-in session each) act at random on the
same few reports through the real pages: an accountant loads 公开09表's entry form and saves
one budget figure changed to a value no one else ever writes, or submits the report with the
revision its page showed; a reviewer returns or approves a submitted report with the state
and revision its page showed. Every answer is written down (`Ledger`).

Afterwards the database is compared with what the clients were told (`account`):

- every save and transition that was acknowledged (HTTP 302) used the revision it was loaded
  with, and each one moves the revision up by one: per version the acknowledged operations'
  revisions must be exactly initial, initial+1, … final-1. Two acknowledged operations on one
  revision are a lost update (one overwrote the other unseen); a revision no acknowledged
  operation explains is a write the client was never told of (counted as half-done);
- lost updates also: an acknowledged value of a cell that is not the cell's final value and
  was not followed by a later acknowledged save; and the final 公开09表 must be exactly what
  the last acknowledged save posted;
- half-done transitions: the audit trail's submit/return/approve events must replay the state
  machine from 草稿 to the version's state, one event per acknowledged transition, one cells
  event per acknowledged save, one ReviewDecision per return/approve (a return with its
  reasons), timestamps set, and the audit hash chain intact;
- server errors: HTTP 5xx, dropped connections, and tracebacks in the server's log.
"""

import random
import re
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from html import unescape

from .web import Session

TABLE = 9
ROW = "1"
EDITED = ("budget_abroad", "budget_vehicle_purchase", "budget_vehicle_running", "budget_reception")
INPUT = re.compile(r"<input\b[^>]*>")
ATTRIBUTE = re.compile(r'(\w[\w-]*)="([^"]*)"')
EXPECTED_REVISION = re.compile(r'name="expected_revision" value="(\d+)"')
EXPECTED_STATE = re.compile(r'name="expected_state" value="(\w+)"')
MESSAGE = re.compile(r'<li class="error">(.*?)</li>', re.S)
EDIT_SHARE = 0.6  # of an accountant's actions; the rest are submissions
TRANSITIONS = ("submit", "return", "approve")
NEXT_STATE = {"submit": "submitted", "return": "returned", "approve": "approved"}
ALLOWED_FROM = {"submit": ("draft", "returned"), "return": ("submitted",), "approve": ("submitted",)}


# ---- the world -----------------------------------------------------------------------------------


@dataclass
class World:
    report_pks: list
    accountants: list  # usernames
    reviewers: list
    password: str
    initial_revisions: dict  # report pk -> revision
    initial_seq: int  # the audit trail's last event before the clients start


def world_create(*, reports, accountants, reviewers, password, tag):
    """Reports ready to submit (consistent tables, text written, checklist answered) and their users."""
    from django.contrib.auth.hashers import make_password

    from disclosures.demo.synthetic import consistent_tables
    from disclosures.models import Department, Region
    from disclosures.services import report_create, version_replace_tables
    from portal.accounts.models import Role, User
    from reviews.selectors import version_submission_blockers
    from tests.factories import GOOD_LINES, complete_version

    region = Region.objects.create(code=f"C{tag}", name=f"并发测试区{tag}")
    departments, pks, revisions = [], [], {}
    for n in range(reports):
        department = Department.objects.create(region=region, code=f"C{tag}{n:03d}", name=f"并发测试部门{tag}-{n}")
        report, version = report_create(department=department, year=2024)
        version = version_replace_tables(version=version, tables=consistent_tables(GOOD_LINES).values())
        complete_version(version)  # text written, checklist answered: nothing incomplete
        blockers = version_submission_blockers(version=version).messages
        if blockers:
            raise RuntimeError(f"the starting report cannot be submitted: {blockers}")
        departments.append(department)
        pks.append(report.pk)
        version.refresh_from_db()
        revisions[report.pk] = version.revision
    encoded = make_password(password)  # one hash for all: creating 50 users stays fast
    users = {"accountant": [], "reviewer": []}
    for role, count in (("accountant", accountants), ("reviewer", reviewers)):
        for n in range(count):
            user = User.objects.create(
                username=f"c{tag}-{role}-{n}", password=encoded, role=Role.ACCOUNTANT if role == "accountant" else Role.REVIEWER,
                region=region if role == "reviewer" else None,
            )
            if role == "accountant":
                user.departments.set(departments)
            users[role].append(user.username)
    from portal.audit.models import AuditEvent

    last = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    return World(pks, users["accountant"], users["reviewer"], password, revisions, last)


# ---- what the clients saw ------------------------------------------------------------------------


@dataclass
class Entry:
    client: str
    action: str  # edit, submit, return, approve
    report: int
    status: int  # HTTP status; 0 for a dropped connection
    base: int | None = None  # the revision the client's page showed
    values: dict = field(default_factory=dict)  # edit: the posted 公开09表 budget figures (元)
    changed: str = ""  # edit: the one column this client changed
    detail: str = ""


class Ledger:
    def __init__(self):
        self.entries = []
        self._lock = threading.Lock()

    def add(self, entry):
        with self._lock:
            self.entries.append(entry)


def _inputs(html):
    fields = {}
    for tag in INPUT.findall(html):
        attributes = dict(ATTRIBUTE.findall(tag))
        name = attributes.get("name")
        if name and attributes.get("type") not in ("submit", "checkbox", "button"):
            fields.setdefault(name, []).append(unescape(attributes.get("value", "")))
    return fields


def _money(text):
    text = (text or "").replace(",", "").strip()
    return Decimal(text) if text not in ("", "-") else Decimal("0")


class Client:
    """One user acting at random until told to stop; every answer goes to the ledger."""

    def __init__(self, *, name, role, session, reports, ledger, rng, approve_share):
        self.name, self.role, self.session = name, role, session
        self.reports, self.ledger, self.rng = reports, ledger, rng
        self.approve_share = approve_share
        self.counter = 0
        self.number = int(re.sub(r"\D", "", name.rsplit("-", 1)[-1]) or 0) + (0 if role == "accountant" else 500)

    def _call(self, action, report, request, **extra):
        try:
            response = request()
        except OSError as exc:
            self.ledger.add(Entry(self.name, action, report, 0, detail=repr(exc), **extra))
            return None
        detail = ""
        if response.status == 409:
            found = MESSAGE.search(response.text)
            detail = unescape(found.group(1)) if found else ""
        self.ledger.add(Entry(self.name, action, report, response.status, detail=detail, **extra))
        return response

    def _page(self, report, path):
        try:
            page = self.session.get(path)
        except OSError as exc:
            self.ledger.add(Entry(self.name, "page", report, 0, detail=repr(exc)))
            return None
        if page.status >= 500:
            self.ledger.add(Entry(self.name, "page", report, page.status, detail=path))
            return None
        return page

    def step(self):
        report = self.rng.choice(self.reports)
        if self.role == "accountant":
            if self.rng.random() < EDIT_SHARE:
                self.edit(report)
            else:
                self.submit(report)
        else:
            self.decide(report)

    def edit(self, report):
        path = f"/workspace/reports/{report}/tables/{TABLE}/"
        page = self._page(report, path)
        if page is None or page.status != 200:
            return
        fields = _inputs(page.text)
        if "revision" not in fields:  # read-only: the version is under review
            return
        base = int(fields["revision"][0])
        self.counter += 1
        column = self.rng.choice(EDITED)
        values = {c: _money(fields.get(f"c__{ROW}__{c}", [""])[0]) for c in EDITED}
        # A value only this client, this time, ever writes: 1,000,000 元 and up keeps budget ≥ final.
        values[column] = Decimal(1_000_000 + self.number * 100_000 + self.counter) + Decimal("0.25")
        posted = {name: items for name, items in fields.items() if name != "add_code"}
        for c, amount in values.items():
            posted[f"c__{ROW}__{c}"] = [f"{amount:.2f}"]
        vehicle = values["budget_vehicle_purchase"] + values["budget_vehicle_running"]
        posted[f"c__{ROW}__budget_vehicle"] = [f"{vehicle:.2f}"]
        posted[f"c__{ROW}__budget_total"] = [f"{values['budget_abroad'] + vehicle + values['budget_reception']:.2f}"]
        posted["action"] = ["save"]
        self._call("edit", report, lambda: self.session.post(path, posted), base=base, values=values, changed=column)

    def submit(self, report):
        page = self._page(report, f"/workspace/reports/{report}/")
        if page is None:
            return
        found = EXPECTED_REVISION.search(page.text)
        if not found:  # no submit form: under review or approved
            return
        base = int(found.group(1))
        self._call(
            "submit", report, lambda: self.session.post(f"/workspace/reports/{report}/submit/", {"expected_revision": base}), base=base
        )

    def decide(self, report):
        page = self._page(report, f"/review/reports/{report}/")
        if page is None:
            return
        revision, state = EXPECTED_REVISION.search(page.text), EXPECTED_STATE.search(page.text)
        if not (revision and state):  # nothing to decide
            return
        base = int(revision.group(1))
        fields = {"expected_state": state.group(1), "expected_revision": base}
        if self.rng.random() < self.approve_share:
            fields["confirm"] = "1"  # the confirmation step's answer (without it the page only starts a preview)
            self._call("approve", report, lambda: self.session.post(f"/review/reports/{report}/approve/", fields), base=base)
        else:
            fields["reason"] = f"{self.name}：请核对“三公”经费预算数（第{self.counter}次）"
            fields["confirm"] = "1"  # the return form's required confirmation
            self.counter += 1
            self._call("return", report, lambda: self.session.post(f"/review/reports/{report}/return/", fields), base=base)


def run_clients(*, base_url, world, duration, seed, approve_share=0.1):
    """Log every user in (the login form, CSRF), then let them all act for `duration` seconds."""
    ledger = Ledger()
    clients = []
    names = [("accountant", n) for n in world.accountants] + [("reviewer", n) for n in world.reviewers]
    login_errors = []

    def login(role, name):
        session = Session(base_url)
        try:
            session.login(name, world.password)
        except (OSError, RuntimeError) as exc:
            login_errors.append(f"{name}: {exc}")
            return None
        return Client(
            name=name, role=role, session=session, reports=world.report_pks, ledger=ledger,
            rng=random.Random(f"{seed}-{name}"), approve_share=approve_share,
        )

    threads = []
    for role, name in names:
        thread = threading.Thread(target=lambda r=role, n=name: clients.append(login(r, n)))
        threads.append(thread)
        thread.start()
    for thread in threads:
        thread.join()
    clients = [c for c in clients if c is not None]
    start = threading.Barrier(len(clients) + 1)
    stop_at = [0.0]

    def act(client):
        start.wait()
        while time.monotonic() < stop_at[0]:
            client.step()

    threads = [threading.Thread(target=act, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    stop_at[0] = time.monotonic() + duration
    start.wait()
    for thread in threads:
        thread.join()
    return ledger, len(clients), login_errors


# ---- the accounting ------------------------------------------------------------------------------


@dataclass
class Accounting:
    lost_updates: int = 0
    half_done: int = 0
    server_errors: int = 0
    problems: list = field(default_factory=list)
    acknowledged: Counter = field(default_factory=Counter)
    refused: Counter = field(default_factory=Counter)
    reasons: Counter = field(default_factory=Counter)  # of refused transitions, by message
    final_states: Counter = field(default_factory=Counter)

    def lost(self, message):
        self.lost_updates += 1
        self.problems.append(f"lost update: {message}")

    def half(self, message):
        self.half_done += 1
        self.problems.append(f"half-done: {message}")


def account(*, ledger, world, server_log_errors=()):
    """Compare the database with the ledger; see the module's docstring."""
    from disclosures.models import ReportVersion
    from disclosures.selectors import version_tables
    from portal.audit.models import AuditEvent
    from portal.audit.services import audit_verify
    from reviews.models import DecisionAction, ReturnReason, ReviewDecision

    result = Accounting()
    for entry in ledger.entries:
        if entry.status == 0 or entry.status >= 500:
            result.server_errors += 1
            result.problems.append(f"server error: {entry.action} on report {entry.report}: HTTP {entry.status} {entry.detail}")
        elif entry.status == 302:
            result.acknowledged[entry.action] += 1
        elif entry.action != "page":
            result.refused[f"{entry.action} {entry.status}"] += 1
            if entry.detail:
                result.reasons[f"{entry.action}: {entry.detail[:60]}"] += 1
    result.server_errors += len(server_log_errors)
    result.problems += [f"server log: {line}" for line in list(server_log_errors)[:10]]

    by_report = defaultdict(list)
    for entry in ledger.entries:
        if entry.status == 302:
            by_report[entry.report].append(entry)
    for report in world.report_pks:
        versions = list(ReportVersion.objects.filter(report_id=report))
        if len(versions) != 1:
            result.half(f"report {report} has {len(versions)} versions")
            continue
        version = versions[0]
        result.final_states[version.state] += 1
        acked = sorted(by_report[report], key=lambda e: e.base)
        initial = world.initial_revisions[report]

        # 1. the revision chain
        bases = Counter(e.base for e in acked)
        for base, count in bases.items():
            if count > 1:
                for _ in range(count - 1):
                    result.lost(f"report {report}: {count} operations acknowledged on revision {base}")
        missing = sorted(set(range(initial, version.revision)) - set(bases))
        for revision in missing:
            result.half(f"report {report}: revision {revision} -> {revision + 1} was written, no client was told")
        for base in sorted(b for b in bases if not initial <= b < version.revision):
            result.lost(f"report {report}: an operation acknowledged on revision {base} is not in the chain {initial}..{version.revision}")

        # 2. the cells: each acknowledged value is final or overwritten by a later acknowledged save
        edits = [e for e in acked if e.action == "edit"]
        final = version_tables(version=version)[TABLE]
        for column in EDITED:
            stored = final.get(ROW, column)
            touching = [e for e in edits if e.changed == column]
            for e in touching:
                later = [o for o in edits if o.base > e.base]
                if stored != e.values[column] and not later:
                    result.lost(f"report {report}: {column}={e.values[column]} acknowledged on revision {e.base}, stored {stored}")
        if edits:
            last = edits[-1]
            for column in EDITED:
                if final.get(ROW, column) != last.values[column]:
                    result.lost(
                        f"report {report}: {column} is {final.get(ROW, column)}, the last acknowledged save (revision {last.base}) "
                        f"posted {last.values[column]}"
                    )

        # 3. the transitions: audit trail, decisions, stamps
        events = list(AuditEvent.objects.filter(version=version, seq__gt=world.initial_seq).order_by("seq"))
        counts = Counter(e.action for e in events)
        told = Counter(e.action for e in acked)
        for action in TRANSITIONS:
            if counts[action] != told[action]:
                result.half(f"report {report}: {told[action]} {action} acknowledged, {counts[action]} {action} events recorded")
        if counts["cells"] != told["edit"]:
            result.half(f"report {report}: {told['edit']} saves acknowledged, {counts['cells']} cells events recorded")
        state = "draft"
        for event in events:
            if event.action not in TRANSITIONS:
                continue
            payload = event.payload or {}
            if state not in ALLOWED_FROM[event.action] or payload.get("from") != state or payload.get("to") != NEXT_STATE[event.action]:
                result.half(f"report {report}: event {event.seq} {event.action} {payload.get('from')}->{payload.get('to')} after state {state}")
            state = NEXT_STATE[event.action]
        if state != version.state:
            result.half(f"report {report}: the audit trail ends in {state}, the version is {version.state}")
        decisions = ReviewDecision.objects.filter(version=version)
        for action, kind in (("return", DecisionAction.RETURN), ("approve", DecisionAction.APPROVE)):
            if decisions.filter(action=kind).count() != counts[action]:
                result.half(f"report {report}: {counts[action]} {action} events, {decisions.filter(action=kind).count()} decisions")
        for decision in decisions.filter(action=DecisionAction.RETURN):
            if not ReturnReason.objects.filter(decision=decision).exists():
                result.half(f"report {report}: return decision {decision.pk} without reasons")
        if counts["submit"] and version.submitted_at is None:
            result.half(f"report {report}: submitted without submitted_at")
        if (version.state == "approved") != (version.approved_at is not None):
            result.half(f"report {report}: state {version.state} with approved_at {version.approved_at}")
    chain = _verify_in_one_snapshot(audit_verify)
    if not chain.ok:
        result.half(f"audit chain broken: {chain}")
    return result


def _verify_in_one_snapshot(verify):
    """audit_verify reads the events, then the chain head: on PostgreSQL each read would see the
    database as of its own start, and a writer elsewhere (another run) between the two would make
    the chain look broken. One repeatable-read transaction sees a single state."""
    from django.db import connection, transaction

    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        return verify()
