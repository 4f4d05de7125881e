"""decode_frame on small generated images: Vietnamese UTF-8 QR, colour channels, 1D codes, tilt."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from pyzbar import pyzbar

from bench.hardset import render_symbol
from devices.codes import Code, InvalidFrame, UnknownBackend, UnknownFormat, decode_frame, payload_text

ID_PAYLOAD = "001090123456|012345678|Nguyễn Văn A|01011990|Nam|Số 1 Phố X, Phường Y, Hà Nội|15042021"
BACKENDS = ["auto", "zxing", "zbar"]


def on_canvas(symbol: np.ndarray, size: tuple[int, int] = (480, 640), angle: float = 0.0) -> np.ndarray:
    """Paste a gray symbol in the middle of a light-gray canvas, optionally rotated."""
    h, w = size
    canvas = np.full((h, w), 200, np.uint8)
    sh, sw = symbol.shape
    y, x = (h - sh) // 2, (w - sw) // 2
    canvas[y:y + sh, x:x + sw] = symbol
    if angle:
        matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
        canvas = cv2.warpAffine(canvas, matrix, (w, h), flags=cv2.INTER_LINEAR, borderValue=200)
    return canvas


@pytest.mark.parametrize("backend", BACKENDS)
def test_vietnamese_id_qr(backend):
    frame = cv2.cvtColor(on_canvas(render_symbol("QRCode", ID_PAYLOAD, 3)), cv2.COLOR_GRAY2BGR)
    codes = decode_frame(frame, backend)
    assert [(c.format, c.text) for c in codes] == [("QRCode", ID_PAYLOAD)]
    assert codes[0].raw == ID_PAYLOAD.encode("utf-8")
    assert len(codes[0].polygon) == 4


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("text", ["Nữ", "Lê Hà"])
def test_short_vietnamese_qr_is_not_read_as_shift_jis(backend, text):
    frame = on_canvas(render_symbol("QRCode", text, 4))
    assert pyzbar.decode(frame)[0].data.decode("utf-8", "replace") != text  # the trap we avoid
    assert [c.text for c in decode_frame(frame, backend)] == [text]


@pytest.mark.parametrize("backend", BACKENDS)
def test_code_only_in_a_later_colour_channel(backend):
    gray = on_canvas(render_symbol("QRCode", "HS|000.00.16.H36-231121-0001|7KQM", 4))
    frame = np.zeros((*gray.shape, 3), np.uint8)
    frame[:, :, 0] = 128  # blue: flat, what pyzbar alone would look at
    frame[:, :, 1] = gray  # green carries the code
    frame[:, :, 2] = gray
    assert pyzbar.decode(frame) == []
    assert [c.text for c in decode_frame(frame, backend)] == ["HS|000.00.16.H36-231121-0001|7KQM"]


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(("fmt", "text"), [("Code128", "HT-012"), ("EAN13", "8934567890120"),
                                           ("ITF", "12345678901231")])
def test_linear_codes(backend, fmt, text):
    codes = decode_frame(on_canvas(render_symbol(fmt, text, 2)), backend)
    assert (fmt, text) in [(c.format, c.text) for c in codes]


def test_tilted_code128_is_read_by_auto():
    frame = on_canvas(render_symbol("Code128", "H36-12345678", 2), angle=35)
    codes = decode_frame(frame, "auto", ["Code128"], budget_ms=2000)  # generous: shared CI machines
    assert [(c.format, c.text) for c in codes] == [("Code128", "H36-12345678")]
    xs = [x for x, _ in codes[0].polygon]
    assert codes[0].polygon and 0 <= min(xs) and max(xs) <= 640  # mapped back to frame pixels


@pytest.mark.parametrize("backend", BACKENDS)
def test_empty_frame(backend):
    assert decode_frame(np.full((720, 1280, 3), 127, np.uint8), backend) == []


def test_formats_filter_and_errors():
    frame = on_canvas(render_symbol("EAN13", "8934567890120", 2))
    assert decode_frame(frame, formats=["QRCode"]) == []
    with pytest.raises(UnknownFormat):
        decode_frame(frame, formats=["Bogus"])
    with pytest.raises(UnknownBackend):
        decode_frame(frame, "opencv")
    with pytest.raises(InvalidFrame):
        decode_frame(np.zeros((0, 0), np.uint8))
    with pytest.raises(InvalidFrame):
        decode_frame("not an image")  # type: ignore[arg-type]


def test_payload_text_falls_back_and_normalises():
    assert payload_text("Nguye\u0302\u0303n".encode()) == "Nguyễn"
    assert payload_text(b"caf\xe9") == "café"  # not UTF-8: ISO-8859-1, the QR default
    assert Code("QRCode", "x").as_json() == {"format": "QRCode", "text": "x"}


def test_auto_budget_limits_retries():
    frame = on_canvas(render_symbol("Code128", "H36-12345678", 2), angle=35)
    assert decode_frame(frame, "zxing", ["Code128"]) == []  # too tilted for a plain pass
    assert decode_frame(frame, "auto", ["Code128"], budget_ms=0) == []
    assert [c.text for c in decode_frame(frame, "auto", ["Code128"], budget_ms=2000)] == ["H36-12345678"]


@pytest.mark.parametrize("backend", BACKENDS)
def test_latin1_qr_falls_back(backend):
    import zxingcpp

    # zxing-cpp's writer stores text that fits ISO-8859-1 in that charset (no ECI): not UTF-8
    symbol = np.asarray(zxingcpp.create_barcode("Lê Hà", zxingcpp.BarcodeFormat.QRCode).to_image(scale=4))
    codes = decode_frame(on_canvas(symbol), backend)
    assert [(c.text, c.raw) for c in codes] == [("Lê Hà", b"L\xea H\xe0")]


def test_bgra_and_single_channel_frames():
    gray = on_canvas(render_symbol("QRCode", "VE|HN01|2026-11-22|HT-012", 4))
    bgra = cv2.cvtColor(gray, cv2.COLOR_GRAY2BGRA)
    assert [c.text for c in decode_frame(bgra)] == ["VE|HN01|2026-11-22|HT-012"]
    assert [c.text for c in decode_frame(gray[:, :, None])] == ["VE|HN01|2026-11-22|HT-012"]
