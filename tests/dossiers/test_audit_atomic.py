"""A console change and its audit row commit together: when the audit write fails, nothing changes."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import DBAPIError

from db.engine import Database
from db.models import AuditEvent, Dossier, StatusEvent, Ticket
from db.services import dossier_admin as da
from db.services import queue as qs
from db.services.dossiers import submit_dossier
from db.services.site_admin import audited
from tests.dossiers.conftest import vn


@dataclass(frozen=True)
class Staff:
    """A console user as the services see it."""

    id: int | None = None
    username: str = "nhan.vien"


def _break_audit(database: Database) -> None:
    """Make every audit insert fail in the database itself (a real failed write, not a stub)."""
    with database.engine.begin() as conn:
        if database.dialect == "sqlite":
            conn.exec_driver_sql("CREATE TRIGGER audit_broken BEFORE INSERT ON audit_events "
                                 "BEGIN SELECT RAISE(ABORT, 'audit store unavailable'); END")
        else:
            conn.exec_driver_sql("CREATE FUNCTION audit_broken() RETURNS trigger AS $$ BEGIN "
                                 "RAISE EXCEPTION 'audit store unavailable'; END $$ LANGUAGE plpgsql")
            conn.exec_driver_sql("CREATE TRIGGER audit_broken BEFORE INSERT ON audit_events "
                                 "FOR EACH ROW EXECUTE FUNCTION audit_broken()")


def _count(database: Database, model: type) -> int:
    with database.read_session() as s:
        return int(s.scalar(select(func.count()).select_from(model)))


def test_status_change_and_handover_roll_back_without_their_audit_row(database: Database, make_draft) -> None:
    out = submit_dossier(database, make_draft("1.004873"), now=vn(2026, 11, 19, 10))
    events = _count(database, StatusEvent)
    _break_audit(database)
    with pytest.raises(DBAPIError):
        da.set_status(database, out.dossier_id, "in_transit", user=Staff(), now=vn(2026, 11, 19, 11))
    with pytest.raises(DBAPIError):
        da.record_handover(database, out.dossier_id, user=Staff(), now=vn(2026, 11, 19, 12), pdf_name="",
                           pdf_sha256="", pages=0)
    with database.read_session() as s:
        dossier = s.get(Dossier, out.dossier_id)
        assert dossier.status == "received" and dossier.handed_over_at is None
    assert _count(database, StatusEvent) == events and _count(database, AuditEvent) == 0


def test_status_change_writes_its_audit_row_in_the_same_commit(database: Database, make_draft) -> None:
    out = submit_dossier(database, make_draft("1.004873"), now=vn(2026, 11, 19, 10))
    change = da.set_status(database, out.dossier_id, "in_transit", user=Staff(), now=vn(2026, 11, 19, 11))
    with database.read_session() as s:
        row = s.scalars(select(AuditEvent).where(AuditEvent.action == "dossier.status")).one()
        assert row.entity_id == out.reference and row.after["status"] == change.status == "in_transit"
        assert row.before["status"] == "received"


def test_queue_actions_roll_back_without_their_audit_row(database: Database, place: dict[str, int]) -> None:
    with database.session() as s:
        issued = qs.issue_ticket(s, site_id=place["site_id"], now=vn(2026, 11, 19, 9))
        second = qs.issue_ticket(s, site_id=place["site_id"], now=vn(2026, 11, 19, 9, 1))
    user = Staff()
    called = qs.call_next(database, issued.queue_id, "Quầy 1", now=vn(2026, 11, 19, 9, 5),
                          then=audited("call_next", user=user))
    assert called.id == issued.ticket_id and _count(database, AuditEvent) == 1
    _break_audit(database)
    with pytest.raises(DBAPIError):
        qs.finish(database, called.id, then=audited("finish", user=user))
    with pytest.raises(DBAPIError):
        qs.call_next(database, issued.queue_id, "Quầy 2", now=vn(2026, 11, 19, 9, 6),
                     then=audited("call_next", user=user))
    with database.read_session() as s:
        assert s.get(Ticket, called.id).state == "called"
        assert s.get(Ticket, second.ticket_id).state == "waiting"
    assert _count(database, AuditEvent) == 1
