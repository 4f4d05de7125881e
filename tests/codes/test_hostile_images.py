"""Hostile image files (issue 11): decompression bombs and huge JPEG headers are refused from the header before
decoding (COD-006), a FIFO or device is refused before it is read (COD-007), and one bad file never aborts the
rest of a ``kiosk-devices decode`` batch."""

from __future__ import annotations

import json
import os
import struct
import subprocess
import sys
import time
import zlib
from pathlib import Path

import cv2
import numpy as np
import pytest

from bench.hardset import render_symbol
from devices.cli import main
from devices.codes import ImageTooLarge, NotAnImageFile, decode_frame
from devices.codes.imagefile import MAX_IMAGE_PIXELS, header_size, load_image

ROOT = Path(__file__).resolve().parents[2]


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png_bomb(path: Path, width: int = 16_000, height: int = 16_000) -> Path:
    """A 256-megapixel 1-bit gray PNG of a few kilobytes: every row is zeros (decodes to 256 MB of gray, or 768 MB BGR)."""
    row = b"\x00" + b"\x00" * ((width + 7) // 8)
    compressor = zlib.compressobj(9)
    idat = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", idat) + _chunk(b"IEND", b""))
    return path


def jpeg_claiming(path: Path, width: int = 65_000, height: int = 65_000) -> Path:
    """A JPEG whose frame header claims ``width`` x ``height`` (4.2 gigapixels by default), with little else."""
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    sof = b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, height, width, 1) + b"\x01\x11\x00"
    path.write_bytes(b"\xff\xd8" + app0 + sof + b"\xff\xd9")
    return path


def _qr(path: Path, text: str) -> Path:
    cv2.imwrite(str(path), render_symbol("QRCode", text, 4))
    return path


def test_headers_are_read_without_decoding(tmp_path: Path) -> None:
    assert header_size(png_bomb(tmp_path / "bomb.png").read_bytes()) == (16_000, 16_000)
    assert header_size(jpeg_claiming(tmp_path / "huge.jpg", 60_000, 50_000).read_bytes()) == (60_000, 50_000)
    real = tmp_path / "real.jpg"
    cv2.imwrite(str(real), np.full((30, 40, 3), 200, np.uint8))
    assert header_size(real.read_bytes()) == (40, 30)
    bmp = tmp_path / "real.bmp"
    cv2.imwrite(str(bmp), np.full((7, 9, 3), 200, np.uint8))
    assert header_size(bmp.read_bytes()) == (9, 7)  # other formats: Pillow reads the header only


@pytest.mark.parametrize("make", [png_bomb, jpeg_claiming])
def test_a_bomb_is_refused_before_decoding_fast_and_small(tmp_path: Path, make) -> None:  # noqa: ANN001
    path = make(tmp_path / ("bomb.png" if make is png_bomb else "huge.jpg"))
    start = time.perf_counter()
    with pytest.raises(ImageTooLarge) as err:
        load_image(path)
    assert err.value.code == "COD-006" and time.perf_counter() - start < 0.5


def test_a_frame_over_the_limit_is_refused_before_the_gray_copy() -> None:
    huge = np.broadcast_to(np.zeros((1, 1), np.uint8), (MAX_IMAGE_PIXELS // 1000 + 1, 1000))  # no memory behind it
    with pytest.raises(ImageTooLarge):
        decode_frame(huge)


def test_a_fifo_is_refused_without_hanging(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.png"
    os.mkfifo(fifo)
    with pytest.raises(NotAnImageFile) as err:
        load_image(fifo)
    assert err.value.code == "COD-007"
    with pytest.raises(NotAnImageFile):
        load_image(tmp_path)  # a folder
    with pytest.raises(NotAnImageFile):
        load_image("/dev/zero")  # a device that never ends


def test_one_hostile_file_never_aborts_the_batch(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first, last = _qr(tmp_path / "first.png", "HT-001"), _qr(tmp_path / "last.png", "HT-002")
    bomb, huge = png_bomb(tmp_path / "bomb.png"), jpeg_claiming(tmp_path / "huge.jpg")
    fifo = tmp_path / "pipe.png"
    os.mkfifo(fifo)
    assert main(["decode", "--json", str(first), str(bomb), str(huge), str(fifo), str(last)]) == 2
    out, err = capsys.readouterr()
    lines = [json.loads(line) for line in out.splitlines()]
    assert [line["image"] for line in lines] == [str(p) for p in (first, bomb, huge, fifo, last)]
    assert lines[0]["codes"] == [{"format": "QRCode", "text": "HT-001"}]
    assert lines[4]["codes"] == [{"format": "QRCode", "text": "HT-002"}]
    assert [line.get("code") for line in lines[1:4]] == ["COD-006", "COD-006", "COD-007"]
    assert "GEN-500" not in err and "Error" not in err


def test_the_batch_in_a_real_process_stays_small(tmp_path: Path) -> None:
    bomb = png_bomb(tmp_path / "bomb.png")
    good = _qr(tmp_path / "good.png", "HT-003")
    probe = ("import resource, sys; from devices.cli import main; code = main(sys.argv[1:]); "
             "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024, file=sys.stderr); raise SystemExit(code)")
    proc = subprocess.run([sys.executable, "-c", probe, "decode", str(bomb), str(good)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2 and "HT-003" in proc.stdout and "[COD-006]" in proc.stderr
    # MB: decoding the 256-megapixel bomb takes about 1,560 MB; the libraries alone take 300-500 (470 in one CI run)
    assert int(proc.stderr.strip().splitlines()[-1]) < 900
