"""Printer states as the outbox sees them: paper out, near end, cover open, offline, silent, hung."""

from __future__ import annotations

import socket
import time

import pytest

from devices.printing import CODES, api, printer_status, send
from devices.virtual_printer import VirtualPrinterError

JOB = b"\x1b@Hello\n\x1dV\x00"


def test_near_end_still_prints(virtual_printer):
    virtual_printer.set_state("near_end")
    status = printer_status(virtual_printer.url)
    assert (status.online, status.paper, status.cover_open, status.error) == (True, "near_end", False, None)
    assert send(virtual_printer.url, JOB).ok
    assert len(virtual_printer.wait_for_jobs(1)) == 1


@pytest.mark.parametrize(("state", "kind", "paper", "cover"), [
    ("paper_out", "paper_out", "out", False),
    ("cover_open", "cover_open", "ok", True),
])
def test_not_ready_states_send_nothing(virtual_printer, state, kind, paper, cover):
    virtual_printer.set_state(state)
    status = printer_status(virtual_printer.url)
    assert status.online and status.paper == paper and status.cover_open is cover and not status.ready
    outcome = send(virtual_printer.url, JOB)
    assert outcome.kind == kind and outcome.code == CODES[kind] and outcome.retryable and outcome.bytes_sent == 0
    time.sleep(0.3)
    assert virtual_printer.jobs == [] and virtual_printer.rejected == []
    virtual_printer.set_state("ok")
    assert send(virtual_printer.url, JOB).ok  # the outbox retries once the printer is back
    assert len(virtual_printer.wait_for_jobs(1)) == 1


def test_offline_is_offline(virtual_printer):
    virtual_printer.set_state("offline")
    status = printer_status(virtual_printer.url)
    assert not status.online and status.paper == "unknown"
    outcome = send(virtual_printer.url, JOB)
    assert outcome.kind == "offline" and outcome.code == "PRN-013"


def test_silent_printer_gets_the_job_but_it_is_only_sent(virtual_printer):
    """Prints but never answers DLE EOT (many emulators): the job goes out, as ``sent`` (PRN-016), never ``printed``."""
    virtual_printer.set_state("silent")
    started = time.monotonic()
    status = printer_status(virtual_printer.url, timeout=1.0)
    assert (status.online, status.paper, status.cover_open, status.error) == (False, "unknown", None, "no status answer")
    assert status.unconfirmed and not status.ready
    outcome = send(virtual_printer.url, JOB, timeout=1.0)
    assert outcome.kind == "sent" and outcome.code == "PRN-016" and not outcome.ok and not outcome.retryable
    assert outcome.bytes_sent == len(JOB) and outcome.status.unconfirmed and "not confirmed" in outcome.message
    assert virtual_printer.wait_for_jobs(1)[0].data == JOB
    assert time.monotonic() - started < 5
    assert virtual_printer.url in api._silent_urls  # later jobs wait SILENT_REPEAT_WAIT, not the timeout
    assert send(virtual_printer.url, JOB, timeout=1.0).kind == "sent"
    virtual_printer.set_state("ok")
    outcome = send(virtual_printer.url, JOB)
    assert outcome.ok and outcome.message == "" and outcome.status.paper == "ok"
    assert virtual_printer.url not in api._silent_urls


def test_hung_printer_is_not_reported_printed(virtual_printer):
    """A TCP printer that accepts but neither answers nor prints cannot be told from a silent one: ``sent``."""
    virtual_printer.set_state("no_answer")
    status = printer_status(virtual_printer.url, timeout=1.0)
    assert not status.online and status.unconfirmed
    outcome = send(virtual_printer.url, JOB, timeout=1.0)
    assert outcome.kind == "sent" and not outcome.ok and not outcome.retryable and "did not answer" in outcome.message
    deadline = time.monotonic() + 3
    while not virtual_printer.rejected and time.monotonic() < deadline:
        time.sleep(0.02)
    assert virtual_printer.jobs == [] and [s for s, _ in virtual_printer.rejected] == ["no_answer"]


def test_ok_printer_confirms_after_the_job(virtual_printer):
    """The virtual printer answers DLE EOT after the job too: ``printed``, confirmed by the status after it."""
    outcome = send(virtual_printer.url, JOB)
    assert outcome.ok and outcome.kind == "printed" and outcome.code == "PRN-000" and outcome.status.ready
    job = virtual_printer.wait_for_jobs(1)[0]
    assert job.data == JOB  # the status requests after the job are not part of it
    assert CODES["sent"] == "PRN-016" and len(set(CODES.values())) == len(CODES)


def test_nothing_listening_answers_fast():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    started = time.monotonic()
    status = printer_status(f"tcp://127.0.0.1:{port}")
    outcome = send(f"tcp://127.0.0.1:{port}", JOB)
    assert not status.online and outcome.kind == "offline"
    assert time.monotonic() - started < 3


def test_unknown_state_rejected(virtual_printer):
    with pytest.raises(VirtualPrinterError):
        virtual_printer.set_state("jammed")


def test_wait_for_jobs_times_out(virtual_printer):
    with pytest.raises(VirtualPrinterError) as err:
        virtual_printer.wait_for_jobs(1, timeout=0.1)
    assert err.value.code == "VPR-003"


def test_unsolicited_status_bytes_are_skipped():
    """A printer with automatic status back (ASB) enabled sends 4 bytes on connect; they are not answers."""
    import threading

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()

    def serve() -> None:
        conn, _ = server.accept()
        with conn:
            conn.sendall(b"\x14\x00\x00\x0f")  # ASB: bits that no DLE EOT answer has
            for _ in range(4):
                request = conn.recv(3)
                if not request:
                    return
                conn.sendall(b"\x12")

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        status = printer_status(f"tcp://127.0.0.1:{server.getsockname()[1]}", timeout=2)
    finally:
        server.close()
    assert (status.online, status.paper, status.cover_open, status.error) == (True, "ok", False, None)
