"""The receipt slip, Mẫu 01 "Giấy tiếp nhận hồ sơ và hẹn trả kết quả", for thermal paper."""

from __future__ import annotations

from core import dates
from core.i18n import translator
from core.privacy import mask_id
from core.text import presented_only

from devices.layouts.canvas import Canvas
from devices.layouts.common import flush, start
from devices.layouts.errors import LayoutError
from devices.layouts.formatting import hhmm_date, local_time, number, text
from devices.layouts.style import Style

_ = translator("devices")


def _header(c: Canvas, s: Style, p: dict, lang: str) -> None:
    c.paragraph(_("Mẫu số 01", lang=lang), s.small, align="right")
    shown: list[str] = []
    for key in ("unit_name", "site_name"):
        name = text(p, key)
        if name and name.casefold() not in shown:  # a point that is its own unit is named once
            shown.append(name.casefold())
            c.paragraph(name.upper(), s.base, bold=True, align="center", fit=True)
    if text(p, "site_address"):
        c.paragraph(text(p, "site_address"), s.small, align="center")
    c.rule(thickness=1, fraction=0.3, gap=s.gap // 2)
    c.paragraph(_("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", lang=lang), s.base, bold=True, align="center", fit=True)
    c.paragraph(_("Độc lập - Tự do - Hạnh phúc", lang=lang), s.base, bold=True, align="center")
    c.rule(thickness=1, fraction=0.45, gap=s.gap // 2)
    received = local_time(p.get("received_at"), "received_at")
    if received:
        c.paragraph(_("{place}, ngày {day:02d} tháng {month:02d} năm {year}", lang=lang,
                      place=text(p, "place") or "...", day=received.day, month=received.month,
                      year=received.year), s.small, align="center")
    c.space(s.gap)
    c.paragraph(_("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", lang=lang), s.title, bold=True, align="center")
    c.paragraph([(_("Mã hồ sơ: ", lang=lang), False), (text(p, "reference"), True)], s.base, align="center")
    if text(p, "copy_label"):
        c.paragraph(f"({text(p, 'copy_label')})", s.small, align="center")
    c.space(s.gap)


def _masked_id(value: str) -> str:
    """Never print a full ID number: mask it if the payload carries one unmasked."""
    digits = value.replace(" ", "")
    return mask_id(digits) if digits.isdigit() and len(digits) >= 9 else value


def _applicant(c: Canvas, s: Style, p: dict, lang: str) -> None:
    who = p.get("applicant") or {}
    proc = p.get("procedure") or {}
    unit = text(p, "site_name") or text(p, "unit_name")
    c.paragraph(_("{unit} tiếp nhận hồ sơ của:", lang=lang, unit=unit), s.base)
    rows = [
        (_("Ông/Bà: ", lang=lang), text(who, "name"), True),
        (_("Số định danh cá nhân: ", lang=lang), _masked_id(text(who, "id_masked")), False),
        (_("Địa chỉ: ", lang=lang), text(who, "address"), False),
        (_("Số điện thoại: ", lang=lang), text(who, "phone"), False),
        (_("Thư điện tử: ", lang=lang), text(who, "email"), False),
    ]
    for label, value, bold in rows:
        if value:
            c.paragraph([(label, False), (value, bold)], s.base, hanging=s.base)
    name = text(proc, "name")
    if text(proc, "code"):
        name = f"{name} ({_('mã', lang=lang)} {text(proc, 'code')})"
    c.paragraph([(_("Nội dung yêu cầu giải quyết: ", lang=lang), False), (name, True)], s.base, hanging=s.base)
    if text(proc, "agency"):
        c.paragraph([(_("Cơ quan giải quyết: ", lang=lang), False), (text(proc, "agency"), False)], s.base,
                    hanging=s.base)
    c.space(s.gap // 2)


def _document_line(doc: dict, lang: str) -> str:
    if presented_only(text(doc, "name")):
        # Shown, not handed in: never "1 bản chính, nộp tại quầy" for the citizen's own ID card.
        shown = doc.get("at_counter") or number(doc, "pages")
        state = _("xuất trình tại quầy", lang=lang) if shown else _("đã xuất trình tại kiosk", lang=lang)
        return f"{text(doc, 'name')}: {state}"
    originals, copies = number(doc, "originals"), number(doc, "copies")
    parts = []
    if originals:
        parts.append(_("{n} bản chính", lang=lang, n=originals))
    if copies:
        parts.append(_("{n} bản sao", lang=lang, n=copies))
    if doc.get("at_counter"):
        parts.append(_("nộp tại quầy", lang=lang))
    if number(doc, "pages"):
        parts.append(_("{n} trang", lang=lang, n=number(doc, "pages")))
    return f"{text(doc, 'name')}" + (f": {', '.join(parts)}" if parts else "")


def _items(c: Canvas, s: Style, p: dict, lang: str) -> None:
    c.paragraph(_("1. Thành phần hồ sơ nộp gồm:", lang=lang), s.base, bold=True)
    docs = p.get("documents") or []
    if not docs:
        c.paragraph(_("(không có)", lang=lang), s.base, indent=s.base)
    for i, doc in enumerate(docs, 1):
        c.paragraph(f"{i}) {_document_line(doc, lang)}", s.base, indent=s.base // 2, hanging=s.base)
    days = number(p, "processing_days")
    received = hhmm_date(local_time(p.get("received_at"), "received_at"))
    due = local_time(p.get("appointment_at"), "appointment_at")
    appointment = dates.date_time(due, lang) if due else ""  # written as on the kiosk's screens
    items = [
        (_("2. Số lượng hồ sơ: ", lang=lang), _("{n} bộ", lang=lang, n=number(p, "sets", 1))),
        (_("3. Thời gian giải quyết hồ sơ theo quy định: ", lang=lang),
         _("{n} ngày làm việc", lang=lang, n=days) if days else _("trong ngày làm việc", lang=lang)),
        (_("4. Thời gian nhận hồ sơ: ", lang=lang), received),
        (_("5. Thời gian trả kết quả giải quyết hồ sơ: ", lang=lang), appointment),
    ]
    for label, value in items:
        c.paragraph([(label, True), (value, label.startswith("5."))], s.base, hanging=s.base)
    where = text(p, "return_place")
    if p.get("return_method") == "post":
        label = _("6. Nhận kết quả qua dịch vụ bưu chính công ích tại địa chỉ: ", lang=lang)
    else:
        label = _("6. Đăng ký nhận kết quả tại: ", lang=lang)
    c.paragraph([(label, True), (where, False)], s.base, hanging=s.base)
    if text(p, "fee"):
        c.paragraph([(_("Phí, lệ phí: ", lang=lang), True), (text(p, "fee"), False)], s.base, hanging=s.base)
    c.space(s.gap)


def _signatures(c: Canvas, s: Style, lang: str) -> None:
    width = c.column_width(2)
    cols = []
    for title in (_("NGƯỜI NỘP HỒ SƠ", lang=lang), _("NGƯỜI TIẾP NHẬN HỒ SƠ", lang=lang)):
        col = Canvas(width, c.fonts)
        col.paragraph(title, s.small, bold=True, align="center", fit=True, min_size=s.small * 3 // 4)
        col.paragraph(_("(Ký và ghi rõ họ tên)", lang=lang), s.small, align="center")
        cols.append(col)
    c.columns(*cols)
    c.space(s.huge)


def _footer(c: Canvas, s: Style, p: dict, lang: str) -> None:
    c.paragraph(_("Quét mã để tra cứu tình trạng hồ sơ", lang=lang), s.small, align="center")
    if text(p, "lookup_secret"):
        c.paragraph([(_("Mã tra cứu: ", lang=lang), False), (text(p, "lookup_secret"), True)], s.base,
                    align="center")
    c.space(s.gap // 2)
    if p.get("return_method") != "post":  # the form's note invites counter clients to use home delivery
        c.paragraph(_("Ghi chú: Ông/Bà có thể đăng ký nhận kết quả tại nhà qua dịch vụ bưu chính công ích.",
                      lang=lang), s.small)
    if text(p, "hotline"):
        c.paragraph([(_("Đường dây nóng: ", lang=lang), False), (text(p, "hotline"), True)], s.small)


def render_receipt(payload: dict, width_mm: int = 80, font_path: str | None = None, *,
                   native_qr: bool = True, lang: str = "vi", dots: int | None = None) -> bytes:
    """Render a receipt payload (docs/CONTRACTS.md, ``kind="receipt"``, Mẫu 01) to ESC/POS bytes.

    Args:
        payload: See docs/CONTRACTS.md; ``applicant.id_masked`` is printed as given when it is masked, and
            masked here (``0010******56``) if a full number slipped through.
        width_mm: 80 or 58.
        dots: Dots across the print head (default 576 for 80 mm, 384 for 58 mm; e.g. 512).
        font_path: TTF with Vietnamese glyphs (default DejaVu Sans).
        native_qr: Native QR command (default) or raster QR (for comparison).
        lang: Label language; the legal form is Vietnamese (``vi``) by default.

    Raises:
        LayoutError: Missing reference (LAY-020) or an invalid field (LAY-003/LAY-004).
    """
    if not text(payload, "reference"):
        raise LayoutError(_("Giấy tiếp nhận thiếu mã hồ sơ"), code="LAY-020")
    style, canvas, job = start(width_mm, font_path, dots)
    _header(canvas, style, payload, lang)
    _applicant(canvas, style, payload, lang)
    _items(canvas, style, payload, lang)
    _signatures(canvas, style, lang)
    flush(canvas, job)
    qr = text(payload, "qr")
    if qr:
        job.qr(qr, style.qr_module - 1, native=native_qr)
    _footer(canvas, style, payload, lang)
    flush(canvas, job)
    job.cut()
    return job.output()
