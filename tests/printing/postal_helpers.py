"""Sample postal payloads and checks on printed PNGs: barcodes read by zxing-cpp, Vietnamese lines found as pixels."""

from __future__ import annotations

import time
from pathlib import Path

import cv2
import numpy as np
import zxingcpp
from PIL import Image

from devices.layouts.canvas import Canvas
from devices.layouts.fonts import fonts_for

LONG_ADDRESS = ("Số 12, ngách 34/56, ngõ 345 đường Nguyễn Trãi, tổ dân phố số 7, phường Thanh Xuân Trung, "
                "quận Thanh Xuân, thành phố Hà Nội (gọi trước khi giao, sau 17 giờ)")

LABEL = {
    "tracking_number": "RR123456785VN",
    "sender": {"name": "Bưu điện văn hóa xã Ấp Quỳnh", "address": "Thôn Đông, xã Ấp Quỳnh, tỉnh Quảng Trị",
               "hotline": "1900 0000"},
    "recipient": {"name": "Nguyễn Thị Thùy Dương", "phone": "0912345678", "address": LONG_ADDRESS},
    "reference": "000.00.16.H36-231121-0001", "cod_vnd": 52000,
    "content": "Kết quả giải quyết thủ tục hành chính", "sent_at": "2026-11-23T01:15:00+00:00",
}


def handover(lines: int = 20, code: str = "BK2611230001") -> dict:
    """A hand-over list payload with ``lines`` dossiers (every third with originals)."""
    procedures = ["Đăng ký khai sinh", "Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan có thẩm quyền cấp",
                  "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam"]
    items = [{"reference": f"000.00.16.H36-231121-{i:04d}", "procedure": procedures[i % 3],
              "applicant_name": "Nguyễn Thị Thùy Dương" if i % 2 else "Trần Văn Ánh", "id_masked": "001090123456",
              "documents": 1 + i % 4, "pages": 2 + i % 5, "originals": 1 if i % 3 == 0 else 0}
             for i in range(1, lines + 1)]
    return {"batch_code": code, "direction": "to_agency", "site_name": "Bưu điện văn hóa xã Ấp Quỳnh",
            "site_address": "Thôn Đông, xã Ấp Quỳnh, tỉnh Quảng Trị", "agency": "Bộ phận Một cửa UBND xã Ấp Quỳnh",
            "closed_at": "2026-11-23T08:00:00+07:00", "agent_name": "Trần Văn Bình", "courier_name": "Lê Văn Cường",
            "items": items}


def codes(png: Path | Image.Image) -> list[tuple[str, str]]:
    """``(format name, text)`` of every barcode and QR code zxing-cpp finds."""
    img = png if isinstance(png, Image.Image) else Image.open(png)
    return sorted((r.format.name, r.text) for r in zxingcpp.read_barcodes(img.convert("L")))


def line_bitmap(text: str | list[tuple[str, bool]], size: int, width: int, bold: bool = False, **how) -> np.ndarray:
    """The ink of one line of ``text`` as the layouts draw it (DejaVu Sans), cropped to its bounding box.

    ``how``: ``align``/``indent``/``fit`` as given to :meth:`Canvas.paragraph` (the same width and alignment give
    the same sub-pixel glyph positions, hence the same pixels).
    """
    canvas = Canvas(width, fonts_for())
    canvas.paragraph(text, size, bold=bold, **how)
    ink = np.asarray(canvas.image().convert("L"))
    ys, xs = np.nonzero(ink < 128)
    return ink[ys.min():ys.max() + 1, xs.min():xs.max() + 1]


def shows(png: Path | Image.Image, text: str | list[tuple[str, bool]], size: int, bold: bool = False, *,
          width: int | None = None, **how) -> bool:
    """True when the printed page holds exactly the pixels of ``text`` (diacritics included) somewhere.

    ``width``: the width of the canvas (or column) the line was laid out in, when not the page's.
    """
    img = png if isinstance(png, Image.Image) else Image.open(png)
    page = np.asarray(img.convert("L"))
    needle = line_bitmap(text, size, width or page.shape[1], bold, **how)
    if needle.shape[0] > page.shape[0] or needle.shape[1] > page.shape[1]:
        return False
    scores = cv2.matchTemplate(page, needle, cv2.TM_SQDIFF)
    return float(scores.min()) < 255 ** 2 / 2  # not one pixel differs (the sum is computed in floats)


def timed(fn, *args, repeat: int = 5, **kwargs) -> tuple[object, float]:
    """``(result, best ms of repeat runs)``."""
    best, out = float("inf"), None
    for _ in range(repeat):
        started = time.perf_counter()
        out = fn(*args, **kwargs)
        best = min(best, (time.perf_counter() - started) * 1000)
    return out, best
