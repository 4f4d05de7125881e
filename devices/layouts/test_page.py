"""The technician's test page: printer model, date, Vietnamese sample lines, a native QR and barcode, a cut."""

from __future__ import annotations

from datetime import datetime

from core.i18n import translator

from devices.layouts.common import flush, start
from devices.layouts.formatting import LOCAL_TZ, hhmm_date, text

_ = translator("devices")

SAMPLE = "Cộng hòa xã hội chủ nghĩa Việt Nam - Ấp Quỳnh, Đắk Lắk, Thừa Thiên Huế, Bà Rịa - Vũng Tàu"
ALPHABET = "ĂÂĐÊÔƠƯ ăâđêôơư ÁÀẢÃẠ ẤẦẨẪẬ ắằẳẵặ ếềểễệ ốồổỗộ ớờởỡợ ứừửữự ýỳỷỹỵ"


def default_test_payload(model: str, now: datetime | None = None, lang: str | None = None) -> dict:
    """The test payload for a printer ``model`` (``{"title", "lines", "qr"}``)."""
    now = now or datetime.now(LOCAL_TZ)
    return {
        "title": _("TRANG IN THỬ", lang=lang),
        "lines": [
            _("Máy in: {model}", lang=lang, model=model),
            _("Thời gian: {time}", lang=lang, time=hhmm_date(now)),
            _("Mẫu chữ tiếng Việt:", lang=lang),
            SAMPLE,
            ALPHABET,
        ],
        "qr": f"TEST|{model}|{now.isoformat(timespec='seconds')}",
        "barcode": "TEST-" + now.strftime("%H%M%S"),
    }


def render_test_page(payload: dict | str, width_mm: int = 80, font_path: str | None = None, *,
                     native_qr: bool = True, lang: str | None = None, dots: int | None = None) -> bytes:
    """Render a test page from a payload (``kind="test"``) or a printer model name.

    Args:
        payload: ``{"title", "lines", "qr"}`` (optional ``"barcode"``), or a model name for the default page.
        width_mm: 80 or 58.
        dots: Dots across the print head (default 576 for 80 mm, 384 for 58 mm; e.g. 512).
        font_path: TTF with Vietnamese glyphs (default DejaVu Sans).
        native_qr: Native QR (default) or raster QR.
        lang: Label language (default: the current language).
    """
    if isinstance(payload, str):
        payload = default_test_payload(payload, lang=lang)
    style, canvas, job = start(width_mm, font_path, dots)
    canvas.paragraph(text(payload, "title") or _("TRANG IN THỬ", lang=lang), style.title, bold=True,
                     align="center")
    canvas.rule(gap=style.gap)
    for line in payload.get("lines") or []:
        canvas.paragraph(str(line), style.base)
    canvas.space(style.gap)
    flush(canvas, job)
    if text(payload, "qr"):
        job.qr(text(payload, "qr"), style.qr_module, native=native_qr)
    if text(payload, "barcode"):
        canvas.paragraph(_("Mã vạch CODE128:", lang=lang), style.small, align="center")
        flush(canvas, job)
        job.barcode(text(payload, "barcode"), module=2, height=60)
    canvas.space(style.gap)
    canvas.paragraph(_("Nếu các dòng trên in rõ dấu tiếng Việt, máy in đã sẵn sàng.", lang=lang), style.small)
    flush(canvas, job)
    job.cut()
    return job.output()
