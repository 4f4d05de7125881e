"""Frame sources: a V4L2 camera, a video file, a folder of images, synthetic demo scenes (one API)."""

from __future__ import annotations

import os

from devices.camera.base import STATES, FrameSource, State
from devices.camera.demo import DEMO_ID_PAYLOAD, DEMO_RECEIPT_QR, DemoSource
from devices.camera.device import DeviceSource
from devices.camera.folder import FolderSource
from devices.camera.messages import CameraError
from devices.camera.video import VideoFileSource

__all__ = [
    "CameraError", "DEMO_ID_PAYLOAD", "DEMO_RECEIPT_QR", "DemoSource", "DeviceSource", "FolderSource", "FrameSource",
    "STATES", "State", "VideoFileSource", "open_source",
]


def open_source(spec: str, *, fps: float | None = None, loop: bool = False) -> FrameSource:
    """Open a frame source from a specification; never raises for a missing camera or file.

    Specs: ``""`` or ``"demo"`` (demo playlist), ``"demo:idcard"``, ``"demo:document"``,
    ``"demo:receipt"``, ``"demo:empty"`` (comma-separate several; ``@WxH`` sets the size),
    ``"/dev/video0"`` or ``"0"`` (a camera, MJPG 1280×720), a folder of images, or a video file.
    A missing camera, file or folder gives a source whose ``state`` is ``"missing"``.

    Args:
        spec: The source.
        fps: Pace reads to this rate (None: the source's own; 0: unpaced).
        loop: For files and folders, start again at the end.

    Raises:
        CameraError: CAM-006 for an unknown demo scene.
    """
    spec = (spec or "").strip()
    if not spec or spec == "demo" or spec.startswith(("demo:", "demo@")):
        return DemoSource(spec or "demo", fps)
    if spec.isdigit() or spec.startswith("/dev/video"):
        return DeviceSource(spec, fps)
    if os.path.isdir(spec):
        return FolderSource(spec, fps, loop=loop)
    return VideoFileSource(spec, fps, loop=loop)
