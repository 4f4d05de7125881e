"""Printer URLs, write-only transports and status decoding."""

from __future__ import annotations

import pytest

from devices.printing import PrinterUrlError, decode_status, parse_printer_url, printer_status, send
from devices.printing.status import encode_status


@pytest.mark.parametrize(("url", "expected"), [
    ("tcp://10.0.0.5", ("tcp", "10.0.0.5", 9100, "")),
    ("tcp://printer.local:9101", ("tcp", "printer.local", 9101, "")),
    ("serial:///dev/ttyUSB0?baudrate=19200", ("serial", "", 0, "/dev/ttyUSB0")),
    ("file:///dev/usb/lp0", ("file", "", 0, "/dev/usb/lp0")),
    ("cups://TM-T20", ("cups", "TM-T20", 0, "")),
    ("virtual://", ("virtual", "", 0, "")),
])
def test_parse_urls(url, expected):
    a = parse_printer_url(url)
    assert (a.scheme, a.host, a.port, a.path) == expected


def test_usb_and_params():
    a = parse_printer_url("usb://04b8:0e28")
    assert (a.vendor_id, a.product_id) == (0x04B8, 0x0E28) and a.can_read
    assert parse_printer_url("serial:///dev/ttyS0?baudrate=38400").params == {"baudrate": "38400"}


@pytest.mark.parametrize("url", ["", "printer", "http://x", "tcp://", "usb://zz", "tcp://h:99999", "tcp://[::1", "tcp://[::1:9100"])
def test_bad_urls(url):
    with pytest.raises(PrinterUrlError) as err:
        parse_printer_url(url)
    assert err.value.code == "PRN-002"


def test_file_transport_reports_unknown_and_writes(tmp_path):
    target = tmp_path / "lp0"
    status = printer_status(f"file://{target}")
    assert status.to_dict() == {"online": True, "paper": "unknown", "cover_open": None, "error": None}
    outcome = send(f"file://{target}", b"\x1b@hi\n")
    # A file cannot answer status: the bytes are written, but that is "sent", not a confirmed print.
    assert outcome.kind == "sent" and not outcome.retryable and target.read_bytes() == b"\x1b@hi\n"


def test_file_transport_missing_folder_is_not_ready(tmp_path):
    status = printer_status(f"file://{tmp_path}/missing/lp0")
    assert not status.online and status.paper == "unknown"
    assert send(f"file://{tmp_path}/missing/lp0", b"x").kind == "offline"


def test_missing_driver_package_is_an_error_outcome():
    try:
        import serial  # noqa: F401
    except ImportError:
        outcome = send("serial:///dev/ttyUSB9", b"x", timeout=0.5)
        assert outcome.kind == "error" and "PRN-003" in outcome.message
    else:  # pragma: no cover - pyserial installed: a missing port is offline
        assert send("serial:///dev/ttyUSB9", b"x", timeout=0.5).kind == "offline"


@pytest.mark.parametrize(("kwargs", "expected"), [
    ({}, (True, "ok", False, None)),
    ({"paper": "near_end"}, (True, "near_end", False, None)),
    ({"paper": "out"}, (True, "out", False, "paper out")),
    ({"cover_open": True}, (True, "ok", True, "cover open")),
    ({"cutter_error": True}, (True, "ok", False, "cutter error")),
])
def test_status_bits_round_trip(kwargs, expected):
    s = encode_status(**kwargs)
    st = decode_status(s[1], s[2], s[3], s[4])
    assert (st.online, st.paper, st.cover_open, st.error) == expected


def test_garbage_status_byte_is_no_answer():
    assert not decode_status(0xFF, None, None, None).online
    assert decode_status(0x12, None, None, None).paper == "unknown"


def test_virtual_url_uses_shared_printer(tmp_path):
    from devices.layouts import render_ticket
    from devices.virtual_printer import shared, stop_shared
    from tests.printing.conftest import TICKET

    stop_shared()
    try:
        printer = shared(tmp_path / "jobs")
        assert send("virtual://", render_ticket(TICKET)).ok
        assert printer.wait_for_jobs(1)[0].png_path.parent == tmp_path / "jobs"
        assert shared() is printer
    finally:
        stop_shared()


def test_status_bytes_match_an_epson_printer():
    """Epson's DLE EOT 1/2/4 answers: out of paper is 0x1A/0x32/0x7E (near-end bits set too), near end 0x12/0x12/0x1E."""
    out = encode_status(paper="out")
    assert (out[1], out[2], out[4]) == (0x1A, 0x32, 0x7E)
    near = encode_status(paper="near_end")
    assert (near[1], near[2], near[4]) == (0x12, 0x12, 0x1E)
    cover = encode_status(cover_open=True)
    assert (cover[1], cover[2]) == (0x1A, 0x16)
    st = decode_status(0x1A, 0x32, None, 0x7E)
    assert (st.online, st.paper, st.error) == (True, "out", "paper out")
