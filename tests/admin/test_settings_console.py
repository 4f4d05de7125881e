"""Settings: site, kiosk and holiday-override changes through the service (both DBs) and the console; audited."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from db.calendar import CalendarError
from db.engine import Database
from db.models import AuditEvent, Kiosk, Site
from db.services import site_admin as sa
from db.services.calendar_db import site_calendar
from tests.fixtures.admin_app import USERS, add_staff, sign_in, wait_for


class Admin:
    """A console user as audit.record accepts it."""

    id = None
    username = "quan.tri"


def _site(db: Database) -> int:
    return db.run(lambda s: s.scalars(select(Site.id).order_by(Site.id)).first(), read_only=True)


def _audit(db: Database, action: str) -> list[AuditEvent]:
    with db.session() as s:
        rows = s.scalars(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)).all()
        s.expunge_all()
        return rows


def test_site_change_is_validated_and_audited(database: Database) -> None:
    site_id = _site(database)
    row = sa.update_site(database, site_id, {"scan_retention_days": 30, "opening_days": "1, 2,3,4,5",
                                             "name": "Bưu điện Hoàn Kiếm"}, user=Admin())
    assert (row.scan_retention_days, row.opening_days, row.name) == (30, "1,2,3,4,5", "Bưu điện Hoàn Kiếm")
    event = _audit(database, "site.update")[0]
    assert event.actor == "quan.tri" and event.entity_id == row.code
    assert event.before == {"scan_retention_days": 0, "opening_days": "1,2,3,4,5,6",
                            "name": "Bưu điện Trung tâm Hà Nội"}
    assert event.after["scan_retention_days"] == 30
    with pytest.raises(CalendarError) as err:
        sa.update_site(database, site_id, {"opening_hours": "25:00-26:00"}, user=Admin())
    assert err.value.code in ("CAL-002", "CAL-003")
    for bad, code in (({"unit_code": "có dấu"}, "ADM-102"), ({"scan_retention_days": -1}, "ADM-103"),
                      ({"code": "X"}, "ADM-109"), ({"name": " "}, "ADM-101")):
        with pytest.raises(sa.SiteAdminError) as err:
            sa.update_site(database, site_id, bad, user=Admin())
        assert err.value.code == code
    assert len(_audit(database, "site.update")) == 1  # refused changes leave no trace and no change
    sa.update_site(database, site_id, {"scan_retention_days": 30}, user=Admin())
    assert len(_audit(database, "site.update")) == 1  # no-op is not audited


def test_holiday_overrides_change_the_calendar(database: Database) -> None:
    site_id = _site(database)
    monday, saturday = date(2027, 1, 4), date(2027, 1, 9)
    assert database.run(lambda s: site_calendar(s, site_id).is_working_day(monday), read_only=True)
    off = sa.add_override(database, monday, "off", user=Admin(), name="Nghỉ bù")
    sa.add_override(database, saturday, "work", user=Admin(), name="Làm bù", site_id=site_id)
    cal = database.run(lambda s: site_calendar(s, site_id), read_only=True)
    assert not cal.is_working_day(monday) and cal.is_working_day(saturday)
    with pytest.raises(sa.SiteAdminError) as err:
        sa.add_override(database, monday, "off", user=Admin())
    assert err.value.code == "ADM-111"
    sa.remove_override(database, off.id, user=Admin())
    assert database.run(lambda s: site_calendar(s, site_id).is_working_day(monday), read_only=True)
    assert [e.action for e in _audit(database, "holiday.add")] == ["holiday.add", "holiday.add"]
    assert _audit(database, "holiday.remove")[0].before["name"] == "Nghỉ bù"


def test_kiosk_changes(database: Database) -> None:
    site_id = _site(database)
    row = sa.add_kiosk(database, site_id, "K02", user=Admin(), name="Sảnh B", printer_url="tcp://10.0.0.5:9100")
    with pytest.raises(sa.SiteAdminError) as err:
        sa.add_kiosk(database, site_id, "K02", user=Admin())
    assert err.value.code == "ADM-107"
    with pytest.raises(sa.SiteAdminError) as err:
        sa.update_kiosk(database, row.id, {"printer_url": "lpt1"}, user=Admin())
    assert err.value.code == "ADM-104"
    changed = sa.update_kiosk(database, row.id, {"camera_source": "/dev/video2", "active": False}, user=Admin())
    assert changed.camera_source == "/dev/video2" and not changed.active
    assert _audit(database, "kiosk.update")[0].after == {"camera_source": "/dev/video2", "active": False}


async def test_admin_edits_settings_in_the_console(sqlite_database: Database, admin_app_factory) -> None:
    db = sqlite_database
    add_staff(db)
    app = admin_app_factory(db)
    async with app.run_test(size=(150, 44)) as pilot:
        await sign_in(pilot, USERS["admin"])
        await pilot.press("f7")
        await wait_for(pilot, lambda: app.screen.id == "settings-screen"
                       and app.screen.query_one("#settings-sites").row_count == 1)
        screen = app.screen
        await pilot.click("#settings-site-edit")
        await wait_for(pilot, lambda: app.screen.query("#form-dialog"))
        app.screen.query_one("#form-scan_retention_days").value = "14"
        app.screen.query_one("#form-public_lookup_url").value = "https://tracuu.example.vn/hs"
        await pilot.pause()
        await pilot.click("#form-ok")
        await wait_for(pilot, lambda: "Đã lưu" in str(screen.query_one("#settings-status").render()))
        await wait_for(pilot, lambda: str(screen.query_one("#settings-sites").get_row_at(0)[5]) == "14")

        await pilot.click("#--content-tab-tab-kiosks")
        await wait_for(pilot, lambda: screen.query_one("#settings-kiosk-edit").region.height > 0)
        await pilot.click("#settings-kiosk-edit")
        await wait_for(pilot, lambda: app.screen.query("#form-dialog"))
        app.screen.query_one("#form-printer_url").value = "lpt://nowhere"
        await pilot.pause()
        await pilot.click("#form-ok")
        await wait_for(pilot, lambda: "PRN-002" in str(screen.query_one("#settings-status").render()))

        await pilot.click("#--content-tab-tab-overrides")
        await wait_for(pilot, lambda: screen.query_one("#settings-override-add").region.height > 0)
        await pilot.click("#settings-override-add")
        await wait_for(pilot, lambda: app.screen.query("#form-dialog"))
        app.screen.query_one("#form-day").value = "02/01/2027"
        app.screen.query_one("#form-name").value = "Nghỉ bù Tết Dương lịch"
        await pilot.pause()
        await pilot.click("#form-ok")
        await wait_for(pilot, lambda: screen.query_one("#settings-overrides").row_count == 1)
    with db.session() as s:
        site = s.scalars(select(Site)).first()
        assert site.scan_retention_days == 14 and site.public_lookup_url == "https://tracuu.example.vn/hs"
        assert s.scalars(select(Kiosk)).first().printer_url == "virtual://"  # refused URL not saved
        actions = [a for a, in s.execute(select(AuditEvent.action).where(AuditEvent.actor == USERS["admin"])
                                         .where(AuditEvent.action.not_like("auth.%")).order_by(AuditEvent.id))]
    assert actions == ["site.update", "holiday.add"]


async def test_agent_cannot_open_settings(sqlite_database: Database, admin_app_factory) -> None:
    add_staff(sqlite_database)
    app = admin_app_factory(sqlite_database)
    async with app.run_test(size=(150, 44)) as pilot:
        await sign_in(pilot, USERS["agent"])
        await pilot.press("f7")
        await pilot.pause()
        assert app.screen.id != "settings-screen"
