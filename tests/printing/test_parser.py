"""The virtual printer's parser is length-aware: raster and code data are never read as commands."""

from __future__ import annotations

import random
import socket
import time

from escpos.printer import Dummy

from devices.virtual_printer.parser import Parser, parse
from devices.virtual_printer.render import render_job

TRAP = b"\x10\x04\x01\x1dV\x00\x1b@\x1d(k\x03\x001Q0\x0a"  # status request, cut, init, QR print, LF


def _raster_job() -> bytes:
    width_bytes, height = 8, 6
    data = (TRAP * 10)[: width_bytes * height]
    raster = b"\x1dv0\x00" + width_bytes.to_bytes(2, "little") + height.to_bytes(2, "little") + data
    graphics_body = b"0p0\x01\x011" + (64).to_bytes(2, "little") + (2).to_bytes(2, "little") + TRAP[:16]
    graphics = b"\x1d(L" + (len(graphics_body) + 0).to_bytes(2, "little") + graphics_body + b"\x1d(L\x02\x0002"
    column = b"\x1b*\x21\x02\x00" + TRAP[:6] + b"\n"
    return b"\x1b@" + raster + graphics + column + b"Tail\n\x1dV\x00"


def test_raster_bytes_equal_to_commands_are_data():
    cmds = parse(_raster_job())
    kinds = [c.kind for c in cmds]
    assert kinds.count("cut") == 1 and "realtime" not in kinds and "code2d" not in kinds
    assert kinds.count("raster") == 1 and kinds.count("graphics") == 2 and kinds.count("column") == 1
    rendered = render_job(_raster_job())
    assert rendered.cuts == 1 and rendered.qr_texts == [] and rendered.text == ["Tail"]


def test_parser_is_incremental():
    job = _raster_job()
    whole = [c.raw for c in parse(job)]
    rng = random.Random(3)
    parser, got, i = Parser(), [], 0
    while i < len(job):
        step = rng.randint(1, 7)
        got += [c.raw for c in parser.feed(job[i:i + step])]
        i += step
    assert got == whole and parser.pending == b""


def test_virtual_printer_ignores_status_bytes_inside_raster(virtual_printer):
    job = _raster_job()
    with socket.create_connection(("127.0.0.1", virtual_printer.port), timeout=2) as sock:
        for k in range(0, len(job), 5):  # trickle so the raster arrives in pieces
            sock.sendall(job[k:k + 5])
        sock.settimeout(0.3)
        try:
            answer = sock.recv(16)
        except TimeoutError:
            answer = b""
        assert answer == b""  # no DLE EOT was answered: it was raster data
        sock.sendall(b"\x10\x04\x01")  # a real status request after the raster is answered
        sock.settimeout(2)
        assert sock.recv(1) == b"\x12"
    job_stored = virtual_printer.wait_for_jobs(1)[0]
    assert job_stored.cuts == 1 and job_stored.data == job


def test_native_barcode_and_text_rendered():
    d = Dummy()
    d._raw(b"\x1b@Total\n\x1dh\x3c\x1dw\x02\x1dk\x49\x0e{BHS-0001-7KQM\n\x1dV\x00")
    rendered = render_job(d.output)
    assert rendered.barcodes == [("code128", "HS-0001-7KQM")]
    assert rendered.text == ["Total"]


def _send_truncated(port: int) -> None:
    with socket.create_connection(("127.0.0.1", port), timeout=2) as sock:
        sock.sendall(b"\x1b@Hi\n\x1dv0\x00\x10\x00\x10\x00" + b"\xff" * 20)  # raster cut short


def test_truncated_job_is_rejected_by_the_strict_printer(virtual_printer):
    _send_truncated(virtual_printer.port)
    deadline = time.monotonic() + 5
    while not virtual_printer.rejected and time.monotonic() < deadline:
        time.sleep(0.02)
    assert [state for state, _ in virtual_printer.rejected] == ["malformed"] and not virtual_printer.jobs
    assert any("truncated" in p for p in virtual_printer.problems)


def test_truncated_job_does_not_crash_a_lenient_printer(virtual_printer):
    virtual_printer.strict = False
    _send_truncated(virtual_printer.port)
    job = virtual_printer.wait_for_jobs(1)[0]
    assert job.text == ["Hi"] and job.png_path.exists() and job.problems


def test_unknown_command_is_a_problem(virtual_printer):
    with socket.create_connection(("127.0.0.1", virtual_printer.port), timeout=2) as sock:
        sock.sendall(b"\x1b@\x1b\x7fA\n")  # ESC DEL is no ESC/POS command
    deadline = time.monotonic() + 5
    while not virtual_printer.rejected and time.monotonic() < deadline:
        time.sleep(0.02)
    assert virtual_printer.rejected and "unknown" in virtual_printer.problems[0]


def test_any_byte_stream_renders_without_raising():
    """Line noise on port 9100 (control bytes in text runs) still renders: the virtual printer never dies on it."""
    for seed in range(6):
        rng = random.Random(seed)
        rendered = render_job(bytes(rng.getrandbits(8) for _ in range(3000)))
        assert rendered.image.height >= 1 and not any(ch < " " for line in rendered.text for ch in line)
