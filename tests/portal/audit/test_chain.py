"""The audit trail is a hash chain: tampering in the database is detected."""

from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from portal.audit.models import AuditChainHead, AuditEvent
from portal.audit.services import audit_record, audit_verify, cell_changes
from tests.factories import make_department, make_region, make_report, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain():
    _, version = make_report(make_department(make_region()))
    # Saving the report's tables is audited too; start from an empty chain so seq numbers are known.
    AuditEvent.objects.all().delete()
    AuditChainHead.objects.all().delete()
    user = make_user("accountant")
    audit_record(action="upload", actor=user, version=version, payload={"file": "caidian-2024.xlsx"})
    audit_record(
        action="cells",
        actor=user,
        version=version,
        payload={"changes": [{"table": 1, "row": "39", "column": "amount", "from": Decimal("0.00"), "to": "202.14"}]},
    )
    audit_record(action="submit", actor=user, version=version)
    return version


def test_an_intact_chain_verifies(chain):
    report = audit_verify()
    assert report.ok and report.events == 3
    call_command("verify_audit_chain")


def _raw(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_a_value_changed_directly_in_the_database_is_detected(chain):
    event = AuditEvent.objects.get(seq=2)
    tampered = dict(event.payload)
    tampered["changes"][0]["to"] = "999.99"
    AuditEvent.objects.filter(pk=event.pk).update(payload=tampered)
    report = audit_verify()
    assert not report.ok and report.seq == 2 and "内容已被改动" in report.problem
    with pytest.raises(CommandError, match="审计链校验失败"):
        call_command("verify_audit_chain")


def test_a_deleted_event_is_detected(chain):
    _raw("DELETE FROM audit_auditevent WHERE seq = %s", [2])
    report = audit_verify()
    assert not report.ok and "缺少第2号事件" in report.problem


def test_removing_the_newest_event_is_detected(chain):
    _raw("DELETE FROM audit_auditevent WHERE seq = %s", [3])
    report = audit_verify()
    assert not report.ok and "末尾" in report.problem


def test_a_rewritten_actor_is_detected(chain):
    AuditEvent.objects.filter(seq=1).update(actor_name="别人")
    assert not audit_verify().ok


def test_cell_changes_lists_from_and_to_for_each_changed_cell():
    before = {(1, "39", "amount"): Decimal("2021400.00"), (3, "total", "total"): Decimal("1.00")}
    after = {(1, "39", "amount"): Decimal("2021500.00"), (2, "total", "total"): Decimal("5.00"), (3, "total", "total"): Decimal("1.00")}
    assert cell_changes(before=before, after=after) == [
        {"table": 1, "row": "39", "column": "amount", "from": "2021400.00", "to": "2021500.00"},
        {"table": 2, "row": "total", "column": "total", "from": "0.00", "to": "5.00"},
    ]


@pytest.mark.services("postgresql")
@pytest.mark.django_db(transaction=True)
def test_verifying_while_the_portal_appends_events_reports_no_false_break():
    """Events and chain head are read from one snapshot: an event committed between reading the
    events and reading the head is not a broken chain."""
    import threading

    from django.db import connections

    _, version = make_report(make_department(make_region()))
    user = make_user("accountant")
    stop = threading.Event()

    def append():
        try:
            while not stop.is_set():
                audit_record(action="cells", actor=user, version=version, payload={"changes": []})
        finally:
            connections.close_all()

    writer = threading.Thread(target=append)
    writer.start()
    try:
        reports = [audit_verify() for _ in range(40)]
    finally:
        stop.set()
        writer.join()
    assert [r.problem for r in reports if not r.ok] == []
    assert reports[-1].events > reports[0].events  # the writer did append meanwhile
