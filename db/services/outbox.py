"""Printing outbox: jobs written with their dossier/ticket, claimed once by a print worker, retried after faults."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from core.errors import KioskError
from core.i18n import register_catalogue, translator
from db.engine import Database
from db.models import PrintJob
from db.types import utcnow

_ = translator("db")
register_catalogue("db", {"Loại lệnh in không xác định: {kind}": "Unknown print job kind: {kind}"})

PENDING, SENDING, DONE, FAILED = "pending", "sending", "done", "failed"
KINDS = ("ticket", "receipt", "test")
#: A ticket or receipt not printed this many seconds after it was written is held for staff instead:
#: its citizen has likely left, and the slip (name, address, look-up code) must not come out in front
#: of a stranger when the printer is back. Staff print it again on purpose (``retry_failed``).
HOLD_AFTER_S = 180.0
#: ``last_outcome`` of a job held for staff, of a job staff released to print again, and of one they cancelled.
EXPIRED, RELEASED, CANCELLED = "expired", "released", "cancelled"


class OutboxError(KioskError):
    """A print job cannot be stored or updated as asked."""

    code = "DB-010"


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


def claim_next(database: Database, kiosk_id: int, *, hold_after_s: float | None = HOLD_AFTER_S,
               now: datetime | None = None) -> PrintJobView | None:
    """Take the oldest pending job of a kiosk and mark it ``sending``; None when there is none.

    Tickets and receipts older than ``hold_after_s`` are held for staff first (state ``failed``,
    outcome ``expired``), unless staff released them to print again. A job is handed to one worker
    only: PostgreSQL uses ``FOR UPDATE SKIP LOCKED`` plus a guarded update, SQLite serialises writers
    with ``BEGIN IMMEDIATE``.
    """
    at = now or utcnow()

    def work(session: Session) -> PrintJobView | None:
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
            .values(state=SENDING, attempts=PrintJob.attempts + 1, claimed_at=utcnow())
        ).rowcount
        if claimed != 1:
            return None
        session.refresh(job)
        return PrintJobView(job.id, job.kiosk_id, job.kind, dict(job.payload or {}), job.attempts,
                            job.dossier_id, job.ticket_id, job.created_at)

    return database.run(work)


def mark_done(database: Database, job_id: int, outcome: str = "printed", detail: str = "") -> None:
    """Record that a job is finished: ``printed`` (confirmed) or ``sent`` (the printer took it, unconfirmed).

    A ``sent`` job is done too: sending it again could print it twice on a printer that prints silently.
    """
    database.run(lambda s: s.execute(
        update(PrintJob).where(PrintJob.id == job_id)
        .values(state=DONE, printed_at=utcnow(), last_outcome=outcome[:20], last_error=detail)
    ))


def mark_failed(database: Database, job_id: int, outcome: str, error: str, retry: bool) -> None:
    """Record a failed attempt; with ``retry`` the job goes back to ``pending``, else ``failed``.

    Args:
        database: The database.
        job_id: The job.
        outcome: Short machine outcome (``paper_out``, ``offline``, ``cover_open`` ...).
        error: Human-readable detail (no personal data).
        retry: Whether the worker should try again later.
    """
    database.run(lambda s: s.execute(
        update(PrintJob).where(PrintJob.id == job_id)
        .values(state=PENDING if retry else FAILED, last_outcome=outcome[:20], last_error=error, claimed_at=None)
    ))


def requeue_stale(database: Database, kiosk_id: int, older_than_s: float) -> int:
    """Put jobs left ``sending`` (worker crashed mid-job) for longer than ``older_than_s`` back to pending.

    Returns:
        Number of jobs requeued.
    """
    cutoff = utcnow() - timedelta(seconds=older_than_s)
    return int(database.run(lambda s: s.execute(
        update(PrintJob)
        .where(PrintJob.kiosk_id == kiosk_id, PrintJob.state == SENDING,
               (PrintJob.claimed_at.is_(None)) | (PrintJob.claimed_at <= cutoff))
        .values(state=PENDING, last_outcome="requeued", claimed_at=None)
    ).rowcount))


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
    """A ticket or receipt that did not print and waits for staff (reprint or cancel).

    Attributes:
        id: PrintJob id.
        kind: ``ticket`` or ``receipt``.
        label: The queue number or the dossier reference (no personal data).
        created_at: When it was written.
        outcome: Why it is held (``expired``, ``paper_out`` …).
    """

    id: int
    kind: str
    label: str
    created_at: datetime
    outcome: str


def held_jobs(database: Database, kiosk_id: int, limit: int = 20) -> list[HeldJob]:
    """Tickets and receipts of a kiosk that failed or were held and are not cancelled, newest first."""

    def work(session: Session) -> list[HeldJob]:
        rows = session.scalars(
            select(PrintJob)
            .where(PrintJob.kiosk_id == kiosk_id, PrintJob.state == FAILED, PrintJob.kind.in_(("ticket", "receipt")),
                   PrintJob.last_outcome != CANCELLED)
            .order_by(PrintJob.id.desc()).limit(limit)
        )
        return [HeldJob(j.id, j.kind, str((j.payload or {}).get("number" if j.kind == "ticket" else "reference", "")),
                        j.created_at, j.last_outcome) for j in rows]

    return database.run(work, read_only=True)


def reprint_held(database: Database, job_id: int, *, user: Any) -> bool:
    """Staff at the kiosk print a held job again (whatever its age); audited. False if it is not held."""
    from db.services import audit

    def work(session: Session) -> bool:
        done = session.execute(
            update(PrintJob).where(PrintJob.id == job_id, PrintJob.state == FAILED, PrintJob.last_outcome != CANCELLED)
            .values(state=PENDING, last_outcome=RELEASED, claimed_at=None)
        ).rowcount == 1
        if done:
            audit.record(session, user=user, action="print_job.reprint", entity="print_job", entity_id=job_id)
        return done

    return database.run(work)


def cancel_held(database: Database, job_id: int, reason: str, *, user: Any) -> bool:
    """Staff cancel a held job with a reason (it will never print); audited. False if it is not held."""
    from db.services import audit

    def work(session: Session) -> bool:
        done = session.execute(
            update(PrintJob).where(PrintJob.id == job_id, PrintJob.state == FAILED, PrintJob.last_outcome != CANCELLED)
            .values(last_outcome=CANCELLED, last_error=reason[:200])
        ).rowcount == 1
        if done:
            audit.record(session, user=user, action="print_job.cancel", entity="print_job", entity_id=job_id,
                         after={"reason": reason[:200]})
        return done

    return database.run(work)

