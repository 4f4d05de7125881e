"""Build ESC/POS jobs with python-escpos' Dummy printer: raster bands, native QR/barcodes, feeds and the cut."""

from __future__ import annotations

import numpy as np
import qrcode
from escpos.constants import QR_ECLEVEL_M
from escpos.printer import Dummy
from PIL import Image

ESC, GS = b"\x1b", b"\x1d"
MIN_GAP = 3  # blank rows worth replacing by a feed (ESC J) instead of raster data


def _dummy(width: int) -> Dummy:
    printer = Dummy()
    data = dict(printer.profile.profile_data)
    data["media"] = {"dpi": 203, "width": {"mm": 72 if width >= 576 else 48, "pixels": width}}
    printer.profile.profile_data = data  # instance attribute: no "pixels unknown" warning on stdout
    return printer


class JobBuilder:
    """Accumulates one print job for a paper width of ``width`` dots.

    Raster images are sent in bands: runs of blank rows become paper feeds (ESC J) and blank space to
    the right of the last black dot is not sent, which keeps jobs small on slow (serial) links.
    """

    def __init__(self, width: int) -> None:
        self.width = width
        self.printer = _dummy(width)
        self.raster_bytes = 0
        # ESC @ init, GS L 0 0 left margin, GS W print area width: the paper width, also read by the previewer.
        self.printer._raw(ESC + b"@" + GS + b"L\x00\x00" + GS + b"W" + width.to_bytes(2, "little"))

    def raster(self, img: Image.Image) -> None:
        """Send a 1-bit image (white = 1) at the left margin."""
        ink = np.asarray(img.convert("1"), dtype=bool) == 0
        if not ink.size:
            return
        rows = ink.any(axis=1)
        y, height = 0, ink.shape[0]
        while y < height:
            start = y
            if not rows[y]:
                while y < height and not rows[y]:
                    y += 1
                if y - start >= MIN_GAP or y == height:
                    self.feed(y - start)
                    continue
            while y < height and (rows[y] or _short_gap(rows, y)):
                y += 1
            band = ink[start:y]
            cols = np.flatnonzero(band.any(axis=0))
            right = int(cols[-1]) + 1 if cols.size else 8
            right = min(self.width, (right + 7) // 8 * 8)
            self._band(img.crop((0, start, right, y)))

    def _band(self, img: Image.Image) -> None:
        """Send one band as GS v 0 (raster bit image), split every 960 rows like python-escpos does."""
        ink = np.asarray(img.convert("1"), dtype=bool) == 0
        for top in range(0, ink.shape[0], 960):
            part = ink[top:top + 960]
            data = np.packbits(part, axis=1)
            width_bytes, height = data.shape[1], data.shape[0]
            header = GS + b"v0\x00" + width_bytes.to_bytes(2, "little") + height.to_bytes(2, "little")
            self.printer._raw(header + data.tobytes())
            self.raster_bytes += len(header) + data.size

    def feed(self, dots: int) -> None:
        """Feed the paper ``dots`` rows (ESC J, up to 255 per command)."""
        while dots > 0:
            step = min(dots, 255)
            self.printer._raw(ESC + b"J" + bytes((step,)))
            dots -= step

    def qr(self, text: str, module: int, native: bool = True) -> None:
        """Print a centred QR code: native (GS ( k, ~50 bytes) or as a raster image (for comparison)."""
        if native:
            self.printer._raw(ESC + b"a\x01")
            self.printer.qr(text, ec=QR_ECLEVEL_M, size=module, native=True)
            self.printer._raw(ESC + b"a\x00")
            return
        code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=module, border=1)
        code.add_data(text)
        code.make(fit=True)
        qr = code.make_image().get_image().convert("1")
        row = Image.new("1", (self.width, qr.height), 1)
        row.paste(qr, ((self.width - qr.width) // 2, 0))
        self.raster(row)

    def barcode(self, code: str, module: int = 2, height: int = 60) -> None:
        """Print a centred native CODE128 (set B) barcode with the text below it."""
        data = b"{B" + code.encode("ascii", "replace")
        self.printer._raw(ESC + b"a\x01" + GS + b"h" + bytes((height,)) + GS + b"w" + bytes((module,))
                          + GS + b"H\x02" + GS + b"f\x00" + GS + b"k\x49" + bytes((len(data),)) + data
                          + ESC + b"a\x00")

    def cut(self) -> None:
        """Feed past the cutter and cut (GS V)."""
        self.printer.cut()

    def output(self) -> bytes:
        """The job bytes."""
        return self.printer.output


def _short_gap(rows: np.ndarray, y: int) -> bool:
    """True when a blank run starting at ``y`` is shorter than MIN_GAP and followed by ink."""
    end = y
    while end < len(rows) and not rows[end]:
        end += 1
    return end - y < MIN_GAP and end < len(rows)
