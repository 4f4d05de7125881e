"""Devices mode (Pilot): heartbeats written by another process, stale/fault highlighting, test print, probe, calls."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta

from sqlalchemy import select

from db.engine import Database
from db.models import AuditEvent, Kiosk, PrintJob, Site
from db.services import outbox, site_admin
from db.services.devices import raise_staff_call, write_heartbeat
from db.types import utcnow
from devices.layouts import render_payload
from devices.printing import send
from tests.fixtures.admin_app import USERS, add_staff, sign_in, wait_for

KIOSK_PROCESS = """
import sys
from datetime import datetime, timedelta
from db.engine import Database
from db.services.devices import write_heartbeat
db = Database(sys.argv[1])
at = datetime.fromisoformat(sys.argv[4])
write_heartbeat(db, int(sys.argv[2]), at=at, printer_online=True, printer_paper="near_end", printer_cover_open=False,
                camera_state="ok", pending_jobs=2, app_version="0.1.0")
write_heartbeat(db, int(sys.argv[3]), at=at - timedelta(seconds=120), printer_online=False,
                printer_paper="unknown", printer_error="Máy in không trả lời", camera_state="missing")
db.dispose()
"""


class Staff:
    """A console user as audit.record accepts it."""

    id = None
    username = "setup"


def _kiosks(db: Database, printer_url: str) -> tuple[int, int, int]:
    with db.session() as s:
        site = s.scalars(select(Site).order_by(Site.id)).first()
        k01 = s.scalars(select(Kiosk).where(Kiosk.site_id == site.id)).first()
        site_id, k01_id = site.id, k01.id
    k02 = site_admin.add_kiosk(db, site_id, "K02", user=Staff(), name="Sảnh B", printer_url=printer_url)
    return site_id, k01_id, k02.id


def _print_one(db: Database, kiosk_id: int, url: str) -> None:
    """What the kiosk's print worker does with one outbox job."""
    job = outbox.claim_next(db, kiosk_id)
    assert job is not None and job.kind == "test"
    outcome = send(url, render_payload(job.kind, job.payload, 80, None))
    assert outcome.ok, outcome
    outbox.mark_done(db, job.id)


async def test_devices_view_reads_heartbeats_from_a_kiosk_process(
        sqlite_database: Database, admin_app_factory, virtual_printer) -> None:
    db = sqlite_database
    add_staff(db)
    site_id, k01, k02 = _kiosks(db, virtual_printer.url)
    written = utcnow()
    subprocess.run([sys.executable, "-c", KIOSK_PROCESS, db.url, str(k01), str(k02), written.isoformat()],
                   check=True, timeout=60)
    call_id = raise_staff_call(db, site_id, k01, "citizen", "Cần giúp quét giấy tờ")
    failed_job = db.run(lambda s: outbox.enqueue(s, kiosk_id=k01, kind="test", payload={"title": "x", "lines": []}))
    assert outbox.claim_next(db, k01).id == failed_job
    outbox.mark_failed(db, failed_job, "paper_out", "PRN-011", retry=False)
    app = admin_app_factory(db, clock=lambda: written + timedelta(seconds=4))  # ages judged at a known time
    async with app.run_test(size=(150, 44)) as pilot:
        await sign_in(pilot, USERS["technician"])
        await wait_for(pilot, lambda: app.screen.id == "devices-screen"
                       and app.screen.query_one("#devices-table").row_count == 2)
        screen = app.screen
        table = screen.query_one("#devices-table")
        silent, healthy = table.get_row_at(0), table.get_row_at(1)  # problems first
        assert str(silent[0]).endswith("/K02") and silent[0].style == "bold red"
        assert "Máy in không trả lời" in str(silent[9]) and str(silent[2]) == "mất kết nối"
        assert str(healthy[0]).endswith("/K01") and str(healthy[3]) == "sắp hết giấy" and str(healthy[7]) == "2"
        assert str(healthy[8]) == "1" and healthy[0].style == "yellow"  # one failed print job stands out
        assert "1 mất tín hiệu" in str(screen.query_one("#devices-summary").render())
        calls = screen.query_one("#devices-calls")
        assert calls.row_count == 1 and "Cần giúp quét giấy tờ" in str(calls.get_row_at(0))

        # Test print to K02 (the selected row): queued in the outbox, printed by the kiosk's worker.
        table.move_cursor(row=0)
        await pilot.click("#devices-test-print")
        await wait_for(pilot, lambda: "lệnh in" in str(screen.query_one("#devices-status").render()))
        _print_one(db, k02, virtual_printer.url)
        printed = virtual_printer.wait_for_jobs(1)[0]
        assert any(q.startswith("TEST|") and "|K02|" in q for q in printed.qr_texts)

        # Direct probe of K02's printer, then with the paper out.
        await pilot.click("#devices-probe-button")
        await wait_for(pilot, lambda: "trực tuyến" in str(screen.query_one("#devices-probe").render()))
        virtual_printer.set_state("paper_out")
        await pilot.click("#devices-probe-button")
        await wait_for(pilot, lambda: "hết giấy" in str(screen.query_one("#devices-probe").render()))

        table.move_cursor(row=1)
        await pilot.click("#devices-retry")
        await wait_for(pilot, lambda: str(table.get_row_at(1)[8]) == "0")
        assert db.run(lambda s: s.get(PrintJob, failed_job).state, read_only=True) == "pending"

        calls.move_cursor(row=0)
        await pilot.click("#devices-ack")
        await wait_for(pilot, lambda: calls.row_count == 0)

        # A new staff call while the view is open raises an alert.
        raise_staff_call(db, site_id, k02, "printer", "Kẹt giấy")
        screen.refresh_health()
        await wait_for(pilot, lambda: any("K02 cần hỗ trợ" in str(n.message) for n in app._notifications))

        # K02 comes back: its next heartbeat clears the alarm on the next refresh.
        write_heartbeat(db, k02, at=written, printer_online=True, printer_paper="ok", camera_state="ok")
        screen.refresh_health()
        await wait_for(pilot, lambda: "0 mất tín hiệu" in str(screen.query_one("#devices-summary").render()))
        assert str(table.get_row_at(1)[5]) == "hoạt động"  # camera state in words, not the raw "ok"
    with db.session() as s:
        actions = sorted(a for a, in s.execute(select(AuditEvent.action).where(AuditEvent.actor == USERS["technician"])
                                                .where(AuditEvent.action != "auth.login")))
        assert actions == ["kiosk.retry_failed", "kiosk.test_print", "staff_call.ack"]
        assert s.scalar(select(AuditEvent.entity_id).where(AuditEvent.action == "staff_call.ack")) == str(call_id)

