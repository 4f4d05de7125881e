"""Address labels from the console: where the label prints (a kiosk of the site) or the file written instead.

The number and the job are the service's work (``db.services.tracking.print_label``); this module only picks the
printer and, when the site has no kiosk to print on, draws the label into the hand-over folder (kept private and
purged with the hand-over files after ``Settings.handover_retention_days``).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from admin_tui.messages import _
from core.errors import KioskError
from core.settings import Settings
from db.services import tracking
from db.services.dossier_purge import handover_dir


class LabelFileError(KioskError):
    """The label file could not be written (ADM-304)."""

    code = "ADM-304"


def label_kiosks(database: Any, site_id: int) -> list[tuple[int, str, str]]:
    """Active kiosks of the dossier's site, ``(id, code, printer_url)`` (read-only)."""
    return database.run(lambda s: tracking.site_kiosks(s, site_id), read_only=True)


def label_path(settings: Settings, reference: str, tracking_number: str) -> Path:
    """``<hand-over folder>/<reference>-<S10>.png`` (the reference's ``/`` never makes a folder)."""
    safe = reference.replace("/", "_").replace("\\", "_")
    return handover_dir(settings) / f"{safe}-{tracking_number}.png"


def write_label_file(settings: Settings, payload: dict[str, Any]) -> Path:
    """Draw the label (the console's paper width) as a PNG in the hand-over folder; returns its path.

    Raises:
        LabelFileError: the folder or file cannot be written (ADM-304).
        devices.layouts.LayoutError: a payload the layout refuses (LAY-04x).
    """
    from devices.layouts import preview_png, render_label

    data = render_label(payload, settings.paper_width_mm, settings.printer_font or None)
    out = label_path(settings, str(payload.get("reference", "")), str(payload["tracking_number"]))
    try:
        out.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        tmp = out.with_suffix(".tmp.png")
        preview_png(data, tmp)
        os.chmod(tmp, 0o600)
        os.replace(tmp, out)
    except OSError as exc:
        raise LabelFileError(_("Không ghi được tệp nhãn gửi: {error}", error=str(exc)[:200])) from exc
    return out
