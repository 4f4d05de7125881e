"""One quick camera check for health reports: ``ok``, ``demo``, ``missing`` or ``error``, with a code and words.

Used by the kiosk's device watch (at start and while idle; the heartbeat's ``camera_state``) and by
``kiosk-devices status``. The source is opened, one frame is read (within about ``timeout_s``; a camera that
blocks in its driver may take longer) and the source is closed again, so the camera is free for the citizen
afterwards. Codes as ``CameraError``: CAM-001 camera missing, 002 camera gives no frames, 003 file/folder
missing, 004 video unreadable, 005 folder without images, 006 unknown demo scene, and CAM-007 no camera
configured (``camera_source`` empty).
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass

from core.i18n import register_catalogue, translator
from devices.camera import CameraError, DemoSource, DeviceSource, FolderSource, FrameSource, open_source

_ = translator("devices")
register_catalogue("devices", {
    "Chưa cấu hình camera (camera_source trống)": "No camera is configured (camera_source is empty)",
    "Camera {spec} chưa trả về hình ảnh": "Camera {spec} has not returned an image yet",
})

#: States a health check reports; ``missing`` and ``error`` are faults.
STATES = ("ok", "demo", "missing", "error")


@dataclass(frozen=True)
class CameraHealth:
    """What one check of a camera source found.

    Attributes:
        source: The source spec checked ("" when none is configured).
        state: ``ok`` (a frame came), ``demo`` (demo frames), ``missing`` (not configured, unplugged, no such
            device or file) or ``error`` (present but gives no frames).
        code: ``CAM-0xx`` when not ok/demo, else None.
        message: One translated line, no personal data.
    """

    source: str
    state: str
    code: str | None
    message: str

    @property
    def fault(self) -> bool:
        """A camera the kiosk cannot use (``missing`` or ``error``)."""
        return self.state in ("missing", "error")

    def to_dict(self) -> dict[str, object]:
        """The ``status --json`` shape: ``{"source", "state", "code", "message"}``."""
        return asdict(self)


def error_code(src: FrameSource) -> str:
    """The ``CAM-0xx`` code of a source that gave no frame."""
    if isinstance(src, DeviceSource):
        return "CAM-001" if src.state == "missing" else "CAM-002"
    if src.state == "missing":
        return "CAM-003"
    return "CAM-005" if isinstance(src, FolderSource) else "CAM-004"


def probe_camera(spec: str, *, timeout_s: float = 2.0) -> CameraHealth:
    """Open ``spec``, read one frame, close it; never raises.

    Args:
        spec: A ``camera_source`` (``/dev/video0``, ``0``, a file or folder, ``demo…``; "" = none).
        timeout_s: How long to wait for the first frame.
    """
    spec = (spec or "").strip()
    if not spec:
        return CameraHealth("", "missing", "CAM-007", _("Chưa cấu hình camera (camera_source trống)"))
    try:
        src = open_source(spec, fps=0)
    except CameraError as exc:  # an unknown demo scene
        return CameraHealth(spec, "error", exc.code, exc.message)
    try:
        if isinstance(src, DemoSource):
            return CameraHealth(spec, "demo", None, src.message)
        deadline = time.monotonic() + max(0.1, timeout_s)
        while src.state == "ok" and time.monotonic() < deadline:
            if src.read() is not None:
                return CameraHealth(spec, "ok", None, src.message)
        if src.state == "ok":  # still opening or silent: no frame in time
            return CameraHealth(spec, "error", error_code(src), _("Camera {spec} chưa trả về hình ảnh", spec=spec))
        return CameraHealth(spec, "missing" if src.state == "missing" else "error", error_code(src), src.message)
    finally:
        src.close()
