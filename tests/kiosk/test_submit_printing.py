"""The print worker: paper out during printing, staff call, recovery with exactly one receipt; stale jobs."""

from __future__ import annotations

import time

from sqlalchemy import select

from db.models import Dossier, PrintJob, StaffCall
from db.services import outbox
from kiosk.printing import PrintSpooler
from tests.kiosk.test_submit_support import (
    SIZE,
    Taps,
    decode_png_qr,
    start,
    text_of,
    wait_for,
    wait_printed,
    wait_screen,
    walk_to_review,
)


async def test_paper_out_then_recovery_prints_each_job_once(kiosk_app_factory, virtual_printer):
    app = kiosk_app_factory(printer=virtual_printer)
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        await walk_to_review(app, pilot, Taps(pilot), postal=True)
        virtual_printer.set_state("paper_out")
        await pilot.click("#review-submit")
        await wait_screen(pilot, "DoneScreen")
        await wait_for(pilot, lambda: "-fault" in app.screen.query_one("#print-status").classes, what="fault shown")
        assert "hết giấy" in text_of(app, "#print-status")
        with app.ctx.database.session() as s:
            dossier = s.scalars(select(Dossier)).one()
            calls = list(s.scalars(select(StaffCall)))
            states = {j.state for j in s.scalars(select(PrintJob))}
        assert [c.reason for c in calls] == ["printer"]
        assert states <= {"pending", "sending"}
        # The codes stay on screen while the printer is out of paper.
        assert text_of(app, "#done-reference") == dossier.reference
        assert text_of(app, "#done-secret") == dossier.lookup_secret
        await pilot.pause(1.5)  # a few retries while the paper is still out
        assert virtual_printer.jobs == []

        virtual_printer.set_state("ok")
        await wait_printed(pilot, app)
        jobs = virtual_printer.wait_for_jobs(2, timeout=10)
        await pilot.pause(1.5)  # no late duplicates
        assert len(virtual_printer.jobs) == 2
        assert f"HS|{dossier.reference}|{dossier.lookup_secret}" in decode_png_qr(jobs[1].png_path)
        with app.ctx.database.session() as s:
            rows = list(s.scalars(select(PrintJob).order_by(PrintJob.id)))
        assert [j.state for j in rows] == ["done", "done"]
        assert rows[0].attempts >= 2


def test_a_job_left_sending_is_held_as_maybe_printed_at_start_up_not_printed_again(kiosk_app_factory, virtual_printer):
    """A crash between "sending" and "done" may have put the slip on paper: staff decide, never the worker."""
    app = kiosk_app_factory(printer=virtual_printer)
    ctx = app.ctx
    with ctx.database.session() as s:
        job_id = outbox.enqueue(s, kiosk_id=ctx.kiosk_id, kind="ticket",
                                payload={"number": "TN-001", "queue_name": "Tư pháp", "site_name": "X",
                                         "issued_at": "2026-11-20T09:00:00+07:00", "qr": "VE|X|2026-11-20|TN-001"})
    claimed = outbox.claim_next(ctx.database, ctx.kiosk_id, instance="f" * 32)  # a crash left it "sending"
    assert claimed is not None and claimed.id == job_id

    spooler = PrintSpooler(ctx, retry_interval_s=0.1, instance_id="f" * 32)  # the same install, restarted
    assert spooler.step() is False
    assert spooler.maybe_printed == [job_id]
    time.sleep(0.5)
    assert virtual_printer.jobs == []
    with ctx.database.session() as s:
        assert s.get(PrintJob, job_id).state == "maybe_printed"
        assert [c.detail for c in s.scalars(select(StaffCall))] == ["maybe_printed"]
    held = outbox.held_jobs(ctx.database, ctx.kiosk_id)
    assert [(j.id, j.maybe_printed, j.label) for j in held] == [(job_id, True, "TN-001")]


def test_offline_printer_keeps_job_pending_and_raises_one_staff_call(kiosk_app_factory):
    app = kiosk_app_factory()  # tcp://127.0.0.1:9: nothing listens
    ctx = app.ctx
    with ctx.database.session() as s:
        job_id = outbox.enqueue(s, kiosk_id=ctx.kiosk_id, kind="test", payload={"title": "T", "lines": [], "qr": ""})
    spooler = PrintSpooler(ctx, retry_interval_s=0.05)
    assert spooler.drain_once() is True
    assert spooler.drain_once() is True
    assert spooler.fault in ("offline", "timeout", "error")
    with ctx.database.session() as s:
        job = s.get(PrintJob, job_id)
        calls = list(s.scalars(select(StaffCall)))
    assert job.state == "pending" and job.attempts == 2
    assert len(calls) == 1 and calls[0].reason == "printer"
