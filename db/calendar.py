"""Working-day calendar and appointment times (pure: no database, Asia/Ho_Chi_Minh).

Rules, in one place so the kiosk, the receipt and the admin console agree:

* **Working day** (for counting statutory processing time): Monday–Friday, minus Vietnamese public
  holidays (``holidays``, country ``VN``: New Year, Tết, Giỗ Tổ, 30/4, 1/5, 2/9 with its adjacent
  day, 24/11 from 2026, observed and swapped days), minus the override table's extra days off, plus
  make-up working days (the package's ``weekend_workdays`` and the override table's ``work`` days).
* **Open day** (when the site can hand a result back): a working day on which the site opens
  (``opening_days``), or a make-up working day. A site open on Saturdays does not shorten the
  statutory count; a site closed on some weekdays moves the appointment to its next open day.
* **Start of the clock**: the day of receipt when it is a working day and the receipt is before the
  procedure's cut-off (e.g. 15:00) and before the end of the last opening session; otherwise the next
  working day, as if received at opening time.
* **Due day**: the start day plus ``processing_days`` working days (0 = the start day itself),
  moved forward to the site's next open day if needed.
* **Appointment time** (something a citizen can act on, never outside opening hours, never on a day
  off): for ``processing_days >= 1`` the same clock time as the (effective) receipt, clamped into the
  opening sessions (a lunch-break time moves to the afternoon opening) and no later than
  ``last_call`` before closing; for same-day procedures the later of the receipt time and
  ``last_call`` before closing (e.g. 16:30 when the office closes at 17:00).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cached_property, lru_cache
from zoneinfo import ZoneInfo

import holidays as holidays_pkg

from core.errors import KioskError
from core.i18n import get_language, register_catalogue, translator

_ = translator("db")
register_catalogue(
    "db",
    {
        "Giờ không hợp lệ: {text}": "Invalid time: {text}",
        "Giờ mở cửa không hợp lệ: {text}": "Invalid opening hours: {text}",
        "Ngày mở cửa không hợp lệ: {text}": "Invalid opening days: {text}",
        "Điểm phục vụ không có ngày mở cửa nào": "The service point has no opening day",
        "Số ngày làm việc không được âm": "The number of working days cannot be negative",
        "Không tìm thấy ngày làm việc nào": "No working day found",
        "Thời điểm thiếu múi giờ": "The time has no time zone",
        "Ngày nghỉ": "Day off",
    },
)

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
STATUTORY_WEEKDAYS = frozenset({1, 2, 3, 4, 5})
DEFAULT_OPENING_DAYS = frozenset({1, 2, 3, 4, 5})
_MAX_SCAN_DAYS = 3660  # ten years of days: a bound so a misconfigured calendar cannot loop forever


class CalendarError(KioskError):
    """A calendar setting (opening days/hours, cut-off) is malformed or leaves no working day."""

    code = "CAL-001"


@dataclass(frozen=True)
class OpeningHours:
    """Opening sessions of a day, e.g. 07:30–11:30 and 13:30–17:00, sorted and non-overlapping.

    Attributes:
        sessions: ``(open, close)`` pairs in local time.
    """

    sessions: tuple[tuple[time, time], ...]

    @property
    def opens(self) -> time:
        """Opening time of the first session."""
        return self.sessions[0][0]

    @property
    def closes(self) -> time:
        """Closing time of the last session."""
        return self.sessions[-1][1]

    def clamp(self, at: time) -> time:
        """Move ``at`` into a session: before/between sessions → next opening; after → closing."""
        for start, end in self.sessions:
            if at < start:
                return start
            if at <= end:
                return at
        return self.closes


DEFAULT_HOURS = OpeningHours(((time(7, 30), time(11, 30)), (time(13, 30), time(17, 0))))
_HHMM = re.compile(r"^\s*(\d{1,2})[:hH.](\d{2})\s*$")


def parse_time(text: str) -> time:
    """Parse ``"15:00"`` (also ``15h00``, ``15.00``) into a time.

    Raises:
        CalendarError: The text is not a valid clock time.
    """
    m = _HHMM.match(text or "")
    if not m or int(m.group(1)) > 23 or int(m.group(2)) > 59:
        raise CalendarError(_("Giờ không hợp lệ: {text}", text=text), code="CAL-002")
    return time(int(m.group(1)), int(m.group(2)))


def parse_opening_hours(text: str) -> OpeningHours:
    """Parse ``"07:30-11:30,13:30-17:00"`` into sorted, non-overlapping sessions.

    Raises:
        CalendarError: A session is malformed, empty or overlaps another.
    """
    sessions: list[tuple[time, time]] = []
    for part in (text or "").split(","):
        if not part.strip():
            continue
        bits = part.split("-")
        if len(bits) != 2:
            raise CalendarError(_("Giờ mở cửa không hợp lệ: {text}", text=text), code="CAL-003")
        start, end = parse_time(bits[0]), parse_time(bits[1])
        if end <= start:
            raise CalendarError(_("Giờ mở cửa không hợp lệ: {text}", text=text), code="CAL-003")
        sessions.append((start, end))
    sessions.sort()
    if not sessions or any(a[1] > b[0] for a, b in zip(sessions, sessions[1:])):
        raise CalendarError(_("Giờ mở cửa không hợp lệ: {text}", text=text), code="CAL-003")
    return OpeningHours(tuple(sessions))


def parse_opening_days(text: str) -> frozenset[int]:
    """Parse ISO weekdays ``"1,2,3,4,5"`` (Monday = 1) into a set.

    Raises:
        CalendarError: A value is not a weekday number or the set is empty.
    """
    try:
        days = frozenset(int(x) for x in (text or "").replace(" ", "").split(",") if x)
    except ValueError:
        days = frozenset({0})
    if not days or not days <= {1, 2, 3, 4, 5, 6, 7}:
        raise CalendarError(_("Ngày mở cửa không hợp lệ: {text}", text=text), code="CAL-004")
    return days


@lru_cache(maxsize=64)
def _vn_year(year: int) -> tuple[dict[date, str], frozenset[date]]:
    """Public holidays (Vietnamese names) and swapped working Saturdays of ``year`` (``holidays``, VN)."""
    vn = holidays_pkg.country_holidays("VN", years=year, language="vi")
    workdays = getattr(vn, "weekend_workdays", set())
    return dict(vn), frozenset(d for d in workdays if d.year == year)


@lru_cache(maxsize=64)
def _vn_year_en(year: int) -> dict[date, str]:
    """English holiday names of ``year``."""
    return dict(holidays_pkg.country_holidays("VN", years=year, language="en_US"))


@dataclass(frozen=True)
class WorkCalendar:
    """Working days and appointment times of one site.

    Args:
        opening_days: ISO weekdays the site opens (Monday = 1).
        extra_off: Extra days off (override table, global or this site).
        extra_work: Make-up working days (override table), on top of the package's swapped Saturdays.
        opening_hours: The site's daily opening sessions.
        last_call: How long before closing the latest appointment time lies.
    """

    opening_days: frozenset[int] = DEFAULT_OPENING_DAYS
    extra_off: frozenset[date] = frozenset()
    extra_work: frozenset[date] = frozenset()
    opening_hours: OpeningHours = DEFAULT_HOURS
    last_call: timedelta = timedelta(minutes=30)

    def __post_init__(self) -> None:
        object.__setattr__(self, "opening_days", frozenset(self.opening_days))
        object.__setattr__(self, "extra_off", frozenset(self.extra_off))
        object.__setattr__(self, "extra_work", frozenset(self.extra_work))
        if not self.opening_days:
            raise CalendarError(_("Điểm phục vụ không có ngày mở cửa nào"), code="CAL-004")

    def is_public_holiday(self, d: date) -> bool:
        """True on a Vietnamese public holiday (including observed/swapped days off)."""
        return d in _vn_year(d.year)[0]

    def holiday_name(self, d: date) -> str | None:
        """Name of the public holiday or extra day off on ``d`` in the current language, if any."""
        if d in self.extra_off:
            return _("Ngày nghỉ")
        if self.is_public_holiday(d):
            return _vn_year_en(d.year).get(d) if get_language() == "en" else _vn_year(d.year)[0].get(d)
        return None

    def is_makeup_day(self, d: date) -> bool:
        """True on a make-up working day (a swapped Saturday or an override ``work`` day)."""
        return d in self.extra_work or d in _vn_year(d.year)[1]

    def is_working_day(self, d: date) -> bool:
        """True when ``d`` counts towards statutory processing time."""
        if d in self.extra_off:
            return False
        if self.is_makeup_day(d):
            return True
        return d.isoweekday() in STATUTORY_WEEKDAYS and not self.is_public_holiday(d)

    def is_open_day(self, d: date) -> bool:
        """True when the site is open on ``d`` (results can be handed back)."""
        if d in self.extra_off:
            return False
        if self.is_makeup_day(d):
            return True
        return d.isoweekday() in self.opening_days and not self.is_public_holiday(d)

    def next_working_day(self, d: date) -> date:
        """The first working day strictly after ``d``."""
        return self._scan(d + timedelta(days=1), self.is_working_day)

    def first_open_day(self, d: date) -> date:
        """``d`` if the site opens then, else the next day it opens."""
        return self._scan(d, self.is_open_day)

    def add_working_days(self, d: date, n: int) -> date:
        """The ``n``-th working day after ``d`` (``d`` itself not counted; ``n == 0`` returns ``d``).

        Raises:
            CalendarError: ``n`` is negative.
        """
        if n < 0:
            raise CalendarError(_("Số ngày làm việc không được âm"), code="CAL-005")
        for _i in range(n):
            d = self.next_working_day(d)
        return d

    def working_days_between(self, start: date, end: date) -> int:
        """Number of working days in ``[start, end)`` (0 when ``end <= start``)."""
        count, d = 0, start
        while d < end:
            count += self.is_working_day(d)
            d += timedelta(days=1)
        return count

    def working_days(self, start: date, end: date) -> list[date]:
        """All working days in ``[start, end]``, for calendars shown to people."""
        out, d = [], start
        while d <= end:
            if self.is_working_day(d):
                out.append(d)
            d += timedelta(days=1)
        return out

    def _scan(self, d: date, test) -> date:  # noqa: ANN001
        for _i in range(_MAX_SCAN_DAYS):
            if test(d):
                return d
            d += timedelta(days=1)
        raise CalendarError(_("Không tìm thấy ngày làm việc nào"), code="CAL-006")

    @cached_property
    def latest_time(self) -> time:
        """Latest appointment clock time: ``last_call`` before closing, never before the last opening."""
        close = datetime.combine(date(2000, 1, 3), self.opening_hours.closes)
        latest = (close - self.last_call).time()
        last_open = self.opening_hours.sessions[-1][0]
        return max(latest, last_open)

    def clock_start(self, received_at: datetime, cutoff: time | None = None) -> datetime:
        """When the processing clock starts (local time): the receipt, or the next working day's opening.

        Args:
            received_at: Timezone-aware receipt time.
            cutoff: Per-procedure cut-off; receipts at or after it count from the next working day.

        Raises:
            CalendarError: ``received_at`` is naive.
        """
        local = to_local(received_at)
        day, clock = local.date(), local.time().replace(tzinfo=None)
        late = clock >= self.opening_hours.closes or (cutoff is not None and clock >= cutoff)
        if not self.is_working_day(day) or late:
            day = self.next_working_day(day)
            return datetime.combine(day, self.opening_hours.opens, VN_TZ)
        return local

    def appointment(
        self, received_at: datetime, processing_days: int | None, cutoff: time | None = None
    ) -> datetime | None:
        """Appointment date and time to return the result (Asia/Ho_Chi_Minh), or None when unknown.

        Args:
            received_at: Timezone-aware time the complete dossier was received.
            processing_days: Statutory processing time in working days (0 = same working day).
            cutoff: Per-procedure cut-off (e.g. 15:00), or None.

        Raises:
            CalendarError: Negative processing time or a naive ``received_at``.
        """
        if processing_days is None:
            return None
        start = self.clock_start(received_at, cutoff)
        start_clock = _ceil_minute(start.time().replace(tzinfo=None))
        due = self.add_working_days(start.date(), processing_days)
        day = self.first_open_day(due)
        if processing_days == 0:
            clock = max(start_clock, self.latest_time) if day == start.date() else self.latest_time
        else:
            clock = min(self.opening_hours.clamp(start_clock), self.latest_time)
        return datetime.combine(day, clock, VN_TZ)

    def shift_due(self, due_at: datetime, working_days: int) -> datetime:
        """Push an appointment by ``working_days`` working days, keeping its clock time (deadline pause)."""
        local = to_local(due_at)
        day = self.first_open_day(self.add_working_days(local.date(), working_days))
        return datetime.combine(day, local.time().replace(tzinfo=None), VN_TZ)


def _ceil_minute(t: time) -> time:
    """Round a clock time up to a whole minute (appointments are printed as hh:mm)."""
    if not t.second and not t.microsecond:
        return t
    if (t.hour, t.minute) == (23, 59):
        return time(23, 59)
    minutes = t.hour * 60 + t.minute + 1
    return time(minutes // 60, minutes % 60)


def to_local(at: datetime) -> datetime:
    """Convert an aware datetime to Asia/Ho_Chi_Minh.

    Raises:
        CalendarError: ``at`` has no timezone.
    """
    if at.tzinfo is None:
        raise CalendarError(_("Thời điểm thiếu múi giờ"), code="CAL-007")
    return at.astimezone(VN_TZ)


def make_calendar(
    opening_days: Iterable[int] | str = DEFAULT_OPENING_DAYS,
    opening_hours: OpeningHours | str = DEFAULT_HOURS,
    extra_off: Iterable[date] = (),
    extra_work: Iterable[date] = (),
) -> WorkCalendar:
    """Build a calendar from settings as stored (strings) or parsed values."""
    days = parse_opening_days(opening_days) if isinstance(opening_days, str) else frozenset(opening_days)
    hours = parse_opening_hours(opening_hours) if isinstance(opening_hours, str) else opening_hours
    return WorkCalendar(days, frozenset(extra_off), frozenset(extra_work), hours)
