"""How many waiting tickets a queue's priority policy will call before a given ticket."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.i18n import translator
from db.models import Queue, Ticket
from db.services.queue import WAITING, QueueError, priority_due

_ = translator("db")  # the message is registered by db.services.queue


def _recent_priority_calls(session: Session, queue: Queue, ticket: Ticket) -> list[bool]:
    """Priority flags of the queue's latest calls that day, most recent first (as many as ``every_n`` needs)."""
    if queue.priority_rule != "every_n" or queue.priority_every_n <= 1:
        return []
    rows = session.scalars(
        select(Ticket.priority_class)
        .where(Ticket.queue_id == queue.id, Ticket.business_day == ticket.business_day,
               Ticket.called_at.is_not(None))
        .order_by(Ticket.called_at.desc(), Ticket.id.desc())
        .limit(queue.priority_every_n - 1)
    ).all()
    return [p is not None for p in rows]


def people_ahead(session: Session, ticket_id: int) -> int:
    """Return how many waiting tickets will be called before ``ticket_id`` if nobody else arrives.

    Follows the queue's rule the way ``db.services.queue.call_next`` does: ``strict`` calls every waiting
    priority ticket first, so a priority ticket has only earlier priority tickets ahead; ``every_n`` (N)
    calls one priority ticket in every N calls, counting the day's latest calls. A normal ticket under
    ``strict`` has everyone waiting ahead. Tickets already called are not ahead. Reads only.

    Args:
        session: Session in the caller's transaction (may be the one that just issued the ticket).
        ticket_id: The ticket (normally still waiting; one no longer waiting has nobody ahead).

    Raises:
        QueueError: unknown ticket (QUE-004, as in db.services.queue).
    """
    ticket = session.get(Ticket, ticket_id)
    if ticket is None:
        raise QueueError(_("Không tìm thấy vé."), code="QUE-004")
    if ticket.state != WAITING:
        return 0
    queue = session.get(Queue, ticket.queue_id)
    waiting = session.execute(
        select(Ticket.id, Ticket.priority_class)
        .where(Ticket.queue_id == ticket.queue_id, Ticket.business_day == ticket.business_day,
               Ticket.state == WAITING)
        .order_by(Ticket.issued_at, Ticket.id)
    ).all()
    prio = [row.id for row in waiting if row.priority_class]
    normal = [row.id for row in waiting if not row.priority_class]
    history = _recent_priority_calls(session, queue, ticket)
    ahead = 0
    while prio or normal:
        take_prio = bool(prio) and (not normal or priority_due(queue.priority_rule, queue.priority_every_n, history))
        pick = prio.pop(0) if take_prio else normal.pop(0)
        if pick == ticket_id:
            return ahead
        ahead += 1
        history.insert(0, take_prio)
    return ahead


@dataclass(frozen=True)
class TicketPlace:
    """Where a scanned queue ticket stands now (no personal data: tickets carry none).

    Attributes:
        number: The ticket number (``HT-012``).
        state: ``waiting``, ``called``, ``serving``, ``done`` or ``no_show``.
        counter: The counter it was called to (empty while waiting).
        ahead: Waiting tickets that will be called before it (0 once called).
    """

    number: str
    state: str
    counter: str
    ahead: int


def ticket_place(session: Session, site_id: int, day: date, number: str) -> TicketPlace | None:
    """The place of ticket ``number`` of ``day`` at ``site_id``, or None when there is no such ticket."""
    ticket = session.scalars(
        select(Ticket).where(Ticket.site_id == site_id, Ticket.business_day == day,
                             Ticket.number == (number or "").strip().upper())
    ).first()
    if ticket is None:
        return None
    return TicketPlace(ticket.number, ticket.state, ticket.counter, people_ahead(session, ticket.id))

