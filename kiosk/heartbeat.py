"""Device heartbeat: printer status, camera state and pending print jobs, written to the database."""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from core.errors import KioskError
from kiosk import services

log = logging.getLogger(__name__)
APP_VERSION = "0.1.0"


@dataclass
class DeviceState:
    """What one heartbeat reports (no personal data)."""

    printer_online: bool | None = None
    printer_paper: str = "unknown"
    printer_cover_open: bool | None = None
    printer_error: str | None = None
    camera_state: str = "unknown"
    pending_jobs: int = 0
    app_version: str = APP_VERSION
    last_error: str | None = None


def printer_state(url: str, jobs_dir: str = "") -> dict[str, Any]:
    """Ask the printer for its status (``devices.printing.printer_status``); never raises."""
    from devices.printing import PrinterError, printer_status

    if url.startswith("virtual://"):
        from devices import virtual_printer

        url = virtual_printer.shared(jobs_dir or None).url
    try:
        status = printer_status(url)
    except PrinterError as exc:
        return {"printer_online": None, "printer_error": exc.message[:300]}
    return {
        "printer_online": status.online,
        "printer_paper": status.paper or "unknown",
        "printer_cover_open": status.cover_open,
        "printer_error": status.error,
    }


def collect(ctx: Any, camera_state: str) -> DeviceState:
    """Gather the device state of this kiosk (blocking: runs in a worker thread)."""
    state = DeviceState(camera_state=camera_state, **printer_state(ctx.printer_url, ctx.jobs_dir))
    clock = getattr(ctx, "site_clock", None)
    if clock is not None:
        clock.sync()  # keep following the server's clock; a kiosk clock that drifts is reported
        state.last_error = clock.warning()
    try:
        state.pending_jobs = services.pending_jobs(ctx)
    except services.ServiceError:
        pass
    return state


def write(ctx: Any, state: DeviceState) -> None:
    """Upsert this kiosk's heartbeat row (``db.services.devices.write_heartbeat``; real time, not the test clock)."""
    from db.services.devices import write_heartbeat

    write_heartbeat(ctx.database, ctx.kiosk_id, **asdict(state))


def beat(ctx: Any, camera_state: str) -> int:
    """Collect and write one heartbeat; return the number of pending print jobs (0 on failure)."""
    state = collect(ctx, camera_state)
    try:
        write(ctx, state)
    except (SQLAlchemyError, OSError, KioskError) as exc:
        log.warning("heartbeat not written: %s", type(exc).__name__)
    return state.pending_jobs
