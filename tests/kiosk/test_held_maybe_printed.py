"""Slips that may have printed wait for staff in "Phiếu chưa in": print again, already printed, or cancel — audited."""

from __future__ import annotations

import asyncio

from sqlalchemy import select, update

from db import models as m
from db.services import outbox
from kiosk.screens.held_jobs import MAYBE_LABEL, TRAY_EMPTY, TRAY_FOUND
from tests.fixtures.credentials import AGENT_PIN
from tests.kiosk._spool_worker import ticket_payload
from tests.kiosk.test_held_jobs import _open_held
from tests.kiosk.test_shell_session import _add_agent
from tests.kiosk.test_submit_support import SIZE, wait_for


def _maybe_printed(app, number: str) -> int:  # noqa: ANN001
    """A ticket whose worker died between sending it and "done"; its restart held it (``maybe_printed``)."""
    ctx = app.ctx
    with ctx.database.session() as s:
        job_id = outbox.enqueue(s, kiosk_id=ctx.kiosk_id, kind="ticket", payload=ticket_payload(number))
    assert outbox.claim_next(ctx.database, ctx.kiosk_id, instance="d" * 32).id == job_id
    assert outbox.recover_sending(ctx.database, ctx.kiosk_id, "d" * 32, own=True) == [job_id]
    return job_id


async def test_staff_resolve_maybe_printed_slips_each_decision_audited_with_its_reason(kiosk_app_factory,
                                                                                      virtual_printer):
    app = kiosk_app_factory(printer=virtual_printer)
    _add_agent(app)
    found, missing, gone = (_maybe_printed(app, n) for n in ("M-001", "M-002", "M-003"))
    async with app.run_test(size=SIZE) as pilot:
        await _open_held(app, pilot)
        await wait_for(pilot, lambda: bool(app.screen.query(f"#held-{gone}")), what="held rows")
        status = str(app.screen.query_one("#held-status").render())
        assert "3 phiếu chưa in, trong đó 3 phiếu có thể đã in" in status
        row = app.screen.query_one(f"#held-{found}")
        assert MAYBE_LABEL in str(row.query_one(".held-maybe-label").render())
        assert {b.id for b in row.query("Button")} == {f"held-{found}-reprint", f"held-{found}-printed",
                                                      f"held-{found}-cancel-left", f"held-{found}-cancel-handled"}
        await pilot.click(f"#held-{found}-printed")  # in the tray: never printed again
        await wait_for(pilot, lambda: not app.screen.query(f"#held-{found}"), what="confirmed row gone")
        await pilot.click(f"#held-{gone}-cancel-left")
        await wait_for(pilot, lambda: not app.screen.query(f"#held-{gone}"), what="cancelled row gone")
        await pilot.click(f"#held-{missing}-reprint")  # tray empty: printed once now
        jobs = await asyncio.to_thread(virtual_printer.wait_for_jobs, 1, 15.0)
        assert any("M-002" in qr for job in jobs for qr in job.qr_texts)
        await wait_for(pilot, lambda: not app.screen.query(f"#held-{missing}"), what="reprinted row gone")
        await pilot.pause(0.5)
    with app.ctx.database.session() as s:
        rows = {j.id: (j.state, j.last_outcome) for j in s.scalars(select(m.PrintJob))}
        events = sorted((e.action, e.actor, e.entity_id, e.before, e.after) for e in s.scalars(
            select(m.AuditEvent).where(m.AuditEvent.entity == "print_job")))
    assert rows == {found: ("done", "staff_confirmed"), missing: ("done", "printed"), gone: ("failed", "cancelled")}
    agent, was = f"agent.{AGENT_PIN}", {"state": "maybe_printed"}
    assert events == sorted([
        ("print_job.mark_printed", agent, str(found), was, {"reason": TRAY_FOUND}),
        ("print_job.reprint", agent, str(missing), was, {"reason": TRAY_EMPTY}),
        ("print_job.cancel", agent, str(gone), was, {"reason": "Công dân đã rời đi"}),
    ])
    assert len(virtual_printer.jobs) == 1  # only the slip staff did not find


def test_only_a_maybe_printed_job_can_be_marked_printed_and_a_decision_is_taken_once(sqlite_database):
    from tests.kiosk.test_print_exactly_once import _ids

    _site, kiosk_id = _ids(sqlite_database)
    with sqlite_database.session() as s:
        pending = outbox.enqueue(s, kiosk_id=kiosk_id, kind="ticket", payload=ticket_payload("N-001"))
        held = outbox.enqueue(s, kiosk_id=kiosk_id, kind="receipt", payload={"reference": "X-1"})
        s.execute(update(m.PrintJob).where(m.PrintJob.id == held).values(state="maybe_printed"))
    assert not outbox.confirm_printed(sqlite_database, pending, "x", user="cli")
    assert not outbox.reprint_held(sqlite_database, pending, user="cli")
    assert outbox.confirm_printed(sqlite_database, held, TRAY_FOUND, user="cli")
    assert not outbox.confirm_printed(sqlite_database, held, TRAY_FOUND, user="cli")  # a second tap: nothing
    assert not outbox.cancel_held(sqlite_database, held, "x", user="cli")
    assert outbox.held_jobs(sqlite_database, kiosk_id) == []
