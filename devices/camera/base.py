"""The common frame-source API: paced ``read()``, a clear ``state`` with a message, ``close()``."""

from __future__ import annotations

import logging
import threading
import time
from typing import Literal

import numpy as np

from devices.camera.messages import message

log = logging.getLogger(__name__)

State = Literal["ok", "missing", "ended", "error"]
STATES: tuple[State, ...] = ("ok", "missing", "ended", "error")


class FrameSource:
    """Base class of all frame sources (device, video file, image folder, demo).

    ``read()`` returns the next BGR frame (``numpy.ndarray``, HxWx3 uint8) or None. It never raises for
    a missing or unplugged camera: check :attr:`state` (``"ok"``, ``"missing"``, ``"ended"``,
    ``"error"``) and :attr:`message` (translated, one line, no personal data). Reads are paced to
    :attr:`fps` (``fps <= 0`` means as fast as the source gives frames). Thread-safe: one reader at a
    time, and ``close()`` may be called from another thread.

    Args:
        spec: The source specification, for messages.
        fps: Target frame rate, or None for the source's own rate.
    """

    default_fps: float = 15.0

    def __init__(self, spec: str, fps: float | None = None) -> None:
        self.spec = spec
        self._requested_fps = fps
        self.fps: float = fps if fps is not None else self.default_fps
        self.state: State = "ok"
        self.message: str = message("ok")
        self.frames_read = 0
        self._next_due = 0.0
        self._lock = threading.RLock()
        self._closed = False

    # -- public API -------------------------------------------------------------------------------
    @property
    def resolution(self) -> tuple[int, int] | None:
        """Frame size as (width, height) when known."""
        return None

    def read(self) -> np.ndarray | None:
        """Return the next frame, waiting until it is due; None when no frame (see :attr:`state`)."""
        with self._lock:
            if self._closed:
                return None
            if self.state == "ended":
                return None
            self._wait()
            frame = self._read()
            self._schedule()
            if frame is not None:
                self.frames_read += 1
            return frame

    def reopen(self) -> bool:
        """Try to (re)open the source; returns True when it is usable again."""
        with self._lock:
            if self._closed:
                return False
            self._release()
            self._open()
            self._next_due = 0.0
            return self.state == "ok"

    def close(self) -> None:
        """Release the source; further reads return None."""
        with self._lock:
            if not self._closed:
                self._closed = True
                self._release()
                self._set("ended", "closed")

    def __enter__(self) -> FrameSource:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.spec!r}, state={self.state!r})"

    # -- for subclasses ---------------------------------------------------------------------------
    def _open(self) -> None:
        """Open the underlying source and set the state."""

    def _read(self) -> np.ndarray | None:
        """Return the next frame or None, updating the state."""
        raise NotImplementedError

    def _release(self) -> None:
        """Release the underlying source (idempotent)."""

    def _set(self, state: State, key: str, **values: object) -> None:
        if state != self.state:
            log.info("frame source %s: %s -> %s (%s)", type(self).__name__, self.state, state, key)
        self.state = state
        self.message = message(key, **values)

    def _wait(self) -> None:
        if self.fps > 0:
            delay = self._next_due - time.monotonic()
            if delay > 0:
                time.sleep(delay)

    def _schedule(self) -> None:
        if self.fps <= 0:
            return
        period = 1.0 / self.fps
        now = time.monotonic()
        # Keep the cadence while on time; when late (slow source, slow reader) restart from now, no burst.
        self._next_due = self._next_due + period if self._next_due + period > now else now + period
