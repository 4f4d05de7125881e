"""Pixel helpers for the job renderer: decode ESC/POS bit images, draw QR codes and barcodes."""

from __future__ import annotations

import functools
import os

import qrcode
from PIL import Image, ImageDraw, ImageFont

_INVERT = bytes(255 - b for b in range(256))
MONO_FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"
MONO_BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf"
_QR_EC = {48: qrcode.constants.ERROR_CORRECT_L, 49: qrcode.constants.ERROR_CORRECT_M,
          50: qrcode.constants.ERROR_CORRECT_Q, 51: qrcode.constants.ERROR_CORRECT_H}
# GS k m -> python-barcode name (function A: 0-6, function B: 65-78).
BARCODE_NAMES = {0: "upca", 1: "upc", 2: "ean13", 3: "ean8", 4: "code39", 5: "itf", 6: "codabar",
                 65: "upca", 66: "upc", 67: "ean13", 68: "ean8", 69: "code39", 70: "itf", 71: "codabar",
                 73: "code128"}


def raster_image(data: bytes, width_bytes: int, height: int) -> Image.Image:
    """Return an ``L`` image (0 = black) from row-major ESC/POS raster bits (1 = black dot)."""
    if width_bytes == 0 or height == 0:
        return Image.new("L", (max(width_bytes * 8, 1), max(height, 1)), 255)
    img = Image.frombytes("1", (width_bytes * 8, height), data.translate(_INVERT))
    return img.convert("L")


def column_image(data: bytes, columns: int, dots: int) -> Image.Image:
    """Return an ``L`` image from ESC * column data (``dots`` = 8 or 24 rows, MSB at the top)."""
    per_col = dots // 8
    transposed = Image.frombytes("1", (dots, columns), bytes(data[: columns * per_col]).translate(_INVERT))
    return transposed.transpose(Image.Transpose.TRANSPOSE).convert("L")


def qr_image(text: bytes, module: int, ec: int) -> Image.Image:
    """Draw a QR code like the printer would (module size in dots, EC level 48-51), with a small quiet zone."""
    code = qrcode.QRCode(version=None, error_correction=_QR_EC.get(ec, qrcode.constants.ERROR_CORRECT_L),
                         box_size=max(module, 1), border=2)
    code.add_data(text)
    code.make(fit=True)
    return code.make_image().get_image().convert("L")


def barcode_image(kind: int, data: bytes, module: int, height: int) -> Image.Image | None:
    """Draw a 1D barcode with python-barcode's encoder; None when the symbology or data is unsupported."""
    name = BARCODE_NAMES.get(kind)
    if name is None:
        return None
    text = data.decode("latin-1")
    if name == "code128" and len(text) >= 2 and text[0] == "{":
        text = text[2:]
    try:
        import barcode as pybarcode

        options = {"add_checksum": False} if name == "code39" else {}
        modules = "".join(pybarcode.get(name, text, **options).build())
    except Exception:  # noqa: BLE001 - bad data prints nothing on a real printer either
        return None
    module = max(module, 1)
    img = Image.new("L", (len(modules) * module, max(height, 1)), 255)
    draw = ImageDraw.Draw(img)
    for x, bit in enumerate(modules):
        if bit == "1":
            draw.rectangle((x * module, 0, (x + 1) * module - 1, height - 1), fill=0)
    return img


def caption(text: str, width: int) -> Image.Image:
    """Human-readable barcode text (HRI) centred under a barcode ``width`` dots wide."""
    font = mono_font(20)
    img = Image.new("L", (max(width, int(font.getlength(text)) + 2), 26), 255)
    ImageDraw.Draw(img).text((img.width // 2, 22), text, font=font, fill=0, anchor="ms")
    return img


@functools.lru_cache(maxsize=16)
def mono_font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """A monospaced font for code-page text (DejaVu Sans Mono, or Pillow's default)."""
    path = MONO_BOLD if bold else MONO_FONT
    if os.path.exists(path):
        return ImageFont.truetype(path, size)
    return ImageFont.load_default()
