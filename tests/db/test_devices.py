"""Device heartbeats (upsert, age) and staff calls (raise once, list, acknowledge)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from db.engine import Database
from db.seed import get_kiosk, get_site
from db.services import devices
from db.types import utcnow


def _ids(database: Database) -> tuple[int, int]:
    with database.session() as s:
        site = get_site(s, "BD-HN-001")
        return site.id, get_kiosk(s, site.id, "K01").id


def test_heartbeat_upsert_and_age(database: Database) -> None:
    site_id, kid = _ids(database)
    then = utcnow() - timedelta(seconds=30)
    devices.write_heartbeat(database, kid, at=then, printer_online=True, printer_paper="ok", camera_fps=12.5)
    devices.write_heartbeat(database, kid, at=then, printer_online=False, printer_paper="out", pending_jobs=2)
    (hb,) = devices.list_heartbeats(database, site_id)
    assert hb.kiosk_code == "K01" and 29 <= hb.age_s < 120
    assert hb.state["printer_online"] is False and hb.state["printer_paper"] == "out"
    assert hb.state["pending_jobs"] == 2 and hb.state["camera_fps"] == 12.5


def test_heartbeat_unknown_field(database: Database) -> None:
    _, kid = _ids(database)
    with pytest.raises(devices.DeviceStateError):
        devices.write_heartbeat(database, kid, toner="low")


def test_staff_calls(database: Database) -> None:
    site_id, kid = _ids(database)
    first = devices.raise_staff_call(database, site_id, kid, "printer", "Hết giấy")
    assert devices.raise_staff_call(database, site_id, kid, "printer", "Hết giấy") == first
    other = devices.raise_staff_call(database, site_id, kid, "citizen")
    calls = devices.open_staff_calls(database, site_id)
    assert [c.id for c in calls] == [first, other] and calls[0].kiosk_code == "K01"
    assert devices.acknowledge_staff_call(database, first, "agent1") is True
    assert devices.acknowledge_staff_call(database, first, "agent2") is False
    assert [c.id for c in devices.open_staff_calls(database)] == [other]
