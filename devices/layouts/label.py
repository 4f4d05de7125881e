"""The address label for a result sent home by post: sender, recipient, the S10 number as CODE128, amount to collect."""

from __future__ import annotations

from core import s10
from core.i18n import translator

from devices.layouts.canvas import Canvas
from devices.layouts.common import flush, start
from devices.layouts.errors import LayoutError
from devices.layouts.formatting import local_time, number, text
from devices.layouts.postal import check_barcode, money, print_barcode
from devices.layouts.style import Style

_ = translator("devices")


def _sender(c: Canvas, s: Style, sender: dict, lang: str) -> None:
    c.paragraph(_("NGƯỜI GỬI", lang=lang), s.small, bold=True)
    c.paragraph(text(sender, "name"), s.base, bold=True)
    if text(sender, "address"):
        c.paragraph(text(sender, "address"), s.small)
    if text(sender, "hotline"):
        c.paragraph([(_("Điện thoại: ", lang=lang), False), (text(sender, "hotline"), True)], s.small)


def _recipient(c: Canvas, s: Style, who: dict, lang: str) -> None:
    c.paragraph(_("NGƯỜI NHẬN", lang=lang), s.base, bold=True)
    c.paragraph(text(who, "name"), s.large, bold=True)
    if text(who, "phone"):
        c.paragraph([(_("Điện thoại: ", lang=lang), False), (text(who, "phone"), True)], s.large)
    c.paragraph([(_("Địa chỉ: ", lang=lang), True), (text(who, "address"), False)], s.large, hanging=s.base)


def render_label(payload: dict, width_mm: int = 80, font_path: str | None = None, *,
                 lang: str = "vi", dots: int | None = None) -> bytes:
    """Render an address label payload (docs/CONTRACTS.md, ``kind="label"``) to ESC/POS bytes.

    Args:
        payload: ``tracking_number`` (UPU S10), ``sender`` {name, address, hotline}, ``recipient`` {name, phone,
            address}, ``reference``, ``cod_vnd`` (amount to collect on delivery; 0 or absent: none),
            optional ``content`` and ``sent_at``.
        width_mm: 80 or 58.
        font_path: TTF with Vietnamese glyphs (default DejaVu Sans).
        lang: Label language; postal papers are Vietnamese (``vi``).
        dots: Dots across the print head (default 576 for 80 mm, 384 for 58 mm).

    Raises:
        LayoutError: LAY-040 missing or invalid tracking number (the S10 error in the message), LAY-041 no
            recipient name or address, LAY-042 a negative amount, LAY-004/003/005/006 as for every slip.
    """
    try:
        tracking = s10.validate(text(payload, "tracking_number"))
    except s10.S10Error as exc:
        raise LayoutError(_("Nhãn thiếu số hiệu bưu gửi hợp lệ: {why}", why=exc.message), code="LAY-040") from None
    who = payload.get("recipient") or {}
    if not text(who, "name") or not text(who, "address"):
        raise LayoutError(_("Nhãn thiếu tên hoặc địa chỉ người nhận"), code="LAY-041")
    cod = number(payload, "cod_vnd")
    if cod < 0:
        raise LayoutError(_("Số tiền thu hộ không được âm: {value}", value=cod), code="LAY-042")
    sent = local_time(payload.get("sent_at"), "sent_at")
    style, canvas, job = start(width_mm, font_path, dots)
    check_barcode(tracking, job.width, "tracking_number", "LAY-040")
    canvas.paragraph(_("BƯU CHÍNH CÔNG ÍCH", lang=lang), style.base, bold=True, align="center")
    canvas.paragraph(_("Trả kết quả giải quyết thủ tục hành chính", lang=lang), style.small, align="center")
    canvas.rule(gap=style.gap // 2)
    _sender(canvas, style, payload.get("sender") or {}, lang)
    canvas.rule(dashed=True, gap=style.gap // 2)
    _recipient(canvas, style, who, lang)
    canvas.rule(gap=style.gap // 2)
    canvas.paragraph(s10.spaced(tracking), style.title, bold=True, align="center", fit=True)
    print_barcode(canvas, job, style, tracking)
    canvas.space(style.gap // 2)
    if text(payload, "reference"):
        canvas.paragraph([(_("Mã hồ sơ: ", lang=lang), False), (text(payload, "reference"), True)], style.base,
                         align="center", fit=True)
    if text(payload, "content"):
        canvas.paragraph([(_("Nội dung: ", lang=lang), False), (text(payload, "content"), False)], style.small,
                         hanging=style.small)
    if sent:
        canvas.paragraph(_("Ngày gửi: {day}", lang=lang, day=sent.strftime("%d/%m/%Y")), style.small)
    if cod:
        canvas.rule(gap=style.gap // 2)
        canvas.paragraph(_("THU HỘ: {amount}", lang=lang, amount=money(cod)), style.title, bold=True,
                         align="center", fit=True)
    canvas.space(style.gap)
    flush(canvas, job)
    job.cut()
    return job.output()
