"""The queue ticket: big number, queue, counter group, time, people ahead and a QR to look it up."""

from __future__ import annotations

from core.i18n import translator

from devices.layouts.common import flush, start
from devices.layouts.errors import LayoutError
from devices.layouts.formatting import hhmm_date, local_time, number, text

_ = translator("devices")


def render_ticket(payload: dict, width_mm: int = 80, font_path: str | None = None, *,
                  native_qr: bool = True, lang: str | None = None, dots: int | None = None) -> bytes:
    """Render a ticket payload (docs/CONTRACTS.md, ``kind="ticket"``) to ESC/POS bytes.

    Args:
        payload: ``number``, ``queue_name``, ``counter_group``, ``issued_at``, ``people_ahead``,
            ``site_name``, ``priority_reason``, ``qr``.
        width_mm: 80 or 58.
        dots: Dots across the print head (default 576 for 80 mm, 384 for 58 mm; e.g. 512).
        font_path: TTF with Vietnamese glyphs (default DejaVu Sans).
        native_qr: Send the QR as a native command (default) or as raster (for comparison).
        lang: Label language (default: the current language).

    Raises:
        LayoutError: A required field is missing or invalid (LAY-xxx).
    """
    ticket_no = text(payload, "number")
    if not ticket_no:
        raise LayoutError(_("Phiếu thiếu số thứ tự"), code="LAY-010")
    style, canvas, job = start(width_mm, font_path, dots)
    site = text(payload, "site_name")
    if site:
        canvas.paragraph(site, style.base, bold=True, align="center", fit=True)
    canvas.paragraph(_("SỐ THỨ TỰ CỦA QUÝ KHÁCH", lang=lang), style.base, align="center")
    canvas.paragraph(ticket_no, style.huge, bold=True, align="center", fit=True, min_size=style.huge // 2)
    canvas.space(style.gap)
    canvas.paragraph(text(payload, "queue_name"), style.large, bold=True, align="center")
    group = text(payload, "counter_group")
    if group:
        canvas.paragraph(_("Quầy phục vụ: {group}", lang=lang, group=group), style.base, align="center")
    reason = text(payload, "priority_reason")
    if reason:
        canvas.paragraph(_("Ưu tiên: {reason}", lang=lang, reason=reason), style.base, bold=True, align="center")
    canvas.rule(dashed=True, fraction=0.8, gap=style.gap)
    ahead = number(payload, "people_ahead")
    canvas.paragraph([(_("Số người chờ trước Quý khách: ", lang=lang), False), (str(ahead), True)], style.base,
                     align="center")
    issued = local_time(payload.get("issued_at"), "issued_at")
    if issued:
        canvas.paragraph(_("Giờ lấy số: {time}", lang=lang, time=hhmm_date(issued)), style.base, align="center")
    canvas.space(style.gap)
    flush(canvas, job)
    qr = text(payload, "qr")
    if qr:
        job.qr(qr, style.qr_module, native=native_qr)
        canvas.paragraph(_("Quét mã để xem lượt gọi số", lang=lang), style.small, align="center")
    canvas.paragraph(_("Vui lòng chờ gọi số trên màn hình và loa", lang=lang), style.small, align="center")
    flush(canvas, job)
    job.cut()
    return job.output()
