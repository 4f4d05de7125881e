"""A printer that answers no status is a warning in the heartbeat and the Devices view, never "trực tuyến"."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from admin_tui.modes.devices import UNCONFIRMED
from admin_tui.modes.devices_data import faults_of
from core.settings import Settings
from db.engine import Database
from db.models import DeviceHeartbeat, Kiosk
from db.services import site_admin
from db.types import utcnow
from kiosk import heartbeat
from kiosk.context import KioskContext
from tests.fixtures.admin_app import USERS, add_staff, sign_in, wait_for


class Staff:
    """A console user as audit.record accepts it."""

    id = None
    username = "setup"


def _beat(db: Database, kiosk: Kiosk, url: str) -> dict:
    """Write the heartbeat the kiosk's own code writes (real status request over TCP); return the row."""
    ctx = KioskContext(settings=Settings(), database=db, site_id=kiosk.site_id, kiosk_id=kiosk.id, printer_url=url)
    heartbeat.beat(ctx, "ok")
    with db.session() as s:
        row = s.get(DeviceHeartbeat, kiosk.id)
        return {c.name: getattr(row, c.name) for c in DeviceHeartbeat.__table__.columns}


@pytest.mark.parametrize("state", ["no_answer", "silent"])
def test_heartbeat_of_a_printer_without_status_is_a_warning(sqlite_database, virtual_printer, state):
    with sqlite_database.session() as s:
        kiosk = s.scalars(select(Kiosk)).first()
        s.expunge(kiosk)
    virtual_printer.set_state(state)
    row = _beat(sqlite_database, kiosk, virtual_printer.url)
    assert row["printer_online"] is False and row["printer_error"] == "no status answer"
    assert faults_of(row) == ("printer_unconfirmed",)  # not "offline", not a bare "error", not healthy
    virtual_printer.set_state("ok")
    row = _beat(sqlite_database, kiosk, virtual_printer.url)
    assert row["printer_online"] is True and faults_of(row) == ()


async def test_devices_view_shows_a_hung_printer_as_a_warning(sqlite_database, admin_app_factory, virtual_printer):
    db = sqlite_database
    add_staff(db)
    with db.session() as s:
        site_id = s.scalars(select(Kiosk)).first().site_id
    site_admin.add_kiosk(db, site_id, "K09", user=Staff(), name="Sảnh C", printer_url=virtual_printer.url)
    with db.session() as s:
        kiosk = s.scalars(select(Kiosk).where(Kiosk.code == "K09")).one()
        s.expunge(kiosk)
    virtual_printer.set_state("no_answer")
    _beat(db, kiosk, virtual_printer.url)
    app = admin_app_factory(db, clock=utcnow)
    async with app.run_test(size=(150, 44)) as pilot:
        await sign_in(pilot, USERS["technician"])
        await wait_for(pilot, lambda: app.screen.id == "devices-screen"
                       and app.screen.query_one("#devices-table").row_count >= 1)
        screen = app.screen
        table = screen.query_one("#devices-table")
        rows = [table.get_row_at(i) for i in range(table.row_count)]
        row = next(r for r in rows if str(r[0]).endswith("/K09"))
        assert str(row[2]) == UNCONFIRMED and "trực tuyến" not in str(row[2]) and row[0].style == "yellow"
        assert "· 1 có lỗi ·" in str(screen.query_one("#devices-summary").render())
        table.move_cursor(row=rows.index(row))
        await pilot.click("#devices-probe-button")
        await wait_for(pilot, lambda: UNCONFIRMED in str(screen.query_one("#devices-probe").render()))
        assert "trực tuyến" not in str(screen.query_one("#devices-probe").render())
