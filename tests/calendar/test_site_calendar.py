"""Site calendars from the database: opening days, global and site overrides, appointment_for."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import select

from db.calendar import VN_TZ
from db.models import HolidayOverride, Procedure, Site
from db.services.calendar_db import SiteNotFound, appointment_for, site_calendar


def vn(y: int, m: int, d: int, hh: int = 9, mm: int = 0) -> datetime:
    """A Hà Nội local time."""
    return datetime(y, m, d, hh, mm, tzinfo=VN_TZ)


def test_overrides_site_beats_global_and_changes_are_seen_at_once(database):
    with database.session() as s:
        site = s.scalars(select(Site).order_by(Site.id)).first()
        version = s.scalars(select(Procedure).where(Procedure.code == "1.004873")).one().versions[-1]
        sid = site.id
        before = appointment_for(s, sid, version, vn(2027, 1, 7, 10))  # Thu 7/1/2027 + 3 days
        assert before == vn(2027, 1, 12, 10)
    with database.session() as s:
        s.add(HolidayOverride(site_id=None, day=date(2027, 1, 8), kind="off", name="Nghỉ bù"))
        s.add(HolidayOverride(site_id=None, day=date(2027, 1, 9), kind="work", name="Làm bù"))
        s.add(HolidayOverride(site_id=sid, day=date(2027, 1, 8), kind="work", name="Điểm này vẫn làm"))
    with database.session() as s:
        cal = site_calendar(s, sid)
        assert cal.is_working_day(date(2027, 1, 8)) and cal.is_working_day(date(2027, 1, 9))
        assert appointment_for(s, sid, version, vn(2027, 1, 7, 10)) == vn(2027, 1, 11, 10)
    with database.session() as s:
        with pytest.raises(SiteNotFound):
            site_calendar(s, 987654)


def test_site_opening_days_come_from_the_row(database):
    with database.session() as s:
        site = s.scalars(select(Site).order_by(Site.id)).first()
        site.opening_days, site.opening_hours = "2,3,4,5,6", "08:00-12:00,13:00-17:30"
    with database.session() as s:
        cal = site_calendar(s, site.id)
        assert not cal.is_open_day(date(2026, 11, 23)) and cal.is_open_day(date(2026, 11, 28))
        assert cal.appointment(vn(2026, 11, 27, 12, 30), 0) == vn(2026, 11, 27, 17)
