"""Printers and emulators that answer DLE EOT differently, partly, slowly or never: who gets the job, who confirms it."""

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
        after: n -> reply byte once the job started (a request at the end of the job); default ``answers``.
    """

    def __init__(self, answers: dict[int, int], delay: float = 0.0, after: dict[int, int] | None = None) -> None:
        self.answers, self.delay = answers, delay
        self.after = answers if after is None else after
        self.job = bytearray()
        self.ending = ""
        self.done = threading.Event()
        self._server = socket.create_server(("127.0.0.1", 0))
        self.url = f"tcp://127.0.0.1:{self._server.getsockname()[1]}"
        threading.Thread(target=self._serve, daemon=True).start()

    def _reply(self, conn: socket.socket, n: int) -> None:
        answers = self.after if self.job else self.answers

        def go() -> None:
            try:
                conn.sendall(bytes((answers[n],)))
            except OSError:
                pass

        if n in answers:
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
                # A request after the job arrives on its own, at the end: answer it, keep it out of the job
                # (the rendered job ends with a cut, never with DLE EOT n).
                while len(self.job) >= 3 and self.job[-3:-1] == DLE_EOT and self.job[-1] in (1, 2, 3, 4):
                    n = self.job[-1]
                    del self.job[-3:]
                    self._reply(conn, n)
            time.sleep(max(self.delay, 0.05) + 0.1)  # late replies go out before the close
        self._server.close()
        self.done.set()


JOB = render_ticket(TICKET)


@pytest.mark.parametrize(("answers", "paper", "cover"), [
    ({1: 0x16, 2: 0x12, 3: 0x12, 4: 0x12}, "ok", False),  # drawer pin high: still online
    ({1: 0x12, 2: 0x12, 3: 0x12, 4: 0x1E}, "near_end", False),  # near-end sensor: prints
    ({1: 0x12}, "unknown", None),  # answers DLE EOT 1 only
    ({1: 0x12, 2: 0x12}, "unknown", False),  # no paper sensor answer
])
def test_partial_answers_print_and_confirm(answers, paper, cover):
    printer = FakePrinter(answers)
    started = time.monotonic()
    outcome = send(printer.url, JOB, timeout=2.5)
    elapsed = time.monotonic() - started
    assert printer.done.wait(5)
    assert outcome.ok and outcome.status.paper == paper and outcome.status.cover_open is cover
    assert bytes(printer.job) == JOB and printer.ending == "eof"
    assert elapsed < 4.0  # a missing DLE EOT 2-4 answer does not cost the whole timeout, before or after


@pytest.mark.parametrize("answers", [
    {},  # never answers
    {1: 0x00, 2: 0x00, 3: 0x00, 4: 0x00},  # answers, but not in Epson's format
])
def test_printers_without_status_get_the_job_unconfirmed(answers):
    printer = FakePrinter(answers)
    outcome = send(printer.url, JOB, timeout=2.5)
    assert printer.done.wait(5)
    assert outcome.kind == "sent" and outcome.code == "PRN-016" and not outcome.ok and not outcome.retryable
    assert outcome.status.unconfirmed and outcome.bytes_sent == len(JOB)
    assert bytes(printer.job) == JOB and printer.ending == "eof"


def test_slow_answers_within_the_timeout_are_read():
    printer = FakePrinter({1: 0x12, 2: 0x12, 3: 0x12, 4: 0x12}, delay=0.4)
    outcome = send(printer.url, JOB, timeout=3.0)
    assert printer.done.wait(5)
    assert outcome.ok and outcome.status.paper == "ok" and outcome.message == ""
    assert bytes(printer.job) == JOB


def test_answers_later_than_the_timeout_neither_block_nor_reset_the_job():
    """Status answers arrive after we gave up and while the job is sent: the job arrives whole, no RST, unconfirmed."""
    printer = FakePrinter({1: 0x12, 2: 0x12, 3: 0x12, 4: 0x12}, delay=1.2)
    outcome = send(printer.url, JOB, timeout=1.0)
    assert printer.done.wait(6)
    assert outcome.kind == "sent" and outcome.status.paper == "unknown" and "did not answer" in outcome.message
    assert bytes(printer.job) == JOB and printer.ending == "eof"


def test_paper_out_from_an_emulator_stops_the_job():
    printer = FakePrinter({1: 0x1A, 2: 0x32, 3: 0x12, 4: 0x7E})
    outcome = send(printer.url, JOB, timeout=2.0)
    assert printer.done.wait(5)
    assert outcome.kind == "paper_out" and outcome.code == "PRN-011" and bytes(printer.job) == b""
    assert outcome.retryable  # nothing was sent: trying again later cannot print it twice


def test_printer_that_goes_quiet_after_the_job_is_not_printed():
    """Answered before the job, not after it (hung while printing?): ``sent``, never retried."""
    printer = FakePrinter({1: 0x12, 2: 0x12, 3: 0x12, 4: 0x12}, after={})
    started = time.monotonic()
    outcome = send(printer.url, JOB, timeout=1.0)
    assert printer.done.wait(5)
    assert outcome.kind == "sent" and not outcome.retryable and "before the job but not after" in outcome.message
    assert bytes(printer.job) == JOB and time.monotonic() - started < 4


def test_fault_after_the_job_is_that_fault_and_not_retried():
    """Paper ran out during the job: ``paper_out`` (the status after the job), not retried (part may be on paper)."""
    printer = FakePrinter({1: 0x12, 2: 0x12, 3: 0x12, 4: 0x12}, after={1: 0x1A, 2: 0x32, 3: 0x12, 4: 0x7E})
    outcome = send(printer.url, JOB, timeout=2.0)
    assert printer.done.wait(5)
    assert outcome.kind == "paper_out" and outcome.code == "PRN-011" and not outcome.ok
    assert not outcome.retryable and outcome.bytes_sent == len(JOB) and outcome.status.paper == "out"
    assert "after the job" in outcome.message and bytes(printer.job) == JOB


def test_outbox_worker_sends_to_a_silent_printer_without_claiming_it_printed(virtual_printer):
    """kiosk.printing.PrintSpooler.send_job: a silent printer gets the job once, reported ``sent``, not retried."""
    from core.settings import Settings
    from kiosk.context import KioskContext
    from kiosk.printing import PrintSpooler

    virtual_printer.set_state("silent")
    ctx = KioskContext(settings=Settings(printer_dots=512), database=None, site_id=0, kiosk_id=0,
                       printer_url=virtual_printer.url)
    result = PrintSpooler(ctx).send_job("ticket", dict(TICKET))
    assert result.outcome == "sent" and not result.permanent and not result.retry
    job = virtual_printer.wait_for_jobs(1)[0]
    assert job.qr_texts == [TICKET["qr"]] and job.width == 512 and job.problems == []
