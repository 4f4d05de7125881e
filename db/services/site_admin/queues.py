"""Queue settings and console calls the queue service lacks: priority rule, call a chosen ticket, audit."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from core.text import sanitize
from db.engine import Database
from db.models import Queue, Ticket
from db.services import audit
from db.services.queue import CALLED, WAITING, TicketView
from db.services.site_admin.sites import SiteAdminError, _
from db.types import utcnow

PRIORITY_RULES = ("strict", "every_n")


@dataclass(frozen=True)
class QueueRow:
    """A queue with its priority rule."""

    id: int
    site_id: int
    prefix: str
    name: str
    counter_group: str
    priority_rule: str
    priority_every_n: int
    active: bool


def _ticket_view(t: Ticket, now: datetime) -> TicketView:
    waited = max(0, int(((t.called_at or now) - t.issued_at).total_seconds()))
    return TicketView(t.id, t.number, t.queue_id, t.state, t.priority_class, t.priority_reason, t.counter,
                      t.issued_at, t.called_at, t.finished_at, t.recall_count or 0, waited)


def _queue_row(q: Queue) -> QueueRow:
    return QueueRow(q.id, q.site_id, q.prefix, q.name, q.counter_group, q.priority_rule, q.priority_every_n,
                    bool(q.active))


def list_queue_rows(session: Session, site_id: int | None = None) -> list[QueueRow]:
    """Every queue (of one site when given), general queue first then by prefix."""
    stmt = select(Queue)
    if site_id is not None:
        stmt = stmt.where(Queue.site_id == site_id)
    return [_queue_row(q) for q in sorted(session.scalars(stmt), key=lambda q: (q.site_id, bool(q.fields), q.prefix))]


def set_priority_rule(database: Database, queue_id: int, rule: str, every_n: int | None = None, *,
                      user: Any) -> QueueRow:
    """Set a queue's priority rule: ``strict`` (priority first) or ``every_n`` (one priority call in N).

    Raises:
        SiteAdminError: unknown queue (ADM-113), bad rule (ADM-114), N outside 2..20 (ADM-115).
    """
    if rule not in PRIORITY_RULES:
        raise SiteAdminError(_("Quy tắc ưu tiên không hợp lệ."), code="ADM-114")
    if rule == "every_n" and (every_n is None or not 2 <= int(every_n) <= 20):
        raise SiteAdminError(_("N phải từ 2 đến 20."), code="ADM-115")

    def work(session: Session) -> QueueRow:
        queue = session.get(Queue, queue_id)
        if queue is None:
            raise SiteAdminError(_("Không tìm thấy hàng đợi."), code="ADM-113")
        before = {"priority_rule": queue.priority_rule, "priority_every_n": queue.priority_every_n}
        queue.priority_rule = rule
        if every_n is not None:
            queue.priority_every_n = int(every_n)
        after = {"priority_rule": queue.priority_rule, "priority_every_n": queue.priority_every_n}
        old, new = audit.changes(before, after)
        if new:
            audit.record(session, user=user, action="queue.rule", entity="queue", entity_id=queue.prefix,
                         before=old, after=new)
        return _queue_row(queue)

    return database.run(work)


def call_ticket(database: Database, ticket_id: int, counter: str, *, user: Any,
                now: datetime | None = None) -> TicketView:
    """Call one chosen waiting ticket (e.g. serve a priority ticket out of turn) to ``counter``.

    The guarded update (``state = waiting``) makes a race with another console's call safe: only one
    of them changes the row; the other gets ADM-116.

    Raises:
        SiteAdminError: ADM-116 when the ticket is not waiting any more (or does not exist).
    """
    at = now or utcnow()
    label = sanitize(counter or "")[:40]

    def work(session: Session) -> TicketView:
        done = session.execute(
            update(Ticket).where(Ticket.id == ticket_id, Ticket.state == WAITING)
            .values(state=CALLED, counter=label, called_at=at)
        ).rowcount
        if done != 1:
            raise SiteAdminError(_("Vé không còn chờ; có thể quầy khác đã gọi."), code="ADM-116")
        ticket = session.get(Ticket, ticket_id, populate_existing=True)
        audit.record(session, user=user, action="queue.call_ticket", entity="ticket", entity_id=ticket.number,
                     after={"counter": label, "priority_class": ticket.priority_class})
        return _ticket_view(ticket, at)

    return database.run(work)


def audit_queue_action(session: Session, action: str, ticket: TicketView, *, user: Any,
                       detail: dict[str, Any] | None = None) -> None:
    """Write the audit row of a console queue action in the caller's (the action's own) transaction."""
    after = {"state": ticket.state, "counter": ticket.counter, **(detail or {})}
    audit.record(session, user=user, action=f"queue.{action}", entity="ticket", entity_id=ticket.number, after=after)


def audited(action: str, *, user: Any, detail: dict[str, Any] | None = None) -> Callable[[Session, TicketView], None]:
    """The ``then=`` hook for ``db.services.queue`` console calls: audit ``queue.<action>`` in the same transaction.

    Example: ``queue.finish(db, ticket_id, then=audited("finish", user=user))`` — if the audit row cannot be
    written, the ticket change rolls back with it.
    """

    def hook(session: Session, ticket: TicketView) -> None:
        audit_queue_action(session, action, ticket, user=user, detail=detail)

    return hook


def record_queue_action(database: Database, action: str, ticket: TicketView, *, user: Any,
                        detail: dict[str, Any] | None = None) -> None:
    """Audit a queue action after the fact, in a transaction of its own.

    Prefer :func:`audited` (same transaction as the change); this stays for callers that cannot pass a hook.
    """
    database.run(lambda s: audit_queue_action(s, action, ticket, user=user, detail=detail))
