"""Ticket, receipt (Mẫu 01) and test page layouts as ESC/POS bytes: Vietnamese text as 1-bit raster, native QR."""

from __future__ import annotations

from core.i18n import translator

from devices.layouts import messages as _messages  # noqa: F401 - registers the English catalogue
from devices.layouts import postal_messages as _postal_messages  # noqa: F401 - label and hand-over list labels
from devices.layouts.errors import FontError, LayoutError
from devices.layouts.handover_list import render_handover_list, render_handover_pdf
from devices.layouts.label import render_label
from devices.layouts.preview import preview_png
from devices.layouts.receipt import render_receipt
from devices.layouts.test_page import default_test_payload, render_test_page
from devices.layouts.ticket import render_ticket

_ = translator("devices")


def render_payload(kind: str, payload: dict, width_mm: int = 80, font_path: str | None = None,
                   dots: int | None = None) -> bytes:
    """Render an outbox payload by kind (``ticket``, ``receipt``, ``test``, ``label`` or ``handover_list``).

    Args:
        kind: ``ticket``, ``receipt``, ``test``, ``label`` (address label) or ``handover_list``.
        payload: The outbox payload.
        width_mm: Paper width, 80 or 58.
        font_path: TTF with Vietnamese glyphs (None: DejaVu Sans).
        dots: Dots across the print head (None: 576 for 80 mm, 384 for 58 mm).

    Raises:
        LayoutError: Unknown kind (LAY-030), bad width (LAY-005/006) or a bad payload.
    """
    renderers = {"ticket": render_ticket, "receipt": render_receipt, "test": render_test_page,
                 "label": render_label, "handover_list": render_handover_list}
    if kind not in renderers:
        raise LayoutError(_("Loại lệnh in không xác định: {kind}", kind=repr(kind)), code="LAY-030")
    return renderers[kind](payload, width_mm, font_path, dots=dots)


__all__ = ["FontError", "LayoutError", "default_test_payload", "preview_png", "render_handover_list",
           "render_handover_pdf", "render_label", "render_payload", "render_receipt", "render_test_page",
           "render_ticket"]
