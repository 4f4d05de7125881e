"""Printed means confirmed: a printer that answers no status is never reported "printed" to the citizen."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import select
from textual.widgets import Static

from db.models import PrintJob, StaffCall
from db.services import outbox
from kiosk.printing import PrintSpooler
from kiosk.screens.ticket_only import PRINTED, SENT
from tests.kiosk.test_submit_support import SIZE, Taps, start, text_of, wait_for, wait_screen, walk_to_review
from tests.printing.test_status_variants import FakePrinter

READY = {1: 0x12, 2: 0x12, 3: 0x12, 4: 0x12}
PAPER_OUT = {1: 0x1A, 2: 0x32, 3: 0x12, 4: 0x7E}


def _note(app) -> str:  # noqa: ANN001
    return str(app.screen.query_one("#ticket-print-note", Static).render())


def _jobs(app) -> list[PrintJob]:  # noqa: ANN001
    with app.ctx.database.session() as s:
        return list(s.scalars(select(PrintJob).order_by(PrintJob.id)))


@pytest.mark.parametrize(("state", "note", "outcome", "on_paper"), [
    ("ok", PRINTED, "printed", 1),
    ("silent", SENT, "sent", 1),  # prints, answers nothing: sent once, never claimed
    ("no_answer", SENT, "sent", 0),  # hung: nothing on paper, and the screen does not say there is
])
async def test_ticket_only_says_printed_only_when_the_printer_confirmed(kiosk_app_factory, virtual_printer, state,
                                                                        note, outcome, on_paper):
    virtual_printer.set_state(state)
    app = kiosk_app_factory(printer=virtual_printer)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.click("#choice-ticket")
        await wait_for(pilot, lambda: app.screen.query(".queue-choice"), what="queues")
        await pilot.click("#queue-tn")
        await wait_for(pilot, lambda: app.screen.query("#ticket-print-note") and _note(app) != "Vé đang được in. "
                       "Vui lòng nhận vé và chờ gọi số.", what="print note")
        number = text_of(app, "#ticket-number")
        assert _note(app) == note and number
        if state != "ok":
            assert "in xong" not in _note(app) and "gọi nhân viên" in _note(app)
        await pilot.pause(1.5)  # a retry tick later: nothing is sent again
        jobs = _jobs(app)
        assert [(j.state, j.last_outcome, j.attempts) for j in jobs] == [("done", outcome, 1)]
        assert text_of(app, "#ticket-number") == number  # the number stays on screen
    if on_paper:
        assert len(await asyncio.to_thread(virtual_printer.wait_for_jobs, 1, 10.0)) == 1
    await asyncio.sleep(0.3)
    assert len(virtual_printer.jobs) == on_paper


async def test_done_screen_on_a_hung_printer_keeps_the_codes_and_says_sent(kiosk_app_factory, virtual_printer):
    app = kiosk_app_factory(printer=virtual_printer)
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        await walk_to_review(app, pilot, Taps(pilot), postal=False)
        virtual_printer.set_state("no_answer")
        await pilot.click("#review-submit")
        await wait_screen(pilot, "DoneScreen")
        await wait_for(pilot, lambda: text_of(app, "#print-status").startswith("Đã gửi lệnh in"), what="sent note")
        status = text_of(app, "#print-status")
        assert "in xong" not in status and "gọi nhân viên" in status and "mã tra cứu" in status
        assert app.screen._timer is None  # no automatic return: the codes stay until the citizen taps "Xong"
        assert text_of(app, "#done-reference") and text_of(app, "#done-secret")
        assert {(j.state, j.last_outcome) for j in _jobs(app)} == {("done", "sent")}
    assert virtual_printer.jobs == []


def test_fault_after_the_job_is_held_for_staff_not_retried(kiosk_app_factory):
    """The printer took the whole job, then reported paper out: failed (held), one staff call, never re-sent."""
    printer = FakePrinter(READY, after=PAPER_OUT)
    app = kiosk_app_factory(printer=printer)
    ctx = app.ctx
    with ctx.database.session() as s:
        job_id = outbox.enqueue(s, kiosk_id=ctx.kiosk_id, kind="test", payload={"title": "T", "lines": [], "qr": ""})
    spooler = PrintSpooler(ctx, retry_interval_s=0.05)
    assert spooler.drain_once() is False  # nothing left to retry
    assert printer.done.wait(5) and printer.job  # the job went out exactly once
    with ctx.database.session() as s:
        job = s.get(PrintJob, job_id)
        calls = list(s.scalars(select(StaffCall)))
    assert (job.state, job.last_outcome, job.attempts) == ("failed", "paper_out", 1)
    assert "after the job" in job.last_error and spooler.fault == "paper_out" and spooler.printed_count == 0
    assert [c.reason for c in calls] == ["printer"]
