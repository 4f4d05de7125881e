"""Queue tickets: issue (inside any transaction), call next with priority rules, recall, skip, transfer, finish."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, func, insert, select, text, update
from sqlalchemy.orm import Session

from core.errors import KioskError
from core.i18n import register_catalogue, translator
from core.text import fold, sanitize
from db.engine import Database
from db.models import Queue, Site, Ticket
from db.numbering import business_day, local_time, new_ticket_number
from db.types import utcnow

_ = translator("db")
register_catalogue(
    "db",
    {
        "Không tìm thấy hàng đợi.": "Queue not found.",
        "Hàng đợi đang tạm ngừng.": "This queue is closed for now.",
        "Không tìm thấy vé.": "Ticket not found.",
        "Vé không ở trạng thái phù hợp cho thao tác này.": "The ticket is not in a state that allows this.",
        "Chưa cấu hình hàng đợi nào cho điểm phục vụ.": "No queue is set up for this service point.",
    },
)

WAITING, CALLED, SERVING, DONE, NO_SHOW = "waiting", "called", "serving", "done", "no_show"

#: Hook run inside a console operation's transaction with the changed ticket (e.g. to write its audit row,
#: so the change and the record commit or roll back together).
Then = Callable[[Session, "TicketView"], object]


class QueueError(KioskError):
    """A queue operation cannot be done (unknown queue or ticket, wrong state)."""

    code = "QUE-001"


@dataclass(frozen=True)
class TicketIssue:
    """A freshly issued ticket and its print payload (``kind="ticket"`` in the outbox)."""

    ticket_id: int
    number: str
    queue_id: int
    queue_name: str
    counter_group: str
    issued_at: datetime
    business_day: date
    people_ahead: int
    payload: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class TicketView:
    """A ticket as the admin console lists it; ``wait_s`` is time waited (until called, if called)."""

    id: int
    number: str
    queue_id: int
    state: str
    priority_class: str | None
    priority_reason: str
    counter: str
    issued_at: datetime
    called_at: datetime | None
    finished_at: datetime | None
    recall_count: int
    wait_s: int


def list_queues(session: Session, site_id: int, *, active_only: bool = True) -> list[Queue]:
    """Return the queues of a site, general queue first then by prefix."""
    stmt = select(Queue).where(Queue.site_id == site_id)
    if active_only:
        stmt = stmt.where(Queue.active.is_(True))
    return sorted(session.scalars(stmt), key=lambda q: (bool(q.fields), q.prefix))


def queue_for_field(session: Session, site_id: int, field: str) -> Queue:
    """Return the active queue serving ``field`` (lĩnh vực) at a site; the general queue otherwise.

    Raises:
        QueueError: when the site has no active queue at all (QUE-002).
    """
    queues = list_queues(session, site_id)
    wanted = fold(field or "")
    for q in queues:
        if wanted and any(fold(f) == wanted for f in q.fields or []):
            return q
    general = [q for q in queues if not q.fields] or queues
    if not general:
        raise QueueError(_("Chưa cấu hình hàng đợi nào cho điểm phục vụ."), code="QUE-002")
    return general[0]


def _queue(session: Session, site_id: int, queue_id: int) -> Queue:
    queue = session.get(Queue, queue_id)
    if queue is None or queue.site_id != site_id:
        raise QueueError(_("Không tìm thấy hàng đợi."), code="QUE-001")
    if not queue.active:
        raise QueueError(_("Hàng đợi đang tạm ngừng."), code="QUE-003")
    return queue


# Built once; parameters are bound per call (issuing is the hot path under contention).
_QUEUES, _SITES, _TICKETS = Queue.__table__, Site.__table__, Ticket.__table__
_QUEUE_AND_SITE = (
    select(_QUEUES.c.site_id, _QUEUES.c.prefix, _QUEUES.c.name, _QUEUES.c.counter_group, _QUEUES.c.active,
           _SITES.c.name.label("site_name"), _SITES.c.code.label("site_code"))
    .join(_SITES, _SITES.c.id == _QUEUES.c.site_id)
    .where(_QUEUES.c.id == bindparam("queue_id"))
)
_WAITING_COUNT = select(func.count()).select_from(_TICKETS).where(
    _TICKETS.c.queue_id == bindparam("queue_id"), _TICKETS.c.business_day == bindparam("day"),
    _TICKETS.c.state == bindparam("state"),
)
_INSERT_TICKET = insert(_TICKETS).returning(_TICKETS.c.id)
_PG_ISSUE = text(
    "WITH c AS (INSERT INTO counters (kind, scope, day, value) VALUES ('ticket', :scope, :business_day, 1)"
    " ON CONFLICT (kind, scope, day) DO UPDATE SET value = counters.value + 1 RETURNING value)"
    " INSERT INTO tickets (site_id, queue_id, kiosk_id, business_day, seq, number, priority_class,"
    " priority_reason, state, counter, recall_count, issued_at)"
    " SELECT :site_id, :queue_id, :kiosk_id, :business_day, c.value,"
    " :prefix || '-' || lpad(c.value::text, greatest(3, length(c.value::text)), '0'),"
    " :priority_class, :priority_reason, :state, :counter, :recall_count, :issued_at FROM c"
    " RETURNING id, seq, number"
).bindparams(bindparam("issued_at", type_=_TICKETS.c.issued_at.type))


def issue_ticket(
    session: Session,
    *,
    site_id: int,
    queue_id: int | None = None,
    field: str | None = None,
    kiosk_id: int | None = None,
    priority_class: str | None = None,
    priority_reason: str = "",
    now: datetime | None = None,
) -> TicketIssue:
    """Issue the next ticket of a queue in the caller's transaction (the number comes from one upsert).

    Args:
        session: Session in the caller's transaction (the dossier team issues inside theirs).
        site_id: Site issuing the ticket.
        queue_id: Queue to join; when None, the queue serving ``field``, else the general queue.
        field: Procedure field (lĩnh vực) used to pick the queue.
        kiosk_id: Issuing kiosk, when any.
        priority_class: Priority group (e.g. ``elderly``), None for a normal ticket.
        priority_reason: Why priority was given (logged on the ticket); defaults to the class.
        now: Issue time (aware); default now.

    Raises:
        QueueError: unknown or closed queue, or no queue at the site.
    """
    now = now or utcnow()
    if queue_id is None:
        queue_id = queue_for_field(session, site_id, field or "").id
    row = session.execute(_QUEUE_AND_SITE, {"queue_id": queue_id}).first()
    if row is None or row.site_id != site_id:
        raise QueueError(_("Không tìm thấy hàng đợi."), code="QUE-001")
    if not row.active:
        raise QueueError(_("Hàng đợi đang tạm ngừng."), code="QUE-003")
    day = business_day(now)
    # Everyone waiting now is ahead; counted before the counter upsert so its row lock is held briefly.
    ahead = int(session.execute(_WAITING_COUNT, {"queue_id": queue_id, "day": day, "state": WAITING}).scalar_one())
    klass = sanitize(priority_class)[:40] or None if priority_class else None
    reason = sanitize(priority_reason) or (klass or "") if klass else ""
    values = {"site_id": site_id, "queue_id": queue_id, "kiosk_id": kiosk_id, "business_day": day,
              "priority_class": klass, "priority_reason": reason, "state": WAITING, "counter": "",
              "recall_count": 0, "issued_at": now}
    if session.get_bind().dialect.name == "postgresql":
        # Counter upsert and ticket insert in one statement: the counter row stays locked for less time.
        values.update(scope=f"{site_id}:{row.prefix}", prefix=row.prefix)
        ticket_id, seq, number = session.execute(_PG_ISSUE, values).one()
    else:
        seq, number = new_ticket_number(session, site_id, row.prefix, day)
        ticket_id = session.execute(_INSERT_TICKET, {**values, "seq": seq, "number": number}).scalar_one()
    payload = {
        "number": number,
        "queue_name": row.name,
        "counter_group": row.counter_group,
        "issued_at": local_time(now).isoformat(timespec="seconds"),
        "people_ahead": int(ahead),
        "site_name": row.site_name,
        "priority_reason": reason,
        "qr": f"VE|{row.site_code}|{day.isoformat()}|{number}",
    }
    return TicketIssue(ticket_id, number, queue_id, row.name, row.counter_group, now, day, ahead, payload)


def priority_due(rule: str, every_n: int, recent: list[bool]) -> bool:
    """Whether the next call should take a priority ticket (when one waits) under a queue's rule.

    ``strict``: always. ``every_n`` (N): one priority call in every N calls — due when none of the
    last N-1 calls was a priority ticket. Pure; ``recent`` is most recent call first (True = priority).
    """
    if rule != "every_n" or every_n <= 1:
        return True
    return not any(recent[: every_n - 1])


def _recent_calls(session: Session, queue: Queue, day: date) -> list[bool]:
    """Priority flags of the queue's latest calls today, most recent first (as many as the rule needs)."""
    if queue.priority_rule != "every_n" or queue.priority_every_n <= 1:
        return []
    rows = session.scalars(
        select(Ticket.priority_class)
        .where(Ticket.queue_id == queue.id, Ticket.business_day == day, Ticket.called_at.is_not(None))
        .order_by(Ticket.called_at.desc(), Ticket.id.desc())
        .limit(queue.priority_every_n - 1)
    ).all()
    return [p is not None for p in rows]


def call_order(waiting: list[TicketView], rule: str, every_n: int, recent: list[bool]) -> list[TicketView]:
    """Return waiting tickets in the order :func:`call_next` would call them (pure)."""
    prio = sorted((t for t in waiting if t.priority_class), key=lambda t: (t.issued_at, t.id))
    normal = sorted((t for t in waiting if not t.priority_class), key=lambda t: (t.issued_at, t.id))
    history, out = list(recent), []
    while prio or normal:
        take_prio = bool(prio) and (not normal or priority_due(rule, every_n, history))
        pick = prio.pop(0) if take_prio else normal.pop(0)
        out.append(pick)
        history.insert(0, take_prio)
    return out


def _next_waiting(session: Session, queue_id: int, day: date, priority: bool | None) -> Ticket | None:
    stmt = select(Ticket).where(Ticket.queue_id == queue_id, Ticket.business_day == day, Ticket.state == WAITING)
    if priority is True:
        stmt = stmt.where(Ticket.priority_class.is_not(None))
    elif priority is False:
        stmt = stmt.where(Ticket.priority_class.is_(None))
    stmt = stmt.order_by(Ticket.issued_at, Ticket.id).limit(1).with_for_update(skip_locked=True)
    return session.scalars(stmt).first()


def call_next(database: Database, queue_id: int, counter: str, actor: str = "", now: datetime | None = None, *,
              then: Then | None = None) -> TicketView | None:
    """Call the next waiting ticket of a queue to ``counter``; None when nobody waits.

    Two consoles never get the same ticket: PostgreSQL skips rows another console has locked
    (``FOR UPDATE SKIP LOCKED``), SQLite serialises the write transactions (``BEGIN IMMEDIATE``).

    Args:
        database: The database.
        queue_id: Queue to call from.
        counter: Counter label shown to the citizen (``Quầy 2``).
        actor: Staff member (for the record; not personal data of citizens).
        now: Call time; default now.
        then: Run in the same transaction with the called ticket (not when nobody waits).
    """

    def work(session: Session) -> TicketView | None:
        at = now or utcnow()
        queue = session.get(Queue, queue_id)
        if queue is None:
            raise QueueError(_("Không tìm thấy hàng đợi."), code="QUE-001")
        day = business_day(at)
        prefer_priority = priority_due(queue.priority_rule, queue.priority_every_n, _recent_calls(session, queue, day))
        ticket = _next_waiting(session, queue_id, day, True if prefer_priority else False)
        if ticket is None:
            ticket = _next_waiting(session, queue_id, day, None)
        if ticket is None:
            return None
        ticket.state, ticket.counter, ticket.called_at = CALLED, sanitize(counter), at
        session.flush()
        view = _view(ticket, at)
        if then is not None:
            then(session, view)
        return view

    return database.run(work)


def _transition(database: Database, ticket_id: int, allowed: tuple[str, ...], change: dict[str, Any],
                then: Then | None, *, now: datetime | None = None, also: tuple[Any, ...] = ()) -> TicketView:
    def work(session: Session) -> TicketView:
        at = now or utcnow()
        values = {k: (at if v is _NOW else v) for k, v in change.items()}
        result = session.execute(
            update(Ticket).where(Ticket.id == ticket_id, Ticket.state.in_(allowed), *also).values(**values)
        )
        ticket = session.get(Ticket, ticket_id, populate_existing=True)
        if ticket is None:
            raise QueueError(_("Không tìm thấy vé."), code="QUE-004")
        if result.rowcount != 1:
            raise QueueError(_("Vé không ở trạng thái phù hợp cho thao tác này."), code="QUE-005")
        view = _view(ticket, at)
        if then is not None:
            then(session, view)
        return view

    return database.run(work)


_NOW = object()


def recall(database: Database, ticket_id: int, *, then: Then | None = None) -> TicketView:
    """Announce a called ticket again (counts recalls); ``then`` runs in the same transaction."""
    return _transition(database, ticket_id, (CALLED,), {"recall_count": Ticket.recall_count + 1, "called_at": _NOW},
                       then)


def start_service(database: Database, ticket_id: int, *, then: Then | None = None) -> TicketView:
    """Mark a called ticket as being served at its counter; ``then`` runs in the same transaction."""
    return _transition(database, ticket_id, (CALLED,), {"state": SERVING, "served_at": _NOW}, then)


def no_show(database: Database, ticket_id: int, *, then: Then | None = None) -> TicketView:
    """Skip a called ticket whose holder did not come; ``then`` runs in the same transaction."""
    return _transition(database, ticket_id, (CALLED,), {"state": NO_SHOW, "finished_at": _NOW}, then)


#: Seconds during which a no-show can be undone (the ticket goes back to its place in the queue).
NO_SHOW_UNDO_S = 300


def undo_no_show(database: Database, ticket_id: int, *, within_s: int = NO_SHOW_UNDO_S,
                 now: datetime | None = None, then: Then | None = None) -> TicketView:
    """Put a ticket marked no-show less than ``within_s`` seconds ago back into its queue.

    It keeps its number and issue time, so it waits at the place it had; ``then`` runs in the same
    transaction. Raises QUE-005 when the ticket is not a no-show or the time to undo has passed.
    """
    at = now or utcnow()
    return _transition(database, ticket_id, (NO_SHOW,),
                       {"state": WAITING, "counter": "", "called_at": None, "finished_at": None}, then,
                       now=at, also=(Ticket.finished_at >= at - timedelta(seconds=within_s),))


def finish(database: Database, ticket_id: int, *, then: Then | None = None) -> TicketView:
    """Close a called or served ticket; ``then`` runs in the same transaction."""
    return _transition(database, ticket_id, (CALLED, SERVING), {"state": DONE, "finished_at": _NOW}, then)


def transfer(database: Database, ticket_id: int, to_queue_id: int, *, then: Then | None = None) -> TicketView:
    """Move a ticket (keeping its number and place by issue time) to another queue of the same site.

    ``then`` runs in the same transaction with the moved ticket.
    """

    def work(session: Session) -> TicketView:
        ticket = session.get(Ticket, ticket_id, with_for_update=True)
        if ticket is None:
            raise QueueError(_("Không tìm thấy vé."), code="QUE-004")
        _queue(session, ticket.site_id, to_queue_id)
        if ticket.state not in (WAITING, CALLED, SERVING):
            raise QueueError(_("Vé không ở trạng thái phù hợp cho thao tác này."), code="QUE-005")
        ticket.queue_id, ticket.state, ticket.counter = to_queue_id, WAITING, ""
        ticket.called_at = ticket.served_at = None
        session.flush()
        view = _view(ticket, utcnow())
        if then is not None:
            then(session, view)
        return view

    return database.run(work)


def _view(t: Ticket, now: datetime) -> TicketView:
    end = t.called_at or now
    return TicketView(t.id, t.number, t.queue_id, t.state, t.priority_class, t.priority_reason, t.counter,
                      t.issued_at, t.called_at, t.finished_at, t.recall_count or 0,
                      max(0, int((end - t.issued_at).total_seconds())))


def board(database: Database, queue_id: int, now: datetime | None = None) -> dict[str, list[TicketView]]:
    """Return today's ``waiting`` (in call order), ``called`` (serving too) and ``served`` tickets of a queue."""

    def work(session: Session) -> dict[str, list[TicketView]]:
        at = now or utcnow()
        queue = session.get(Queue, queue_id)
        if queue is None:
            raise QueueError(_("Không tìm thấy hàng đợi."), code="QUE-001")
        rows = session.scalars(
            select(Ticket).where(Ticket.queue_id == queue_id, Ticket.business_day == business_day(at))
            .order_by(Ticket.issued_at, Ticket.id)
        ).all()
        out: dict[str, list[TicketView]] = {"waiting": [], "called": [], "served": []}
        for t in rows:
            key = {WAITING: "waiting", CALLED: "called", SERVING: "called"}.get(t.state, "served")
            out[key].append(_view(t, at))
        recent = _recent_calls(session, queue, business_day(at))
        out["waiting"] = call_order(out["waiting"], queue.priority_rule, queue.priority_every_n, recent)
        out["called"].sort(key=lambda v: v.called_at or v.issued_at, reverse=True)
        return out

    return database.run(work, read_only=True)
