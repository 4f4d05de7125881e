"""What the kiosk app is built from: settings and injected services (so tests can swap them)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from core.settings import Settings
from db.engine import Database
from kiosk.throttle import LookupThrottle


def _utcnow() -> datetime:
    return datetime.now(timezone.utc)


@dataclass
class KioskContext:
    """Everything a kiosk screen may use; built once by ``make_app``.

    Attributes:
        settings: The loaded settings.
        database: The database (already migrated and seeded).
        site_id: Id of this kiosk's site row.
        kiosk_id: Id of this kiosk's row.
        printer_url: Printer to print to (``virtual://`` or ``tcp://127.0.0.1:PORT`` in tests).
        camera_source: Frame source spec ("" = no camera; "demo" = demo frames).
        clock: Returns the current time (UTC, timezone-aware); tests inject a fixed clock.
        jobs_dir: Where the virtual printer stores jobs and PNG previews (shown on screen in demo).
        lookup_throttle: Look-up limits (``kiosk.throttle``); the failures are in the database, shared by kiosks.
        site_clock: The site's clock (``kiosk.clock.SiteClock``) behind ``clock``; None when a test fixed it.
        instance_id: This install's id (``kiosk.identity``), under which print jobs are claimed; "" = none
            claimed (tests: the print worker then uses a fresh id of its own).
    """

    settings: Settings
    database: Database
    site_id: int
    kiosk_id: int
    printer_url: str
    camera_source: str = ""
    clock: Callable[[], datetime] = field(default=_utcnow)
    jobs_dir: str = ""
    lookup_throttle: LookupThrottle = field(default_factory=LookupThrottle)
    site_clock: Any = None
    instance_id: str = ""
