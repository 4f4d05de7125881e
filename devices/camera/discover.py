"""Discover V4L2 cameras (``/dev/video*``) with their names from sysfs."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from pathlib import Path


@dataclass(frozen=True)
class CameraInfo:
    """A video device node.

    Attributes:
        path: ``/dev/videoN``.
        name: The driver's name for it (e.g. ``"HD USB Camera"``), or ``""``.
        index: The node's index within its device: 0 is the capture node, 1+ usually metadata.
    """

    path: str
    name: str
    index: int

    def to_json(self) -> dict[str, object]:
        """JSON form for ``kiosk-devices list --json``."""
        return asdict(self)


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace").strip()
    except OSError:
        return ""


def list_cameras(*, dev_root: str = "/dev", sys_root: str = "/sys") -> list[CameraInfo]:
    """List ``/dev/video*`` nodes in numeric order with sysfs names; empty when there is none."""
    nodes = [p for p in Path(dev_root).glob("video*") if re.fullmatch(r"video\d+", p.name)]
    out = []
    for node in sorted(nodes, key=lambda p: int(p.name[5:])):
        info = Path(sys_root) / "class" / "video4linux" / node.name
        index = _read(info / "index")
        out.append(CameraInfo(f"/dev/{node.name}", _read(info / "name"), int(index) if index.isdigit() else 0))
    return out
