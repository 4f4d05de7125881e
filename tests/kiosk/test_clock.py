"""One clock for a site: kiosks follow the database server's time, and an impossible date numbers nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from db.models import Ticket
from db.services.devices import server_time
from kiosk import services
from kiosk.clock import EARLIEST_DAY, ClockWrong, SiteClock, check_plausible


def test_a_slow_kiosk_follows_the_server_and_says_so():
    real = datetime(2026, 12, 5, 9, 0, tzinfo=UTC)
    slow = SiteClock(server_time=lambda: real, local=lambda: real - timedelta(minutes=10))
    assert slow.sync() == pytest.approx(600, abs=1)
    assert abs((slow.now() - real).total_seconds()) < 1
    assert "KIO-040" in slow.warning() and "+600" in slow.warning()


def test_a_kiosk_within_a_minute_is_not_reported_and_sqlite_uses_this_machine():
    real = datetime(2026, 12, 5, 9, 0, tzinfo=UTC)
    close = SiteClock(server_time=lambda: real, local=lambda: real - timedelta(seconds=20))
    close.sync()
    assert close.warning() is None
    alone = SiteClock(server_time=lambda: None, local=lambda: real)
    assert alone.sync() == 0.0 and alone.now() == real


def test_an_unreachable_server_keeps_the_last_offset():
    real = datetime(2026, 12, 5, 9, 0, tzinfo=UTC)
    answers = iter([real, ConnectionError("down")])

    def server():  # noqa: ANN202
        value = next(answers)
        if isinstance(value, Exception):
            raise value
        return value

    clock = SiteClock(server_time=server, local=lambda: real - timedelta(minutes=5))
    clock.sync()
    assert clock.sync() == pytest.approx(300, abs=1)  # no exception, the measured offset stays


def test_server_time_comes_from_postgresql_and_is_none_on_sqlite(database):
    value = server_time(database)
    if database.dialect == "postgresql":
        assert value is not None and abs((value - datetime.now(UTC)).total_seconds()) < 5
    else:
        assert value is None


def test_a_date_before_this_release_is_refused():
    with pytest.raises(ClockWrong) as err:
        check_plausible(datetime(2000, 1, 1, tzinfo=UTC))
    assert err.value.code == "KIO-041"
    check_plausible(datetime.combine(EARLIEST_DAY, datetime.min.time(), UTC))


def test_a_kiosk_with_a_reset_clock_issues_no_ticket(kiosk_app_factory):
    app = kiosk_app_factory()
    app.ctx.clock = lambda: datetime(2000, 1, 1, 8, tzinfo=UTC)
    queue = services.list_queues(app.ctx)[0]
    with pytest.raises(services.ServiceError) as err:
        services.issue_ticket(app.ctx, queue.id)
    assert err.value.code == "KIO-041" and "sai ngày" in err.value.message
    with app.ctx.database.session() as s:
        assert s.scalar(select(func.count()).select_from(Ticket)) == 0
