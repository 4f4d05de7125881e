"""Printers and emulators that answer DLE EOT differently, partly, slowly or never still get their jobs."""

from __future__ import annotations

import socket
import threading
import time

import pytest

from devices.layouts import render_ticket
from devices.printing import send
from tests.printing.conftest import TICKET

DLE_EOT = b"\x10\x04"


class FakePrinter:
    """One-connection ESC/POS peer: answers ``DLE EOT n`` from ``answers`` after ``delay`` s, keeps the rest.

    Args:
        answers: n -> reply byte; a missing n is never answered.
        delay: Seconds before each reply (replies come from a timer, reading goes on meanwhile).
    """

    def __init__(self, answers: dict[int, int], delay: float = 0.0) -> None:
        self.answers, self.delay = answers, delay
        self.job = bytearray()
        self.ending = ""
        self.done = threading.Event()
        self._server = socket.create_server(("127.0.0.1", 0))
        self.url = f"tcp://127.0.0.1:{self._server.getsockname()[1]}"
        threading.Thread(target=self._serve, daemon=True).start()

    def _reply(self, conn: socket.socket, n: int) -> None:
        def go() -> None:
            try:
                conn.sendall(bytes((self.answers[n],)))
            except OSError:
                pass

        if n in self.answers:
            threading.Timer(self.delay, go).start() if self.delay else go()

    def _serve(self) -> None:
        conn, _ = self._server.accept()
        buf = bytearray()
        with conn:
            while True:
                try:
                    data = conn.recv(65536)
                except ConnectionResetError:
                    self.ending = "reset"
                    break
                if not data:
                    self.ending = "eof"
                    break
                buf += data
                while not self.job and buf[:2] == DLE_EOT and len(buf) >= 3:
                    self._reply(conn, buf[2])
                    del buf[:3]
                if self.job or (buf and not DLE_EOT.startswith(bytes(buf[:2]))):
                    self.job += buf
                    buf.clear()
            time.sleep(max(self.delay, 0.05) + 0.1)  # late replies go out before the close
        self._server.close()
        self.done.set()


JOB = render_ticket(TICKET)


@pytest.mark.parametrize(("answers", "paper", "cover"), [
    ({1: 0x16, 2: 0x12, 3: 0x12, 4: 0x12}, "ok", False),  # drawer pin high: still online
    ({1: 0x12, 2: 0x12, 3: 0x12, 4: 0x1E}, "near_end", False),  # near-end sensor: prints
    ({1: 0x12}, "unknown", None),  # answers DLE EOT 1 only
    ({1: 0x12, 2: 0x12}, "unknown", False),  # no paper sensor answer
    ({}, "unknown", None),  # never answers
    ({1: 0x00, 2: 0x00, 3: 0x00, 4: 0x00}, "unknown", None),  # answers, but not in Epson's format
])
def test_partial_or_odd_answers_still_print(answers, paper, cover):
    printer = FakePrinter(answers)
    started = time.monotonic()
    outcome = send(printer.url, JOB, timeout=2.5)
    elapsed = time.monotonic() - started
    assert printer.done.wait(5)
    assert outcome.ok and outcome.status.paper == paper and outcome.status.cover_open is cover
    assert bytes(printer.job) == JOB and printer.ending == "eof"
    if answers.get(1) == 0x12:
        assert elapsed < 2.0  # a missing DLE EOT 2-4 answer does not cost the whole timeout


def test_slow_answers_within_the_timeout_are_read():
    printer = FakePrinter({1: 0x12, 2: 0x12, 3: 0x12, 4: 0x12}, delay=0.4)
    outcome = send(printer.url, JOB, timeout=3.0)
    assert printer.done.wait(5)
    assert outcome.ok and outcome.status.paper == "ok" and outcome.message == ""
    assert bytes(printer.job) == JOB


def test_answers_later_than_the_timeout_neither_block_nor_reset_the_job():
    """Status answers arrive after we gave up and while the job is sent: the job arrives whole, no RST."""
    printer = FakePrinter({1: 0x12, 2: 0x12, 3: 0x12, 4: 0x12}, delay=1.2)
    outcome = send(printer.url, JOB, timeout=1.0)
    assert printer.done.wait(6)
    assert outcome.ok and outcome.status.paper == "unknown" and "did not answer" in outcome.message
    assert bytes(printer.job) == JOB and printer.ending == "eof"


def test_paper_out_from_an_emulator_stops_the_job():
    printer = FakePrinter({1: 0x1A, 2: 0x32, 3: 0x12, 4: 0x7E})
    outcome = send(printer.url, JOB, timeout=2.0)
    assert printer.done.wait(5)
    assert outcome.kind == "paper_out" and outcome.code == "PRN-011" and bytes(printer.job) == b""


def test_outbox_worker_prints_on_a_silent_printer(virtual_printer):
    """kiosk.printing.PrintSpooler.send_job: unknown status is not a failure."""
    from core.settings import Settings
    from kiosk.context import KioskContext
    from kiosk.printing import PrintSpooler

    virtual_printer.set_state("silent")
    ctx = KioskContext(settings=Settings(printer_dots=512), database=None, site_id=0, kiosk_id=0,
                       printer_url=virtual_printer.url)
    result = PrintSpooler(ctx).send_job("ticket", dict(TICKET))
    assert result.outcome == "printed" and not result.permanent
    job = virtual_printer.wait_for_jobs(1)[0]
    assert job.qr_texts == [TICKET["qr"]] and job.width == 512 and job.problems == []
