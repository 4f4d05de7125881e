"""Slips that did not print in time wait for staff at the kiosk: print again or cancel, both audited."""

from __future__ import annotations

import asyncio

from sqlalchemy import select

from db import models as m
from db.services import outbox
from tests.fixtures.credentials import AGENT_PIN
from tests.fixtures.kiosk_app import settle
from tests.kiosk.test_shell_session import _add_agent
from tests.kiosk.test_submit_support import SIZE, wait_for, wait_screen


def _hold(app, kind: str, payload: dict) -> int:  # noqa: ANN001
    """A job written long ago that the print worker then held (``expired``)."""
    with app.ctx.database.session() as s:
        job_id = outbox.enqueue(s, kiosk_id=app.ctx.kiosk_id, kind=kind, payload=payload)
        s.get(m.PrintJob, job_id).state = outbox.FAILED
        s.get(m.PrintJob, job_id).last_outcome = outbox.EXPIRED
    return job_id


async def _open_held(app, pilot) -> None:  # noqa: ANN001
    await pilot.press("f12")
    await wait_screen(pilot, "AgentUnlockScreen")
    for digit in AGENT_PIN:
        await pilot.click(f"#kp-{digit}")
    await pilot.click("#kp-ok")
    await wait_for(pilot, lambda: app.agent is not None, what="agent mode")
    await settle(app, pilot)
    await pilot.press("f12")
    await wait_screen(pilot, "AgentPanelScreen")
    await pilot.click("#agent-held")
    await wait_screen(pilot, "HeldJobsScreen")


async def test_agent_prints_a_held_ticket_again_and_cancels_a_receipt_with_a_reason(kiosk_app_factory,
                                                                                     virtual_printer):
    app = kiosk_app_factory(printer=virtual_printer)
    _add_agent(app)
    ticket = _hold(app, "ticket", {"number": "TN-007", "qr": "VE|BD-HN-001|2026-11-20|TN-007", "site_name": "X",
                                   "queue_name": "Tư pháp", "issued_at": "2026-11-20T09:00:00+07:00"})
    receipt = _hold(app, "receipt", {"reference": "000.00.16.H26-261120-0009"})
    async with app.run_test(size=SIZE) as pilot:
        await _open_held(app, pilot)
        await wait_for(pilot, lambda: bool(app.screen.query(f"#held-{ticket}")), what="held rows")
        assert "2 phiếu chưa in" in str(app.screen.query_one("#held-status").render())
        await pilot.click(f"#held-{receipt}-cancel-left")
        await pilot.click(f"#held-{ticket}-reprint")
        jobs = await asyncio.to_thread(virtual_printer.wait_for_jobs, 1, 15.0)
        assert any("TN-007" in qr for job in jobs for qr in job.qr_texts)
        await wait_for(pilot, lambda: not app.screen.query(f"#held-{receipt}"), what="cancelled row gone")
    with app.ctx.database.session() as s:
        rows = {j.id: (j.state, j.last_outcome, j.last_error) for j in s.scalars(select(m.PrintJob))}
        events = [(e.action, e.actor, e.entity_id, e.after) for e in s.scalars(
            select(m.AuditEvent).where(m.AuditEvent.entity == "print_job").order_by(m.AuditEvent.id))]
    assert rows[ticket][0] == "done"
    assert rows[receipt] == ("failed", "cancelled", "Công dân đã rời đi")
    agent = f"agent.{AGENT_PIN}"
    assert sorted(events) == sorted([("print_job.cancel", agent, str(receipt), {"reason": "Công dân đã rời đi"}),
                                     ("print_job.reprint", agent, str(ticket), None)])
    assert len(virtual_printer.jobs) == 1  # the cancelled receipt never printed
