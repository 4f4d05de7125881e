"""Working days and appointment times against real Vietnamese calendars (2026, 2027)."""

from datetime import date, datetime, time, timedelta, timezone

import pytest

from core.i18n import missing, set_language
from db import calendar as cal_module
from db.calendar import (
    VN_TZ,
    CalendarError,
    WorkCalendar,
    make_calendar,
    parse_opening_days,
    parse_opening_hours,
    parse_time,
)

CAL = WorkCalendar()
CUTOFF = time(15, 0)


def vn(y: int, m: int, d: int, hh: int = 9, mm: int = 0) -> datetime:
    """A local Hanoi time."""
    return datetime(y, m, d, hh, mm, tzinfo=VN_TZ)


def test_package_covers_the_statutory_holidays():
    off = [date(2026, 1, 1), date(2026, 2, 16), date(2026, 2, 20), date(2026, 4, 27), date(2026, 4, 30),
           date(2026, 5, 1), date(2026, 8, 31), date(2026, 9, 1), date(2026, 9, 2), date(2026, 11, 24),
           date(2027, 2, 4), date(2027, 2, 10), date(2027, 4, 16), date(2027, 5, 3), date(2027, 9, 3),
           date(2027, 11, 24)]
    assert [d for d in off if CAL.is_working_day(d)] == []
    assert CAL.is_working_day(date(2026, 2, 23)) and CAL.is_working_day(date(2027, 2, 11))
    assert CAL.is_working_day(date(2026, 8, 22))  # Saturday swapped for 31/8/2026
    assert not CAL.is_working_day(date(2026, 8, 29))  # an ordinary Saturday
    assert CAL.holiday_name(date(2026, 2, 17)) == "Tết Nguyên Đán"
    assert CAL.holiday_name(date(2026, 3, 17)) is None
    set_language("en")
    try:
        assert CAL.holiday_name(date(2026, 11, 24)) == "Vietnam Cultural Day"
    finally:
        set_language("vi")


def test_tet_2026():
    # Friday before Tết Bính Ngọ: 16–20/2 off, then the weekend.
    assert CAL.appointment(vn(2026, 2, 13, 10), 3) == vn(2026, 2, 25, 10)
    assert CAL.appointment(vn(2026, 2, 13, 10), 0) == vn(2026, 2, 13, 16, 30)
    assert CAL.appointment(vn(2026, 2, 18, 10), 1) == vn(2026, 2, 24, 7, 30)  # received during Tết


def test_tet_2027():
    # Tết Đinh Mùi: 4–10/2/2027 off (Thursday to Wednesday).
    assert CAL.appointment(vn(2027, 2, 3, 9), 2) == vn(2027, 2, 12, 9)
    assert CAL.add_working_days(date(2027, 2, 3), 1) == date(2027, 2, 11)


def test_30_april_1_may_and_gio_to():
    assert CAL.appointment(vn(2026, 4, 29, 14), 1) == vn(2026, 5, 4, 14)
    # Giỗ Tổ 26/4/2026 is a Sunday, observed on Monday 27/4.
    assert CAL.appointment(vn(2026, 4, 24, 15, 30), 1) == vn(2026, 4, 28, 15, 30)
    # 1/5/2027 is a Saturday, observed Monday 3/5/2027.
    assert CAL.appointment(vn(2027, 4, 29, 8), 1) == vn(2027, 5, 4, 8)


def test_cutoff_on_friday_before_national_day():
    # 28/8/2026 after 15:00: Monday 31/8 (swapped), 1/9 and 2/9 are off; counting starts Thursday 3/9.
    assert CAL.appointment(vn(2026, 8, 28, 16), 1, CUTOFF) == vn(2026, 9, 4, 7, 30)
    assert CAL.appointment(vn(2026, 8, 28, 14, 59), 1, CUTOFF) == vn(2026, 9, 3, 14, 59)
    # National Day 2027: 2/9 Thursday and 3/9 Friday.
    assert CAL.appointment(vn(2027, 9, 1, 15, 5), 2, CUTOFF) == vn(2027, 9, 8, 7, 30)


def test_makeup_saturday_counts():
    assert CAL.appointment(vn(2026, 8, 21, 10), 1) == vn(2026, 8, 22, 10)
    assert CAL.appointment(vn(2026, 8, 22, 9), 0) == vn(2026, 8, 22, 16, 30)
    extra = WorkCalendar(extra_work=frozenset({date(2027, 1, 9)}))
    assert extra.appointment(vn(2027, 1, 8, 9), 1) == vn(2027, 1, 9, 9)
    assert CAL.appointment(vn(2027, 1, 8, 9), 1) == vn(2027, 1, 11, 9)


def test_same_day_procedures_and_cutoff():
    # 0 days received at 16:00 after a 15:00 cut-off: next working day, end of the afternoon.
    assert CAL.appointment(vn(2026, 11, 19, 16), 0, CUTOFF) == vn(2026, 11, 20, 16, 30)
    # ... on the eve of 24/11 (Ngày Văn hóa Việt Nam, from 2026).
    assert CAL.appointment(vn(2026, 11, 23, 16), 0, CUTOFF) == vn(2026, 11, 25, 16, 30)
    # Without a cut-off a 16:40 receipt stays the same day, at the receipt time.
    assert CAL.appointment(vn(2026, 11, 19, 16, 40), 0) == vn(2026, 11, 19, 16, 40)
    assert CAL.appointment(vn(2026, 11, 19, 9), 0) == vn(2026, 11, 19, 16, 30)
    # After closing counts from the next working day even without a cut-off.
    assert CAL.appointment(vn(2026, 11, 19, 18), 0) == vn(2026, 11, 20, 16, 30)


def test_sunday_receipt_starts_monday_at_opening():
    assert CAL.appointment(vn(2026, 11, 22, 10), 2) == vn(2026, 11, 26, 7, 30)
    assert CAL.appointment(vn(2026, 3, 8, 10), 0) == vn(2026, 3, 9, 16, 30)


def test_time_clamped_into_opening_hours():
    assert CAL.appointment(vn(2026, 3, 10, 12), 1) == vn(2026, 3, 11, 13, 30)  # lunch break
    assert CAL.appointment(vn(2026, 3, 10, 16, 50), 1) == vn(2026, 3, 11, 16, 30)  # near closing
    assert CAL.appointment(vn(2026, 3, 10, 6, 15), 1) == vn(2026, 3, 11, 7, 30)  # before opening
    assert CAL.appointment(vn(2026, 3, 10), None) is None


def test_result_never_outside_hours_or_on_a_day_off():
    hours = CAL.opening_hours
    start = vn(2026, 1, 1, 0)
    for step in range(0, 24 * 400, 7):
        received = start + timedelta(hours=step, minutes=step % 60, seconds=step % 7)
        for days in (0, 1, 5, 15):
            at = CAL.appointment(received, days, CUTOFF if step % 2 else None)
            assert at >= received and at.second == 0 and CAL.is_open_day(at.date())
            assert any(a <= at.time() <= b for a, b in hours.sessions)


def test_utc_input_and_naive_rejected():
    received = datetime(2026, 2, 13, 3, 0, tzinfo=timezone.utc)  # 10:00 in Hà Nội
    assert CAL.appointment(received, 3) == vn(2026, 2, 25, 10)
    with pytest.raises(CalendarError) as err:
        CAL.appointment(datetime(2026, 2, 13, 10), 3)
    assert err.value.code == "CAL-007"


def test_site_opening_days_and_overrides():
    tue_sat = make_calendar("2,3,4,5,6", "08:00-12:00,13:00-17:30")
    # Due Monday 16/3/2026, but this site is closed on Mondays: result on Tuesday.
    assert tue_sat.appointment(vn(2026, 3, 13, 9), 1) == vn(2026, 3, 17, 9)
    # Saturdays do not shorten statutory time.
    assert tue_sat.add_working_days(date(2026, 3, 13), 1) == date(2026, 3, 16)
    closed = make_calendar(extra_off=[date(2026, 3, 11)])
    assert closed.appointment(vn(2026, 3, 10, 9), 1) == vn(2026, 3, 12, 9)
    assert closed.working_days_between(date(2026, 3, 9), date(2026, 3, 16)) == 4


def test_parsers_and_errors():
    assert parse_time("15h00") == time(15) and parse_time("7.30") == time(7, 30)
    assert parse_opening_hours("13:30-17:00, 07:30-11:30").sessions[0] == (time(7, 30), time(11, 30))
    assert parse_opening_days("1, 2,3") == frozenset({1, 2, 3})
    for bad, fn in (("25:00", parse_time), ("08:00-07:00", parse_opening_hours),
                    ("08:00-12:00,11:00-13:00", parse_opening_hours), ("1,8", parse_opening_days),
                    ("", parse_opening_days), ("x", parse_opening_days)):
        with pytest.raises(CalendarError):
            fn(bad)
    with pytest.raises(CalendarError):
        CAL.add_working_days(date(2026, 1, 5), -1)


def test_messages_have_english():
    import inspect
    import re

    texts = re.findall(r'_\("([^"]+)"', inspect.getsource(cal_module))
    assert texts and missing("db", texts) == []
