"""Decode QR codes from rendered PNGs with zxing-cpp (and pyzbar as a cross-check)."""

from __future__ import annotations

from pathlib import Path

import zxingcpp
from PIL import Image


def qr_texts(png: Path) -> list[str]:
    """Text of every QR code zxing-cpp finds in ``png``."""
    img = Image.open(png).convert("L")
    return [r.text for r in zxingcpp.read_barcodes(img) if r.format == zxingcpp.BarcodeFormat.QRCode]


def pyzbar_qr_texts(png: Path) -> list[str]:
    """Text of every QR code pyzbar finds in ``png`` (raw bytes decoded as UTF-8)."""
    from pyzbar import pyzbar

    img = Image.open(png).convert("L")
    return [r.data.decode("utf-8") for r in pyzbar.decode(img) if r.type == "QRCODE"]
