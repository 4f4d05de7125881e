"""Print tickets and receipts over a real socket to the virtual printer and read them back from the PNG."""

from __future__ import annotations

import time

import pytest
from escpos.printer import Network
from PIL import Image

from devices.layouts import render_receipt, render_ticket
from devices.printing import send
from tests.printing.helpers import pyzbar_qr_texts, qr_texts


@pytest.mark.parametrize(("width_mm", "dots"), [(80, 576), (58, 384)])
def test_ticket_prints_and_qr_decodes(virtual_printer, ticket_payload, width_mm, dots):
    outcome = send(virtual_printer.url, render_ticket(ticket_payload, width_mm))
    assert outcome.ok and outcome.code == "PRN-000" and outcome.status.paper == "ok"
    job = virtual_printer.wait_for_jobs(1)[0]
    assert job.qr_texts == [ticket_payload["qr"]]
    assert Image.open(job.png_path).width == dots
    assert qr_texts(job.png_path) == [ticket_payload["qr"]]
    assert job.cuts == 1


@pytest.mark.parametrize(("width_mm", "dots"), [(80, 576), (58, 384)])
def test_receipt_prints_and_qr_decodes(virtual_printer, receipt_payload, width_mm, dots):
    data = render_receipt(receipt_payload, width_mm)
    outcome = send(virtual_printer.url, data)
    assert outcome.ok and outcome.bytes_sent == len(data)
    job = virtual_printer.wait_for_jobs(1)[0]
    assert job.data == data  # status requests are not part of the stored job
    assert Image.open(job.png_path).width == dots
    assert qr_texts(job.png_path) == [receipt_payload["qr"]]
    assert pyzbar_qr_texts(job.png_path) == [receipt_payload["qr"]]


def test_vietnamese_qr_text_survives(virtual_printer, ticket_payload):
    ticket_payload["qr"] = "VE|Ấp Quỳnh|2026-11-23|HT-012"
    assert send(virtual_printer.url, render_ticket(ticket_payload)).ok
    job = virtual_printer.wait_for_jobs(1)[0]
    assert qr_texts(job.png_path) == [ticket_payload["qr"]]


def test_plain_python_escpos_network_printer(virtual_printer):
    printer = Network("127.0.0.1", virtual_printer.port, timeout=3)
    printer.text("Hello printer\n")
    printer.qr("VE|BD-HN-001|2026-11-23|HT-001", native=True, size=6)
    printer.cut()
    printer.close()
    job = virtual_printer.wait_for_jobs(1)[0]
    assert job.text == ["Hello printer"]
    assert qr_texts(job.png_path) == ["VE|BD-HN-001|2026-11-23|HT-001"]


def test_status_only_connection_is_not_a_job(virtual_printer):
    from devices.printing import printer_status

    assert printer_status(virtual_printer.url).ready
    time.sleep(0.3)
    assert virtual_printer.jobs == []


def test_jobs_numbered_in_order(virtual_printer, ticket_payload):
    for n in range(3):
        ticket_payload["number"] = f"HT-{n:03d}"
        assert send(virtual_printer.url, render_ticket(ticket_payload, 58)).ok
    jobs = virtual_printer.wait_for_jobs(3)
    assert [j.index for j in jobs] == [1, 2, 3]
    assert [j.bin_path.name for j in jobs] == ["job-0001.bin", "job-0002.bin", "job-0003.bin"]
