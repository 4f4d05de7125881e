"""Printing outbox: jobs written with their dossier/ticket, claimed by one kiosk instance, printed once.

States (``PrintJob.state``) and how a job moves:

- ``pending``: waiting for this kiosk's print worker.
- ``sending``: claimed by one kiosk instance (``claimed_by``, ``claimed_at``, a lease ``lease_until``),
  committed in its own transaction BEFORE any byte goes to the printer.
- ``done``: the printer confirmed it (``printed``) or took it without confirming (``sent``); or staff
  checked the paper tray and said it printed (``staff_confirmed``). Never sent again.
- ``failed``: not printed and held for staff: a printer fault after the whole job went out, a job that
  cannot be rendered, a slip not printed in time (``expired``), or cancelled by staff (``cancelled``).
- ``maybe_printed``: the bytes may have gone out but nothing recorded the outcome (the worker died, or its
  lease ran out). Never printed again by itself and never lost: staff check the paper tray and print it
  again, mark it printed, or cancel it (all audited).

pending -> sending (claim) -> done | pending (nothing went out: printer not ready) | failed (held);
sending -> maybe_printed (its instance restarted, or another instance of the kiosk found its lease over);
failed/maybe_printed -> pending (staff: print again), maybe_printed -> done (staff: it printed),
failed/maybe_printed -> failed+cancelled (staff: cancel, with a reason).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, or_, select, true, update
from sqlalchemy.orm import Session

from core.errors import KioskError
from core.i18n import register_catalogue, translator
from db.engine import Database
from db.models import PrintJob
from db.services.kiosk_identity import db_now, holds_kiosk
from db.types import utcnow

_ = translator("db")
register_catalogue("db", {
    "Loại lệnh in không xác định: {kind}": "Unknown print job kind: {kind}",
    "Ki-ốt này đang do một máy khác giữ; máy này không in.":
        "Another install holds this kiosk now; this one does not print.",
})

PENDING, SENDING, DONE, FAILED, MAYBE_PRINTED = "pending", "sending", "done", "failed", "maybe_printed"
STATES = (PENDING, SENDING, DONE, FAILED, MAYBE_PRINTED)
KINDS = ("ticket", "receipt", "test", "label", "handover_list")
#: A ticket or receipt not printed this many seconds after it was written is held for staff instead:
#: its citizen has likely left, and the slip (name, address, look-up code) must not come out in front
#: of a stranger when the printer is back. Staff print it again on purpose (``retry_failed``).
HOLD_AFTER_S = 180.0
#: ``last_outcome`` of a job held for staff, of a job staff released to print again, and of one they cancelled.
EXPIRED, RELEASED, CANCELLED = "expired", "released", "cancelled"
#: ``last_outcome`` of a maybe-printed job: its instance restarted mid-job, or its lease ran out.
INTERRUPTED, LEASE_EXPIRED = "interrupted", "lease_expired"
#: ``last_outcome`` of a maybe-printed job staff found in the paper tray (state ``done``).
STAFF_CONFIRMED = "staff_confirmed"
#: Seconds a claimed job belongs to its instance; after that another instance of the kiosk holds it for staff.
JOB_LEASE_S = 120.0


class OutboxError(KioskError):
    """A print job cannot be stored or updated as asked."""

    code = "DB-010"


class KioskNotHeld(OutboxError):
    """Another live install holds this kiosk (``db.services.kiosk_identity``): this one claims no job."""

    code = "DB-012"


@dataclass(frozen=True)
class PrintJobView:
    """A claimed print job, detached from the session."""

    id: int
    kiosk_id: int
    kind: str
    payload: dict[str, Any]
    attempts: int
    dossier_id: int | None
    ticket_id: int | None
    created_at: datetime


def enqueue(
    session: Session,
    *,
    kiosk_id: int,
    kind: str,
    payload: dict[str, Any],
    dossier_id: int | None = None,
    ticket_id: int | None = None,
) -> int:
    """Add a pending print job in the caller's transaction and return its id.

    Args:
        session: Session of the transaction that also writes the dossier/ticket.
        kiosk_id: Kiosk whose printer prints it.
        kind: ``ticket``, ``receipt`` or ``test``.
        payload: Layout data (see docs/CONTRACTS.md), JSON-serialisable.
        dossier_id: Related dossier, if any.
        ticket_id: Related ticket, if any.
    """
    if kind not in KINDS:
        raise OutboxError(_("Loại lệnh in không xác định: {kind}", kind=repr(kind)), code="DB-011")
    job = PrintJob(kiosk_id=kiosk_id, kind=kind, payload=dict(payload), state=PENDING,
                   dossier_id=dossier_id, ticket_id=ticket_id, created_at=utcnow())
    session.add(job)
    session.flush()
    return job.id


def claim_next(database: Database, kiosk_id: int, *, instance: str | None = None, lease_s: float = JOB_LEASE_S,
               hold_after_s: float | None = HOLD_AFTER_S, now: datetime | None = None) -> PrintJobView | None:
    """Take the oldest pending job of a kiosk and mark it ``sending``; None when there is none.

    The claim is committed on its own, before anything is sent, with the claiming instance
    (``claimed_by``), the time and a lease of ``lease_s`` seconds. With ``instance`` the job is claimed
    only while that instance may work as the kiosk (it holds the kiosk row, or no live install does).

    Tickets and receipts older than ``hold_after_s`` are held for staff first (state ``failed``,
    outcome ``expired``), unless staff released them to print again. A job is handed to one worker
    only: PostgreSQL uses ``FOR UPDATE SKIP LOCKED`` plus a guarded update, SQLite serialises writers
    with ``BEGIN IMMEDIATE``.

    Raises:
        KioskNotHeld: DB-012, another live install holds the kiosk.
    """
    at = now or utcnow()

    def work(session: Session) -> PrintJobView | None:
        clock = db_now(session)
        if instance is not None and not holds_kiosk(session, kiosk_id, instance, clock):
            raise KioskNotHeld(_("Ki-ốt này đang do một máy khác giữ; máy này không in."))
        if hold_after_s is not None:
            session.execute(
                update(PrintJob)
                .where(PrintJob.kiosk_id == kiosk_id, PrintJob.state == PENDING, PrintJob.kind != "test",
                       PrintJob.last_outcome != RELEASED,
                       PrintJob.created_at < at - timedelta(seconds=hold_after_s))
                .values(state=FAILED, last_outcome=EXPIRED,
                        last_error=f"not printed within {int(hold_after_s)} s; held for staff to print again")
            )
        job = session.scalars(
            select(PrintJob)
            .where(PrintJob.kiosk_id == kiosk_id, PrintJob.state == PENDING)
            .order_by(PrintJob.id)
            .limit(1)
            .with_for_update(skip_locked=True)
        ).first()
        if job is None:
            return None
        claimed = session.execute(
            update(PrintJob)
            .where(PrintJob.id == job.id, PrintJob.state == PENDING)
            .values(state=SENDING, attempts=PrintJob.attempts + 1, claimed_at=clock, claimed_by=instance,
                    lease_until=clock + timedelta(seconds=lease_s))
        ).rowcount
        if claimed != 1:
            return None
        session.refresh(job)
        return PrintJobView(job.id, job.kiosk_id, job.kind, dict(job.payload or {}), job.attempts,
                            job.dossier_id, job.ticket_id, job.created_at)

    return database.run(work)


def _claimed(job_id: int, instance: str | None) -> Any:
    """The job, still claimed by ``instance`` (``sending``, or ``maybe_printed`` if another instance held it)."""
    where = [PrintJob.id == job_id, PrintJob.state.in_((SENDING, MAYBE_PRINTED))]
    if instance is not None:
        where.append(PrintJob.claimed_by == instance)
    return update(PrintJob).where(*where)


def mark_done(database: Database, job_id: int, outcome: str = "printed", detail: str = "", *,
              instance: str | None = None) -> bool:
    """Record that a job is finished: ``printed`` (confirmed) or ``sent`` (the printer took it, unconfirmed).

    A ``sent`` job is done too: sending it again could print it twice on a printer that prints silently.
    The instance that sent it knows the outcome, so it records it even if the job was meanwhile held as
    ``maybe_printed`` (its lease ran out during a database outage). False when the job is not (or no
    longer) claimed by ``instance``: staff resolved it already.
    """
    return database.run(lambda s: s.execute(
        _claimed(job_id, instance)
        .values(state=DONE, printed_at=utcnow(), last_outcome=outcome[:20], last_error=detail, lease_until=None)
    ).rowcount == 1)


def mark_failed(database: Database, job_id: int, outcome: str, error: str, retry: bool, *,
                instance: str | None = None) -> bool:
    """Record a failed attempt; with ``retry`` the job goes back to ``pending``, else ``failed`` (held).

    Only retry when nothing of the job went out (the printer was not ready): a job that may be on paper
    is held for staff, never sent again by itself.

    Args:
        database: The database.
        job_id: The job.
        outcome: Short machine outcome (``paper_out``, ``offline``, ``cover_open`` ...).
        error: Human-readable detail (no personal data).
        retry: Whether the worker should try again later.
        instance: The instance that claimed it (the update is guarded by it).
    """
    values: dict[str, Any] = {"state": PENDING if retry else FAILED, "last_outcome": outcome[:20],
                              "last_error": error, "lease_until": None}
    if retry:
        values.update(claimed_at=None, claimed_by=None)
    return database.run(lambda s: s.execute(_claimed(job_id, instance).values(**values)).rowcount == 1)


def mark_maybe_printed(database: Database, job_id: int, outcome: str, error: str, *,
                       instance: str | None = None) -> bool:
    """Hold a job whose bytes may have gone out without a known outcome (``maybe_printed``, for staff)."""
    return database.run(lambda s: s.execute(
        _claimed(job_id, instance)
        .values(state=MAYBE_PRINTED, last_outcome=outcome[:20], last_error=error[:500], lease_until=None)
    ).rowcount == 1)


def recover_sending(database: Database, kiosk_id: int, instance: str | None, *, own: bool = False) -> list[int]:
    """Hold jobs left ``sending`` that no live worker will finish as ``maybe_printed``; return their ids.

    Nothing left ``sending`` is ever put back to ``pending``: its bytes may be on paper already.

    Args:
        database: The database.
        kiosk_id: This kiosk (other kiosks' jobs are never touched).
        instance: This kiosk instance.
        own: At start-up: this instance's own ``sending`` jobs too (a former process of it died mid-job;
            ``kiosk.identity`` makes sure no other process of the instance is alive). Jobs claimed by
            another instance of the kiosk are held only once their lease ran out.
    """

    def work(session: Session) -> list[int]:
        now = db_now(session)
        expired = or_(PrintJob.lease_until.is_(None), PrintJob.lease_until <= now)
        other = or_(PrintJob.claimed_by.is_(None), PrintJob.claimed_by != instance) if instance else true()
        held = [(other, expired, LEASE_EXPIRED)]
        if own and instance:
            held.insert(0, (PrintJob.claimed_by == instance, true(), INTERRUPTED))
        ids: list[int] = []
        for whose, when, outcome in held:
            found = list(session.scalars(select(PrintJob.id).where(
                PrintJob.kiosk_id == kiosk_id, PrintJob.state == SENDING, whose, when).with_for_update()))
            if found:
                session.execute(
                    update(PrintJob).where(PrintJob.id.in_(found), PrintJob.state == SENDING)
                    .values(state=MAYBE_PRINTED, last_outcome=outcome, lease_until=None,
                            last_error="sent to the printer but not confirmed: check the paper tray")
                )
                ids += found
        return sorted(ids)

    return database.run(work)


def release_unsent(database: Database, kiosk_id: int, instance: str, keep: set[int] | frozenset[int] = frozenset()
                   ) -> list[int]:
    """Put back to ``pending`` this instance's ``sending`` jobs that it never sent; return their ids.

    For a print worker that lost track after a database error (a claim whose COMMIT was in doubt): it
    calls this only between jobs, passing in ``keep`` every job whose bytes it did send, so what is left
    ``sending`` under its id was claimed but never sent.
    """

    def work(session: Session) -> list[int]:
        ids = [i for i in session.scalars(select(PrintJob.id).where(
            PrintJob.kiosk_id == kiosk_id, PrintJob.state == SENDING, PrintJob.claimed_by == instance
        ).with_for_update()) if i not in keep]
        if ids:
            session.execute(update(PrintJob).where(PrintJob.id.in_(ids), PrintJob.state == SENDING)
                            .values(state=PENDING, last_outcome="requeued", claimed_at=None, claimed_by=None,
                                    lease_until=None))
        return ids

    return database.run(work)


def pending_count(database: Database, kiosk_id: int) -> int:
    """Number of jobs of a kiosk still to print (pending or being sent)."""
    return int(database.run(lambda s: s.scalar(
        select(func.count()).select_from(PrintJob)
        .where(PrintJob.kiosk_id == kiosk_id, PrintJob.state.in_((PENDING, SENDING)))
    ), read_only=True) or 0)


def retry_failed(database: Database, job_id: int) -> None:
    """Put a ``failed`` job back to ``pending`` (staff pressed "print again"); it prints whatever its age."""
    database.run(lambda s: s.execute(
        update(PrintJob).where(PrintJob.id == job_id, PrintJob.state == FAILED)
        .values(state=PENDING, last_outcome=RELEASED)
    ))


@dataclass(frozen=True)
class HeldJob:
    """A ticket or receipt that did not print, or may have, and waits for staff.

    Attributes:
        id: PrintJob id.
        kind: ``ticket`` or ``receipt``.
        label: The queue number or the dossier reference (no personal data).
        created_at: When it was written.
        outcome: Why it is held (``expired``, ``paper_out``, ``interrupted`` …).
        maybe_printed: It may be in the paper tray already (state ``maybe_printed``): staff check before
            printing it again, or mark it printed.
    """

    id: int
    kind: str
    label: str
    created_at: datetime
    outcome: str
    maybe_printed: bool = False


def held_jobs(database: Database, kiosk_id: int, limit: int = 20) -> list[HeldJob]:
    """Tickets and receipts of a kiosk waiting for staff: maybe printed first, then failed or held; newest first."""

    def work(session: Session) -> list[HeldJob]:
        rows = session.scalars(
            select(PrintJob)
            .where(PrintJob.kiosk_id == kiosk_id, PrintJob.kind.in_(("ticket", "receipt")),
                   or_(PrintJob.state == MAYBE_PRINTED,
                       (PrintJob.state == FAILED) & (PrintJob.last_outcome != CANCELLED)))
            .order_by((PrintJob.state == MAYBE_PRINTED).desc(), PrintJob.id.desc()).limit(limit)
        )
        return [HeldJob(j.id, j.kind, str((j.payload or {}).get("number" if j.kind == "ticket" else "reference", "")),
                        j.created_at, j.last_outcome, j.state == MAYBE_PRINTED) for j in rows]

    return database.run(work, read_only=True)


def _decide(database: Database, job_id: int, *, user: Any, action: str, values: dict[str, Any], reason: str,
            from_states: tuple[str, ...] = (FAILED, MAYBE_PRINTED)) -> bool:
    """Apply a staff decision to a held job and audit it with the reason; False if it is not held (any more)."""
    from db.services import audit

    def work(session: Session) -> bool:
        job = session.scalars(select(PrintJob).where(PrintJob.id == job_id).with_for_update()).first()
        if job is None or job.state not in from_states or (job.state == FAILED and job.last_outcome == CANCELLED):
            return False
        was = job.state
        done = session.execute(
            update(PrintJob).where(PrintJob.id == job_id, PrintJob.state == was).values(**values)
        ).rowcount == 1
        if done:
            audit.record(session, user=user, action=action, entity="print_job", entity_id=job_id,
                         before={"state": was} if was == MAYBE_PRINTED else None,
                         after={"reason": reason[:200]} if reason else None)
        return done

    return database.run(work)


def reprint_held(database: Database, job_id: int, *, user: Any, reason: str = "") -> bool:
    """Staff at the kiosk print a held or maybe-printed job again (whatever its age); audited.

    False if it is not held. For a maybe-printed job ``reason`` says what staff checked (tray empty).
    """
    return _decide(database, job_id, user=user, action="print_job.reprint", reason=reason,
                   values={"state": PENDING, "last_outcome": RELEASED, "claimed_at": None, "claimed_by": None,
                           "lease_until": None})


def confirm_printed(database: Database, job_id: int, reason: str, *, user: Any) -> bool:
    """Staff found a maybe-printed job in the paper tray: it is done, never printed again; audited."""
    return _decide(database, job_id, user=user, action="print_job.mark_printed", reason=reason,
                   from_states=(MAYBE_PRINTED,),
                   values={"state": DONE, "last_outcome": STAFF_CONFIRMED, "printed_at": utcnow(),
                           "last_error": reason[:200]})


def cancel_held(database: Database, job_id: int, reason: str, *, user: Any) -> bool:
    """Staff cancel a held or maybe-printed job with a reason (it will never print); audited.

    False if it is not held.
    """
    return _decide(database, job_id, user=user, action="print_job.cancel", reason=reason,
                   values={"state": FAILED, "last_outcome": CANCELLED, "last_error": reason[:200]})
