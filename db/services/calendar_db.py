"""A site's working calendar built from its opening days/hours and the holiday override table."""

from __future__ import annotations

import threading
from collections import OrderedDict
from datetime import date, datetime, time

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from core.errors import KioskError
from core.i18n import register_catalogue, translator
from db.calendar import CalendarError, WorkCalendar, make_calendar, parse_time
from db.models import HolidayOverride, ProcedureVersion, Site

_ = translator("db")
register_catalogue("db", {"Không tìm thấy điểm phục vụ {site_id}": "Service point {site_id} not found"})

_CACHE_SIZE = 32
_lock = threading.Lock()
_cache: OrderedDict[tuple, WorkCalendar] = OrderedDict()


class SiteNotFound(KioskError):
    """The site id does not exist."""

    code = "CAL-010"


def _overrides(session: Session, site_id: int) -> tuple[frozenset[date], frozenset[date]]:
    """Extra days off and make-up days for a site; a site's own row beats a global row on the same day."""
    rows = session.execute(
        select(HolidayOverride.site_id, HolidayOverride.day, HolidayOverride.kind).where(
            or_(HolidayOverride.site_id.is_(None), HolidayOverride.site_id == site_id)
        )
    ).all()
    kinds: dict[date, str] = {}
    for _site, day, kind in sorted(rows, key=lambda r: r[0] is not None):  # globals first
        kinds[day] = kind
    off = frozenset(d for d, k in kinds.items() if k == "off")
    work = frozenset(d for d, k in kinds.items() if k == "work")
    return off, work


def site_calendar(session: Session, site_id: int) -> WorkCalendar:
    """The working calendar of a site, read fresh from the database on every call.

    Two small indexed queries per call, so an override saved by any console (any process) is seen at
    once; the parsed calendar (and the package's holiday years) are cached by content.

    Raises:
        SiteNotFound: No site with this id.
        CalendarError: The site's opening days or hours are malformed.
    """
    site = session.execute(
        select(Site.opening_days, Site.opening_hours).where(Site.id == site_id)
    ).first()
    if site is None:
        raise SiteNotFound(_("Không tìm thấy điểm phục vụ {site_id}", site_id=site_id))
    off, work = _overrides(session, site_id)
    key = (site.opening_days, site.opening_hours, off, work)
    with _lock:
        cal = _cache.get(key)
        if cal is not None:
            _cache.move_to_end(key)
            return cal
    cal = make_calendar(site.opening_days, site.opening_hours, off, work)
    with _lock:
        _cache[key] = cal
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return cal


def clear_calendar_cache() -> None:
    """Drop cached calendars (tests; not needed after override edits, which are read fresh)."""
    with _lock:
        _cache.clear()


def version_cutoff(version: ProcedureVersion) -> time | None:
    """The version's same-day cut-off as a time, or None (a malformed value counts as no cut-off)."""
    if not version.cutoff_time:
        return None
    try:
        return parse_time(version.cutoff_time)
    except CalendarError:
        return None


def appointment_for(
    session: Session, site_id: int, version: ProcedureVersion, received_at: datetime
) -> datetime | None:
    """Appointment (Asia/Ho_Chi_Minh) for a dossier of ``version`` received at ``site_id`` at ``received_at``.

    Cheap enough for every procedure-detail screen. None when the processing time is unknown.
    """
    cal = site_calendar(session, site_id)
    return cal.appointment(received_at, version.processing_days, version_cutoff(version))
