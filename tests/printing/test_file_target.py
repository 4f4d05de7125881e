"""``file://`` printer targets (issue 11): a job file is appended to, never truncated; an existing file that holds
no print jobs (or a block device, socket, folder) is refused with PRN-004 and left as it was; a pipe nobody reads
is offline at once, never a hang. ``kiosk-devices render`` refuses a FIFO before reading it (VPR-010)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from devices.printing import printer_status, send

ROOT = Path(__file__).resolve().parents[2]
JOB = b"\x1b@hello\n\x1dV\x00"


def test_a_new_target_is_a_private_job_file_and_jobs_are_appended(tmp_path: Path) -> None:
    target = tmp_path / "jobs.prn"
    assert send(f"file://{target}", JOB).kind == "sent"
    assert send(f"file://{target}", JOB).kind == "sent"
    assert target.read_bytes() == JOB + JOB  # the second job did not truncate the first
    assert target.stat().st_mode & 0o777 == 0o600


def test_an_existing_file_that_is_no_job_file_is_never_overwritten(tmp_path: Path) -> None:
    notes = tmp_path / "important.txt"
    notes.write_text("số liệu quan trọng\n", encoding="utf-8")
    outcome = send(f"file://{notes}", JOB)
    assert outcome.kind == "error" and "PRN-004" in outcome.message and outcome.bytes_sent == 0
    assert notes.read_text(encoding="utf-8") == "số liệu quan trọng\n"
    status = printer_status(f"file://{notes}")
    assert not status.online and "không bị ghi đè" in (status.error or "")
    link = tmp_path / "link.prn"
    job_file = tmp_path / "real.prn"
    job_file.write_bytes(JOB)
    link.symlink_to(job_file)
    assert send(f"file://{link}", JOB).kind == "error" and job_file.read_bytes() == JOB  # no writes through links
    assert send(f"file://{tmp_path}", JOB).kind == "error"  # a folder


def test_an_empty_existing_file_and_a_character_device_take_jobs(tmp_path: Path) -> None:
    empty = tmp_path / "empty.prn"
    empty.touch()
    assert send(f"file://{empty}", JOB).kind == "sent" and empty.read_bytes() == JOB
    assert send("file:///dev/null", JOB).kind == "sent"  # a character device, as /dev/usb/lp0 is


def test_a_pipe_nobody_reads_is_offline_at_once_and_one_being_read_prints(tmp_path: Path) -> None:
    fifo = tmp_path / "printer.fifo"
    os.mkfifo(fifo)
    start = time.monotonic()
    assert send(f"file://{fifo}", JOB, timeout=1).kind == "offline"
    assert time.monotonic() - start < 1
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    time.sleep(0.1)
    assert send(f"file://{fifo}", JOB).kind == "sent"
    reader.join(5)
    assert got == [JOB]


def test_render_refuses_a_fifo_without_hanging(tmp_path: Path) -> None:
    fifo = tmp_path / "job.bin"
    os.mkfifo(fifo)
    proc = subprocess.run([sys.executable, "-c", "from devices.cli import main; raise SystemExit(main())",
                           "render", str(fifo)], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and proc.stderr.startswith("error: [VPR-010]") and "tệp thường" in proc.stderr


@pytest.mark.skipif(not Path("/dev/loop0").exists(), reason="no block device to point at")
def test_a_block_device_is_refused() -> None:
    outcome = send("file:///dev/loop0", JOB)
    assert outcome.kind in ("error", "offline") and (outcome.kind == "offline" or "PRN-004" in outcome.message)
