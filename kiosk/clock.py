"""One clock for a site: the database server's time on PostgreSQL, and a floor below which a date is wrong."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from core.errors import KioskError
from kiosk.messages import _

log = logging.getLogger(__name__)
#: A kiosk whose clock differs from the server's by more than this is reported (console, heartbeat, log).
MAX_SKEW_S = 60.0
#: No kiosk of this release runs before this day: an earlier date is a reset or unset hardware clock, and
#: would issue numbers and references for a day long gone (``…-000101-0001``).
EARLIEST_DAY = date(2026, 11, 1)


class ClockWrong(KioskError):
    """The time is impossible for this release (KIO-041); nothing is numbered until it is fixed."""

    code = "KIO-041"


def _utcnow() -> datetime:
    return datetime.now(UTC)


class SiteClock:
    """Now, as the site's database server tells it, without asking it for every tap.

    Queue order, tickets and business days must follow one clock when several kiosks share a
    PostgreSQL database: a kiosk 10 minutes slow would otherwise have its numbers called out of order.
    The offset to the server is measured at start and at every heartbeat; between measurements the
    kiosk's own clock advances it. On SQLite (one machine) the machine's clock is the clock.

    Args:
        server_time: Returns the server's time, or None when this machine is the server (SQLite).
        local: This machine's clock (tests inject one).
    """

    def __init__(self, server_time: Callable[[], datetime | None],
                 local: Callable[[], datetime] = _utcnow) -> None:
        self._server_time = server_time
        self._local = local
        self._offset = timedelta(0)
        self._lock = threading.Lock()
        self.skew_s = 0.0

    def now(self) -> datetime:
        """The site's current time (UTC, timezone-aware)."""
        with self._lock:
            return self._local() + self._offset

    def sync(self) -> float:
        """Measure this machine's offset to the server; return the skew in seconds (0 on SQLite).

        Never raises: an unreachable server keeps the last offset (the database error shows elsewhere).
        """
        started = time.monotonic()
        before = self._local()
        try:
            server = self._server_time()
        except Exception as exc:  # noqa: BLE001 - a failed measurement must not stop the kiosk
            log.warning("KIO-040 server time not read: %s", type(exc).__name__)
            return self.skew_s
        if server is None:
            return 0.0
        half_trip = timedelta(seconds=(time.monotonic() - started) / 2)
        offset = server - (before + half_trip)
        with self._lock:
            self._offset = offset
            self.skew_s = offset.total_seconds()
        if abs(self.skew_s) > MAX_SKEW_S:
            log.warning("KIO-040 this kiosk's clock differs from the database server by %.0f s", self.skew_s)
        return self.skew_s

    def warning(self) -> str | None:
        """A line for the console when this kiosk's own clock is off (the kiosk itself uses the server's)."""
        if abs(self.skew_s) <= MAX_SKEW_S:
            return None
        return _("Đồng hồ máy ki-ốt lệch {seconds} giây so với máy chủ (đang dùng giờ máy chủ) [KIO-040]",
                 seconds=f"{self.skew_s:+.0f}")


def check_plausible(now: datetime) -> None:
    """Refuse to number anything on a date before this release existed.

    Raises:
        ClockWrong: KIO-041.
    """
    if now.date() < EARLIEST_DAY:
        log.error("KIO-041 the clock says %s, before this release: nothing is numbered", now.date().isoformat())
        raise ClockWrong(_("Đồng hồ của máy đang sai ngày. Vui lòng gọi nhân viên kỹ thuật."))


def site_clock_for(ctx: Any) -> SiteClock:
    """A site clock reading the server time through ``db.services.devices.server_time``."""
    from db.services.devices import server_time

    return SiteClock(lambda: server_time(ctx.database))
