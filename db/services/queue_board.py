"""What a calling board shows: the tickets called today, newest first, and who is still waiting in each queue."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from db.engine import Database
from db.models import Queue, Site, Ticket
from db.numbering import business_day
from db.services.queue import CALLED, SERVING, WAITING
from db.types import utcnow


@dataclass(frozen=True)
class BoardCall:
    """A ticket called to a counter; ``key`` changes on every recall, so a recall is announced again."""

    ticket_id: int
    number: str
    counter: str
    queue_name: str
    called_at: datetime
    recall_count: int

    @property
    def key(self) -> tuple[int, int]:
        """Identity of this announcement (ticket and how many times it was recalled)."""
        return self.ticket_id, self.recall_count


@dataclass(frozen=True)
class QueueWaiting:
    """How many people wait in one queue."""

    queue_id: int
    prefix: str
    name: str
    waiting: int


@dataclass(frozen=True)
class BoardState:
    """One reading of the board: ``calls`` newest first (the first is the one to show big)."""

    calls: tuple[BoardCall, ...]
    queues: tuple[QueueWaiting, ...]
    read_at: datetime


def board_state(database: Database, site_id: int, *, queue_ids: Iterable[int] | None = None,
                prefixes: Iterable[str] | None = None, last: int = 6, now: datetime | None = None) -> BoardState:
    """Read the board of one site for today (one read transaction; about two indexed queries).

    Args:
        database: The shared database (the board follows every console and kiosk through it).
        site_id: The site whose floor the board faces.
        queue_ids: Only these queues (a board over some counters); None: every active queue.
        prefixes: Only the queues with these ticket prefixes (``HT``, ``TN``); None or empty: no filter.
        last: How many calls to return.
        now: Current time (tests); default now.
    """
    at = now or utcnow()
    day = business_day(at)
    wanted = None if queue_ids is None else sorted(set(queue_ids))
    letters = {p.strip().upper() for p in prefixes or () if p.strip()}

    def work(session) -> BoardState:  # noqa: ANN001 - SQLAlchemy session
        queues = session.scalars(select(Queue).where(Queue.site_id == site_id, Queue.active.is_(True))
                                 .order_by(Queue.prefix)).all()
        if wanted is not None:
            queues = [q for q in queues if q.id in wanted]
        if letters:
            queues = [q for q in queues if q.prefix.upper() in letters]
        ids = [q.id for q in queues]
        names = {q.id: q.name for q in queues}
        if not ids:
            return BoardState((), (), at)
        called = session.scalars(
            select(Ticket).where(Ticket.site_id == site_id, Ticket.business_day == day, Ticket.queue_id.in_(ids),
                                 Ticket.state.in_((CALLED, SERVING)), Ticket.called_at.is_not(None))
            .order_by(Ticket.called_at.desc(), Ticket.id.desc()).limit(last)
        ).all()
        counts = dict(session.execute(
            select(Ticket.queue_id, func.count()).where(Ticket.queue_id.in_(ids), Ticket.business_day == day,
                                                        Ticket.state == WAITING).group_by(Ticket.queue_id)
        ).all())
        calls = tuple(BoardCall(t.id, t.number, t.counter, names.get(t.queue_id, ""), t.called_at, t.recall_count)
                      for t in called)
        waiting = tuple(QueueWaiting(q.id, q.prefix, q.name, int(counts.get(q.id, 0))) for q in queues)
        return BoardState(calls, waiting, at)

    return database.run(work, read_only=True)


def board_site(database: Database, site_code: str) -> tuple[int, str]:
    """``(id, name)`` of the site with ``site_code``, or of the first site when no site has that code."""

    def work(session) -> tuple[int, str]:  # noqa: ANN001 - SQLAlchemy session
        site = session.scalars(select(Site).where(Site.code == site_code)).first()
        if site is None:
            site = session.scalars(select(Site).order_by(Site.id)).first()
        return site.id, site.name

    return database.run(work, read_only=True)
