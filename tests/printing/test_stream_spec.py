"""Every layout's byte stream, read by a second, minimal parser written here from the Epson ESC/POS reference.

It shares no code with the virtual printer: it accepts only the conservative command set the
layouts promise (ESC @, ESC a, ESC d, GS v 0, GS ( k QR, CODE128, GS V function A), checks every
length and parameter range, and fails on any byte it cannot account for.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np
import pytest
from PIL import Image

from devices.layouts import LayoutError, render_payload, render_receipt, render_test_page, render_ticket
from devices.layouts.job import JobBuilder
from devices.printing import send
from devices.virtual_printer import VirtualPrinter
from tests.printing.conftest import RECEIPT, TICKET


class SpecError(AssertionError):
    """The stream breaks the reference or leaves the promised command set."""


@dataclass
class Stream:
    """What the stream does, as far as the tests care."""

    commands: list[str] = field(default_factory=list)
    bands: list[tuple[int, int]] = field(default_factory=list)  # (width in bytes, rows)
    ink_right: int = 0  # rightmost black dot + 1 over all rasters
    qr: list[bytes] = field(default_factory=list)
    barcodes: list[bytes] = field(default_factory=list)
    consumed: int = 0


def _u8(data: bytes, i: int, what: str) -> int:
    if i >= len(data):
        raise SpecError(f"{what}: stream ends at byte {i}")
    return data[i]


def read_stream(data: bytes) -> Stream:  # noqa: C901 - one branch per command, like the reference
    """Parse ``data`` strictly; raise SpecError at the first byte not accounted for."""
    out = Stream()
    i, qr_steps = 0, []
    while i < len(data):
        b0, b1 = data[i], _u8(data, i + 1, "command")
        if (b0, b1) == (0x1B, 0x40):  # ESC @
            out.commands.append("ESC @")
            i += 2
        elif (b0, b1) == (0x1B, 0x61):  # ESC a n
            n = _u8(data, i + 2, "ESC a")
            if n not in (0, 1, 2, 48, 49, 50):
                raise SpecError(f"ESC a {n} at {i}")
            out.commands.append("ESC a")
            i += 3
        elif (b0, b1) == (0x1B, 0x64):  # ESC d n
            _u8(data, i + 2, "ESC d")
            out.commands.append("ESC d")
            i += 3
        elif (b0, b1) == (0x1D, 0x76):  # GS v 0 m xL xH yL yH d1...dk, k = (xL + xH*256) * (yL + yH*256)
            if _u8(data, i + 2, "GS v") != 0x30:
                raise SpecError(f"GS v {data[i + 2]} at {i}")
            m = _u8(data, i + 3, "GS v 0 m")
            if m not in (0, 1, 2, 3, 48, 49, 50, 51):
                raise SpecError(f"GS v 0 m={m} at {i}")
            x = _u8(data, i + 4, "xL") + 256 * _u8(data, i + 5, "xH")
            y = _u8(data, i + 6, "yL") + 256 * _u8(data, i + 7, "yH")
            if not 1 <= x <= 80 or not 1 <= y <= 255:  # <= 640 dots; bands <= 255 rows (yH = 0)
                raise SpecError(f"GS v 0 {x} bytes x {y} rows at {i}")
            end = i + 8 + x * y
            if end > len(data):
                raise SpecError(f"GS v 0 data cut short at {i}")
            bits = np.unpackbits(np.frombuffer(data[i + 8:end], dtype=np.uint8)).reshape(y, x * 8)
            cols = np.flatnonzero(bits.any(axis=0))
            if cols.size:
                out.ink_right = max(out.ink_right, int(cols[-1]) + 1)
            out.bands.append((x, y))
            out.commands.append("GS v 0")
            i = end
        elif (b0, b1) == (0x1D, 0x28) and _u8(data, i + 2, "GS (") == 0x6B:  # GS ( k pL pH cn fn ...
            size = _u8(data, i + 3, "pL") + 256 * _u8(data, i + 4, "pH")
            end = i + 5 + size
            if size < 3 or end > len(data):
                raise SpecError(f"GS ( k size {size} at {i}")
            cn, fn, args = data[i + 5], data[i + 6], data[i + 7:end]
            if cn != 49:
                raise SpecError(f"GS ( k cn={cn} is not QR at {i}")
            valid = {65: len(args) == 2 and args[0] in (49, 50) and args[1] == 0,
                     67: len(args) == 1 and 1 <= args[0] <= 16,
                     69: len(args) == 1 and 48 <= args[0] <= 51,
                     80: len(args) >= 2 and args[0] == 48 and len(args) - 1 <= 7089,
                     81: args == b"0"}.get(fn, False)
            if not valid:
                raise SpecError(f"GS ( k fn={fn} args={args[:6]!r} at {i}")
            qr_steps.append(fn)
            if fn == 80:
                out.qr.append(args[1:])
            out.commands.append(f"QR {fn}")
            i = end
        elif b0 == 0x1D and b1 in (0x68, 0x77, 0x48, 0x66):  # GS h n, GS w n, GS H n, GS f n
            n = _u8(data, i + 2, "barcode setting")
            ok = {0x68: 1 <= n <= 255, 0x77: 2 <= n <= 6, 0x48: n in (0, 1, 2, 3, 48, 49, 50, 51),
                  0x66: n in (0, 1, 48, 49)}[b1]
            if not ok:
                raise SpecError(f"GS {chr(b1)} {n} at {i}")
            out.commands.append(f"GS {chr(b1)}")
            i += 3
        elif (b0, b1) == (0x1D, 0x6B):  # GS k m n d1..dn, m = 73 (CODE128)
            m, n = _u8(data, i + 2, "GS k m"), _u8(data, i + 3, "GS k n")
            end = i + 4 + n
            if m != 73 or n < 2 or end > len(data) or data[i + 4] != ord("{"):
                raise SpecError(f"GS k m={m} n={n} at {i}")
            out.barcodes.append(data[i + 6:end])
            out.commands.append("GS k")
            i = end
        elif (b0, b1) == (0x1D, 0x56):  # GS V m, function A only
            m = _u8(data, i + 2, "GS V")
            if m not in (0, 1, 48, 49):
                raise SpecError(f"GS V {m} at {i}")
            out.commands.append("GS V")
            i += 3
        else:
            raise SpecError(f"byte {i}: {data[i:i + 8].hex(' ')} is not in the promised command set")
    out.consumed = i
    if qr_steps and [qr_steps[k:k + 5] for k in range(0, len(qr_steps), 5)] != [[65, 67, 69, 80, 81]] * (
            len(qr_steps) // 5) or len(qr_steps) % 5:
        raise SpecError(f"QR functions out of order: {qr_steps}")
    return out


def _check(data: bytes, head: int) -> Stream:
    stream = read_stream(data)
    assert stream.consumed == len(data)  # every byte is accounted for
    assert stream.commands[0] == "ESC @" and stream.commands[-2:] == ["ESC d", "GS V"]
    assert stream.commands.count("GS V") == 1
    assert max(x for x, _ in stream.bands) * 8 == head  # the full-width first row tells the head width
    assert 0 < stream.ink_right <= head  # nothing is printed wider than the head
    return stream


LAYOUTS = {
    "ticket": (render_ticket, TICKET),
    "receipt": (render_receipt, RECEIPT),
    "test": (render_test_page, {"title": "TRANG IN THỬ", "lines": ["Máy in: TM-T88V", "Ấp Quỳnh, Đắk Lắk"],
                                "qr": "TEST|TM-T88V", "barcode": "TEST-101500"}),
}


@pytest.mark.parametrize("kind", sorted(LAYOUTS))
@pytest.mark.parametrize(("width_mm", "dots", "head"), [(80, None, 576), (58, None, 384), (80, 512, 512),
                                                        (58, 432, 432), (80, 640, 640)])
def test_every_layout_speaks_only_portable_esc_pos(kind, width_mm, dots, head):
    render, payload = LAYOUTS[kind]
    stream = _check(render(payload, width_mm, dots=dots), head)
    assert stream.qr == [payload["qr"].encode("utf-8")]
    assert stream.barcodes == ([payload["barcode"].encode()] if kind == "test" else [])


def test_512_dot_head_prints_readably_on_the_virtual_printer(tmp_path):
    """A TM-T88-like 512-dot head: a strict virtual printer of that width accepts and decodes every layout."""
    with VirtualPrinter(jobs_dir=tmp_path, width=512) as vp:
        for kind, (_, payload) in LAYOUTS.items():
            assert send(vp.url, render_payload(kind, payload, 80, dots=512)).ok
        jobs = vp.wait_for_jobs(3)
        assert vp.problems == [] and vp.rejected == []
        # Each connection is its own handler thread: jobs may be stored out of order.
        assert sorted(j.qr_texts[0] for j in jobs) == sorted(p["qr"] for _, p in LAYOUTS.values())
        assert {j.width for j in jobs} == {512}


def test_a_576_dot_job_is_flagged_by_a_512_dot_printer(tmp_path):
    with VirtualPrinter(jobs_dir=tmp_path, width=512) as vp:
        assert send(vp.url, render_ticket(TICKET, 80)).ok
        deadline = time.monotonic() + 5
        while not vp.rejected and time.monotonic() < deadline:
            time.sleep(0.02)
        assert vp.rejected and "576 dots wide on a 512-dot head" in vp.problems[0]


def test_tall_images_are_split_into_bands_of_at_most_255_rows():
    job = JobBuilder(512)
    job.raster(Image.new("1", (512, 700), 0))  # 700 black rows, e.g. a tall logo
    stream = read_stream(job.output())
    assert [y for _, y in stream.bands] == [1, 255, 255, 190] and stream.ink_right == 512


def test_wide_image_is_clipped_to_the_head_and_long_qr_falls_back_to_raster():
    job = JobBuilder(384)
    job.raster(Image.new("1", (600, 10), 0))
    job.qr("X" * 1500, module=6)  # too long for a printer's QR buffer: sent as raster
    stream = read_stream(job.output())
    assert stream.ink_right == 384 and max(x for x, _ in stream.bands) == 48 and stream.qr == []


@pytest.mark.parametrize("dots", [500, 8, 1024, 576.0])
def test_bad_head_width_is_a_layout_error(dots):
    with pytest.raises(LayoutError) as err:
        render_ticket(TICKET, 80, dots=dots)
    assert err.value.code == "LAY-006"
