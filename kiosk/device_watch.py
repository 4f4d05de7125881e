"""A dead camera is visible: the kiosk checks its camera at start and every few minutes while idle.

``DeviceWatch(app).start()`` (from ``KioskApp.on_mount``) checks the camera at once, then every
``settings.device_check_interval_s`` seconds (60 by default) but only while the kiosk rests on Welcome (no
screen or dialog above it), so a check never competes with a citizen's ID scan or page capture. The check
(``devices.camera.health.probe_camera``: open, read one frame, close) runs in a thread worker; its result
becomes the camera state the heartbeat reports (``kiosk.camera.note_state``) and is written to this kiosk's
heartbeat row at once (``camera_state`` only: ``ok``, ``demo``, ``missing`` or ``error``), so the console's
Devices view shows an unplugged or missing camera as a fault within one check, not "không rõ" until a citizen
fails at the ID step. The printer is probed by every regular heartbeat (``heartbeat_interval_s``).
The app gets a :class:`CameraChecked` message after each check.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy.exc import SQLAlchemyError
from textual.message import Message

from core.errors import KioskError
from devices.camera.health import CameraHealth, probe_camera

log = logging.getLogger(__name__)

#: Worker group of the checks (short-lived; one at a time).
GROUP = "device-watch"
#: How long a check waits for the camera's first frame.
PROBE_TIMEOUT_S = 2.0


class CameraChecked(Message):
    """A camera check finished.

    Args:
        health: What it found (state ``ok``/``demo``/``missing``/``error``, code, message).
    """

    def __init__(self, health: CameraHealth) -> None:
        super().__init__()
        self.health = health


class DeviceWatch:
    """Camera checks of one kiosk app: at start, then on a timer while idle on Welcome.

    Args:
        app: The ``KioskApp`` (``ctx``, ``screen``, ``run_worker``, ``set_interval``).
        interval_s: Seconds between idle checks (default ``settings.device_check_interval_s``).
    """

    def __init__(self, app: Any, *, interval_s: float | None = None) -> None:
        self.app = app
        settings = app.ctx.settings
        self.interval_s = float(interval_s or getattr(settings, "device_check_interval_s", 60) or 60)
        self.last: CameraHealth | None = None
        self.checks = 0
        self._running = False

    def start(self) -> DeviceWatch:
        """Check now (nobody is using the camera yet), then every ``interval_s`` while idle."""
        self.app.set_interval(self.interval_s, self.due, name="device-watch")
        self.check()
        return self

    def idle(self) -> bool:
        """True while the kiosk rests on Welcome with nothing above it (the camera is free)."""
        from kiosk.screens.welcome import WelcomeScreen

        try:
            return isinstance(self.app.screen, WelcomeScreen)
        except Exception:  # noqa: BLE001 - no screen yet, or the app is closing
            return False

    def due(self) -> None:
        """The timer: check when idle; otherwise wait for the next tick."""
        if self.idle():
            self.check()

    def check(self) -> None:
        """Start one check in a thread worker (skipped while the previous one still runs)."""
        if self._running:
            return
        self._running = True
        self.app.run_worker(self._work, thread=True, group=GROUP, name="camera-check", exit_on_error=False)

    def _work(self) -> CameraHealth:
        from kiosk import camera

        try:
            health = probe_camera(self.app.ctx.camera_source, timeout_s=PROBE_TIMEOUT_S)
            camera.note_state(health.state)
            self.last, self.checks = health, self.checks + 1
            if health.fault:
                log.warning("camera check: %s %s", health.state, health.code)
            self._write(health.state)
            self.app.post_message(CameraChecked(health))
            return health
        finally:
            self._running = False

    def _write(self, state: str) -> None:
        """Upsert this kiosk's heartbeat with the camera state now (the next full heartbeat adds the printer)."""
        from db.services.devices import write_heartbeat

        ctx = self.app.ctx
        try:
            write_heartbeat(ctx.database, ctx.kiosk_id, camera_state=state)
        except (SQLAlchemyError, OSError, KioskError) as exc:
            log.warning("camera state not written: %s", getattr(exc, "code", type(exc).__name__))
