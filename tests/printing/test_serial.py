"""serial:// printing through python-escpos' Serial class to the virtual printer on a pseudo-terminal."""

from __future__ import annotations

import time

import pytest

from devices.layouts import render_ticket
from devices.printing import printer_status, send
from tests.printing.helpers import qr_texts

pytest.importorskip("serial")


def test_serial_ticket_prints(virtual_printer, ticket_payload):
    url = virtual_printer.start_serial(idle=0.2) and virtual_printer.serial_url
    assert printer_status(url).ready
    outcome = send(url, render_ticket(ticket_payload, 58))
    assert outcome.ok
    job = virtual_printer.wait_for_jobs(1)[0]
    assert qr_texts(job.png_path) == [ticket_payload["qr"]] and job.width == 384


@pytest.mark.parametrize(("state", "kind"), [("paper_out", "paper_out"), ("cover_open", "cover_open"),
                                             ("no_answer", "timeout"), ("offline", "timeout")])
def test_serial_states(virtual_printer, state, kind):
    virtual_printer.start_serial(idle=0.2)
    virtual_printer.set_state(state)
    started = time.monotonic()
    assert send(virtual_printer.serial_url, b"\x1b@x\n", timeout=1.0).kind == kind
    assert time.monotonic() - started < 3
    time.sleep(0.3)
    assert virtual_printer.jobs == []
