"""A video file as a frame source, paced to the file's frame rate, optionally looping."""

from __future__ import annotations

import os
from typing import Any

import cv2
import numpy as np

from devices.camera.base import FrameSource


class VideoFileSource(FrameSource):
    """Frames of a video file (anything OpenCV's FFmpeg backend reads).

    Args:
        path: The video file.
        fps: Pace reads to this rate; None = the file's own rate (25 if unknown); 0 = unpaced.
        loop: Start again at the end instead of switching to ``"ended"``.
    """

    def __init__(self, path: str, fps: float | None = None, *, loop: bool = False) -> None:
        super().__init__(path, fps)
        self.loop = loop
        self._cap: Any = None
        self._open()

    @property
    def resolution(self) -> tuple[int, int] | None:
        if self._cap is None:
            return None
        return int(self._cap.get(cv2.CAP_PROP_FRAME_WIDTH)), int(self._cap.get(cv2.CAP_PROP_FRAME_HEIGHT))

    def _open(self) -> None:
        if not os.path.isfile(self.spec):
            self._set("missing", "file_missing", spec=self.spec)
            return
        cap = cv2.VideoCapture(self.spec)
        if not cap.isOpened():
            cap.release()
            self._set("error", "file_error", spec=self.spec)
            return
        self._cap = cap
        if self._requested_fps is None:
            rate = cap.get(cv2.CAP_PROP_FPS)
            self.fps = rate if 0 < rate <= 240 else 25.0
        self._set("ok", "ok")

    def _read(self) -> np.ndarray | None:
        if self._cap is None:
            return None
        ok, frame = self._cap.read()
        if not ok and self.loop and self.frames_read:
            self._cap.set(cv2.CAP_PROP_POS_FRAMES, 0)
            ok, frame = self._cap.read()
        if not ok or frame is None:
            self._set("ended", "ended")
            return None
        return frame

    def _release(self) -> None:
        if self._cap is not None:
            self._cap.release()
            self._cap = None
