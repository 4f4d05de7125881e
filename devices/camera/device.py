"""A V4L2 camera (``/dev/videoN`` or an index) with resolution and MJPG set explicitly."""

from __future__ import annotations

import os
import time
from typing import Any

import cv2
import numpy as np

from devices.camera.base import FrameSource

REOPEN_INTERVAL = 1.0  # seconds between reopen attempts while the camera is missing
MAX_FAILED_READS = 15  # consecutive empty reads (device still present) before the state is "error"


def device_path(spec: str) -> str:
    """Return the device node for ``"0"`` or ``"/dev/video0"``."""
    return f"/dev/video{int(spec)}" if spec.strip().isdigit() else spec.strip()


def open_capture(path: str, width: int, height: int, fps: float) -> Any:
    """Open ``path`` with OpenCV's V4L2 backend and request MJPG at the given size and rate.

    MJPG matters: most USB cameras give only 5–10 fps uncompressed (YUYV) at 1280×720. The FOURCC must be
    set before the size, and a one-frame buffer keeps frames fresh when the reader is slower than the
    camera.
    """
    cap = cv2.VideoCapture(path, cv2.CAP_V4L2)
    if not cap.isOpened():
        cap.release()
        return None
    cap.set(cv2.CAP_PROP_FOURCC, cv2.VideoWriter_fourcc(*"MJPG"))
    cap.set(cv2.CAP_PROP_FRAME_WIDTH, width)
    cap.set(cv2.CAP_PROP_FRAME_HEIGHT, height)
    if fps > 0:
        cap.set(cv2.CAP_PROP_FPS, fps)
    cap.set(cv2.CAP_PROP_BUFFERSIZE, 1)
    return cap


class DeviceSource(FrameSource):
    """A USB/V4L2 camera. Unplugged → ``state == "missing"``; it reopens by itself when plugged back.

    Args:
        spec: ``"/dev/video0"`` or ``"0"``.
        fps: Frame rate to request from the camera (and to pace reads to); None = camera default (30).
        width: Requested frame width.
        height: Requested frame height.
    """

    default_fps = 0.0  # the camera paces itself

    def __init__(self, spec: str, fps: float | None = None, *, width: int = 1280, height: int = 720) -> None:
        super().__init__(spec, fps)
        self.path = device_path(spec)
        self.width, self.height = width, height
        self._cap: Any = None
        self._failed = 0
        self._last_attempt = 0.0
        self._open()

    @property
    def resolution(self) -> tuple[int, int] | None:
        if self._cap is None:
            return None
        return int(self._cap.get(cv2.CAP_PROP_FRAME_WIDTH)), int(self._cap.get(cv2.CAP_PROP_FRAME_HEIGHT))

    def _factory(self) -> Any:
        return open_capture(self.path, self.width, self.height, self._requested_fps or 30.0)

    def _open(self) -> None:
        self._last_attempt = time.monotonic()
        self._failed = 0
        if not os.path.exists(self.path):
            self._set("missing", "device_missing", spec=self.path)
            return
        self._cap = self._factory()
        if self._cap is None:
            self._set("error", "device_error", spec=self.path)
        else:
            self._set("ok", "ok")

    def _read(self) -> np.ndarray | None:
        if self._cap is None:
            if time.monotonic() - self._last_attempt >= REOPEN_INTERVAL:
                self._open()
            if self._cap is None:
                time.sleep(0.05)  # keep a polling loop from spinning
                return None
        ok, frame = self._cap.read()
        if ok and frame is not None:
            self._failed = 0
            if self.state != "ok":
                self._set("ok", "ok")
            return frame
        if not os.path.exists(self.path):
            self._release()
            self._last_attempt = time.monotonic()
            self._set("missing", "device_lost", spec=self.path)
        else:
            self._failed += 1
            if self._failed >= MAX_FAILED_READS:
                self._release()
                self._last_attempt = time.monotonic()
                self._set("error", "device_error", spec=self.path)
        return None

    def _release(self) -> None:
        if self._cap is not None:
            self._cap.release()
            self._cap = None
