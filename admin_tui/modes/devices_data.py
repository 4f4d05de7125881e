"""Devices mode reads: every kiosk joined with its latest heartbeat, judged healthy, faulty or silent."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from typing import Any

from db.services.devices import kiosk_device_rows
from db.services.site_admin import KioskRow
from devices.printing.status import NO_STATUS_ANSWER

#: A heartbeat older than this many intervals means the kiosk is silent (off, crashed or cut off).
STALE_INTERVALS = 3


@dataclass(frozen=True)
class KioskHealth:
    """A kiosk and what its last heartbeat said.

    Attributes:
        kiosk: The kiosk row.
        at: Time of the last heartbeat (None: never heard from).
        age_s: Seconds since then.
        state: Heartbeat columns (``printer_online``, ``printer_paper``...), empty when never heard from.
        stale: No heartbeat, or older than :data:`STALE_INTERVALS` intervals.
        faults: Short machine names of what is wrong (``printer_offline``, ``paper_out``...).
        failed_jobs: Print jobs the kiosk gave up on (``failed``; a citizen did not get a slip).
        instance: Short id of the install running as this kiosk (``kiosk.identity``; "" before its first start).
        maybe_printed: Print jobs that may be on paper (``maybe_printed``): staff resolve them at the kiosk.
    """

    kiosk: KioskRow
    at: datetime | None
    age_s: float | None
    state: dict
    stale: bool
    faults: tuple[str, ...]
    failed_jobs: int = 0
    instance: str = ""
    maybe_printed: int = 0


def printer_unconfirmed(state: dict) -> bool:
    """The printer accepts the connection but answers no status: hung or status-less, prints unconfirmed."""
    return state.get("printer_error") == NO_STATUS_ANSWER


def faults_of(state: dict) -> tuple[str, ...]:
    """What a heartbeat reports as wrong; "unknown" paper is not a fault (a driver may not tell).

    A printer that answers no status is a warning of its own (``printer_unconfirmed``), neither
    "offline" (it accepts jobs) nor healthy (nothing it prints is confirmed).
    """
    out = []
    unconfirmed = printer_unconfirmed(state)
    if unconfirmed:
        out.append("printer_unconfirmed")
    elif state.get("printer_online") is False:
        out.append("printer_offline")
    if state.get("printer_paper") == "out":
        out.append("paper_out")
    elif state.get("printer_paper") == "near_end":
        out.append("paper_low")
    if state.get("printer_cover_open"):
        out.append("cover_open")
    if state.get("camera_state") not in (None, "ok", "demo", "unknown", ""):
        out.append("camera")
    if (state.get("printer_error") and not unconfirmed) or state.get("last_error"):
        out.append("error")
    return tuple(out)


def kiosk_health(session: Any, now: datetime, interval_s: float, site_id: int | None = None) -> list[KioskHealth]:
    """Every active kiosk with its health, problems first (silent, then faulty), then by code."""
    out = []
    for row in kiosk_device_rows(session, site_id):
        extra = {"instance": row.instance, "maybe_printed": row.maybe_printed}
        if row.at is None:
            out.append(KioskHealth(row.kiosk, None, None, {}, True, (), row.failed_jobs, **extra))
            continue
        age = max(0.0, (now - row.at).total_seconds())
        faults = (faults_of(row.state) + (("print_failed",) if row.failed_jobs else ())
                  + (("maybe_printed",) if row.maybe_printed else ()))
        out.append(KioskHealth(row.kiosk, row.at, age, row.state, age > STALE_INTERVALS * interval_s, faults,
                               row.failed_jobs, **extra))
    return sorted(out, key=lambda h: (not h.stale, not h.faults, h.kiosk.site_code, h.kiosk.code))
