"""Printing outbox: enqueue, claim once, done/failed/retry, requeue jobs left by a crash."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update

from db.engine import Database
from db.models import PrintJob
from db.seed import get_kiosk, get_site
from db.services import outbox
from db.types import utcnow


def _kiosk_id(database: Database) -> int:
    with database.session() as s:
        site = get_site(s, "BD-HN-001")
        return get_kiosk(s, site.id, "K01").id


def test_claim_done_and_failed(database: Database) -> None:
    kid = _kiosk_id(database)
    with database.session() as s:
        j1 = outbox.enqueue(s, kiosk_id=kid, kind="ticket", payload={"number": "HT-001"})
        j2 = outbox.enqueue(s, kiosk_id=kid, kind="test", payload={"title": "Thử"})
    assert outbox.pending_count(database, kid) == 2
    job = outbox.claim_next(database, kid)
    assert (job.id, job.payload, job.attempts) == (j1, {"number": "HT-001"}, 1)
    assert outbox.claim_next(database, kid).id == j2
    assert outbox.claim_next(database, kid) is None
    outbox.mark_done(database, j1)
    outbox.mark_failed(database, j2, "paper_out", "Hết giấy", retry=True)
    again = outbox.claim_next(database, kid)
    assert (again.id, again.attempts) == (j2, 2)
    outbox.mark_failed(database, j2, "offline", "Máy in không phản hồi", retry=False)
    assert outbox.pending_count(database, kid) == 0
    outbox.retry_failed(database, j2)
    assert outbox.pending_count(database, kid) == 1


def test_jobs_left_sending_are_held_as_maybe_printed_never_requeued(database: Database) -> None:
    """A job left "sending" may be on paper: it is held for staff, never put back to pending (issue 11)."""
    kid = _kiosk_id(database)
    with database.session() as s:
        mine = outbox.enqueue(s, kiosk_id=kid, kind="ticket", payload={})
        theirs = outbox.enqueue(s, kiosk_id=kid, kind="ticket", payload={})
        expired = outbox.enqueue(s, kiosk_id=kid, kind="ticket", payload={})
    assert outbox.claim_next(database, kid, instance="a" * 32).id == mine
    assert outbox.claim_next(database, kid, instance="b" * 32).id == theirs
    assert outbox.claim_next(database, kid, instance="b" * 32).id == expired
    with database.session() as s:
        s.execute(update(PrintJob).where(PrintJob.id == expired).values(lease_until=utcnow() - timedelta(seconds=1)))
    # Instance a restarts: its own job and the one whose lease ran out are held; b's live lease is respected.
    assert outbox.recover_sending(database, kid, "a" * 32, own=True) == [mine, expired]
    assert outbox.recover_sending(database, kid, "a" * 32, own=True) == []
    with database.session() as s:
        rows = {j.id: (j.state, j.last_outcome) for j in s.query(PrintJob)}
    assert rows == {mine: ("maybe_printed", "interrupted"), theirs: ("sending", ""),
                    expired: ("maybe_printed", "lease_expired")}
    assert outbox.claim_next(database, kid, instance="a" * 32) is None
    assert outbox.pending_count(database, kid) == 1  # theirs, still being sent


def test_unknown_kind_is_refused(database: Database) -> None:
    kid = _kiosk_id(database)
    with database.session() as s:
        try:
            outbox.enqueue(s, kiosk_id=kid, kind="poster", payload={})
        except outbox.OutboxError as exc:
            assert exc.code == "DB-011"
        else:
            raise AssertionError("no error")


def test_a_slip_not_printed_in_time_is_held_for_staff_not_printed_to_a_stranger(database: Database) -> None:
    kid = _kiosk_id(database)
    with database.session() as s:
        receipt = outbox.enqueue(s, kiosk_id=kid, kind="receipt", payload={"reference": "X"})
        ticket = outbox.enqueue(s, kiosk_id=kid, kind="ticket", payload={"number": "A001"})
        test = outbox.enqueue(s, kiosk_id=kid, kind="test", payload={"title": "Thử"})
        created = s.get(PrintJob, receipt).created_at
    just_in_time = created + timedelta(seconds=outbox.HOLD_AFTER_S - 1)
    job = outbox.claim_next(database, kid, now=just_in_time)
    assert job.id == receipt  # still in time: printed
    outbox.mark_failed(database, receipt, "paper_out", "Hết giấy", retry=True)
    late = created + timedelta(seconds=outbox.HOLD_AFTER_S + 1)
    # The refill comes late: the receipt and the ticket are held, only the technician's test page prints.
    assert outbox.claim_next(database, kid, now=late).id == test
    assert outbox.claim_next(database, kid, now=late) is None
    with database.session() as s:
        held = {j.id: (j.state, j.last_outcome) for j in s.query(PrintJob).filter(PrintJob.id.in_([receipt, ticket]))}
    assert held == {receipt: ("failed", "expired"), ticket: ("failed", "expired")}
    # Staff standing at the printer release the receipt: it prints, however old it is.
    outbox.retry_failed(database, receipt)
    much_later = late + timedelta(hours=2)
    assert outbox.claim_next(database, kid, now=much_later).id == receipt
    assert outbox.claim_next(database, kid, now=much_later) is None
