"""Build one ESC/POS job: raster bands, native QR/barcodes and the cut, never wider than the print head."""

from __future__ import annotations

import numpy as np
import qrcode
from PIL import Image

from devices.layouts import escpos

MIN_GAP = 3  # blank rows worth sending as a narrow white band instead of full-width raster data
QR_QUIET = 4  # quiet-zone modules on each side that must fit on the paper too


class JobBuilder:
    """Accumulates one print job for a print head of ``width`` dots.

    Raster images are sent in bands: runs of blank rows become narrow white bands (an exact paper
    feed) and blank space to the right of the last black dot is not sent, which keeps jobs small
    on slow (serial) links. The job starts with ``ESC @`` and one white row at the full head
    width, so a viewer (the virtual printer, the preview) can tell the paper width from the job.
    """

    def __init__(self, width: int) -> None:
        if width % 8 or not 8 <= width <= escpos.MAX_BAND_BYTES * 8:
            raise ValueError(f"head width {width} is not a multiple of 8 up to {escpos.MAX_BAND_BYTES * 8}")
        self.width = width
        self.raster_bytes = 0
        self._out = bytearray(escpos.init())
        self._raw(escpos.raster_bands(np.zeros((1, width), dtype=bool)))

    def _raw(self, commands: list[bytes]) -> None:
        for command in commands:
            self._out += command
            self.raster_bytes += len(command)

    def raster(self, img: Image.Image) -> None:
        """Send a 1-bit image (white = 1) at the left margin; anything right of the head is dropped."""
        ink = np.asarray(img.convert("1"), dtype=bool) == 0
        ink = ink[:, :self.width]
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
            self._raw(escpos.raster_bands(band[:, :(right + 7) // 8 * 8]))

    def feed(self, dots: int) -> None:
        """Advance the paper exactly ``dots`` rows."""
        self._raw(escpos.blank_rows(dots))

    def qr(self, text: str, module: int, native: bool = True) -> None:
        """Print a centred QR code: native (``GS ( k``, ~50 bytes) or as a raster image.

        The module size shrinks (to 1 dot at least) so the code and its quiet zone fit the head; a
        payload too long for a printer's QR buffer is sent as raster instead.
        """
        code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=1, border=0)
        code.add_data(text)
        code.make(fit=True)
        modules = code.modules_count + 2 * QR_QUIET
        module = max(1, min(module, self.width // modules))
        data = text.encode("utf-8")
        if native and len(data) <= escpos.MAX_QR_BYTES:
            self._out += escpos.align("center") + escpos.qr(data, min(module, 16)) + escpos.align("left")
            return
        img = code.make_image().get_image().convert("1")
        img = img.resize((img.width * module, img.height * module), Image.NEAREST)
        row = Image.new("1", (self.width, img.height + 2 * module), 1)
        row.paste(img, ((self.width - img.width) // 2, module))
        self.raster(row)

    def barcode(self, code: str, module: int = 2, height: int = 60) -> None:
        """Print a centred native CODE128 (set B) barcode with the text below it."""
        # In CODE128 data "{" starts a code set/function name; a literal one is sent as "{{".
        data = b"{B" + code.encode("ascii", "replace")[:120].replace(b"{", b"{{")
        self._out += escpos.align("center") + escpos.code128(data, module, height) + escpos.align("left")

    def cut(self) -> None:
        """Feed past the cutter and cut."""
        self._out += escpos.cut()

    def output(self) -> bytes:
        """The job bytes."""
        return bytes(self._out)


def _short_gap(rows: np.ndarray, y: int) -> bool:
    """True when a blank run starting at ``y`` is shorter than MIN_GAP and followed by ink."""
    end = y
    while end < len(rows) and not rows[end]:
        end += 1
    return end - y < MIN_GAP and end < len(rows)
