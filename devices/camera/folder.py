"""A folder of images (sorted by name) as a frame source, for tests, demos and replaying captures."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import cv2
import numpy as np

from devices.camera.base import FrameSource

log = logging.getLogger(__name__)
IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".bmp", ".webp", ".tif", ".tiff", ".pgm", ".ppm"})


class FolderSource(FrameSource):
    """Images of a folder in name order (natural: ``2.png`` before ``10.png``), as BGR frames.

    Args:
        path: The folder.
        fps: Pace reads to this rate (default 10); 0 = unpaced.
        loop: Start again after the last image instead of switching to ``"ended"``.
    """

    default_fps = 10.0

    def __init__(self, path: str, fps: float | None = None, *, loop: bool = False) -> None:
        super().__init__(path, fps)
        self.loop = loop
        self.files: list[Path] = []
        self._index = 0
        self._size: tuple[int, int] | None = None
        self._open()

    @property
    def resolution(self) -> tuple[int, int] | None:
        return self._size

    def _open(self) -> None:
        folder = Path(self.spec)
        if not folder.is_dir():
            self._set("missing", "file_missing", spec=self.spec)
            return
        self.files = sorted((p for p in folder.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES), key=_natural)
        self._index = 0
        if not self.files:
            self._set("error", "folder_empty", spec=self.spec)
        else:
            self._set("ok", "ok")

    def _read(self) -> np.ndarray | None:
        failures = 0
        while self.state == "ok":
            if self._index >= len(self.files):
                if not self.loop:
                    self._set("ended", "ended")
                    return None
                self._index = 0
            path = self.files[self._index]
            self._index += 1
            frame = cv2.imread(str(path), cv2.IMREAD_COLOR)
            if frame is not None:
                self._size = (frame.shape[1], frame.shape[0])
                return frame
            log.warning("skipping unreadable image #%d in folder source", self._index)
            failures += 1
            if failures >= len(self.files):  # nothing readable: do not loop forever
                self._set("error", "folder_empty", spec=self.spec)
        return None


def _natural(path: Path) -> list[object]:
    return [int(part) if part.isdigit() else part.lower() for part in re.split(r"(\d+)", path.name)]
