"""The data folder's disk full: a 2 MiB tmpfs holds the SQLite database and the scans, and is filled up.

A citizen's consent and scanned page are stored, then the disk fills (another file takes every free
byte), then the review submits through ``kiosk.submission.submit``. Expected: a clear coded error the
review screen can word (a ``KioskError``, not GEN-500, not a raw driver error), nothing half-made (no
dossier, ticket, job or counter step; the page kept for the retry), and once space is freed the same
submission goes through, once. Skipped where tmpfs cannot be mounted (not root, no CAP_SYS_ADMIN).
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from sqlalchemy import func, select

from core.errors import KioskError
from db.engine import Database
from db.models import Counter
from kiosk.submission import submit
from tests.faults.support import audit, checklist, citizen_session, kiosk_context, record, record_consent, scan_page

pytestmark = pytest.mark.faults

SIZE = "2m"


def _mount(where: Path) -> str | None:
    """Mount a small tmpfs at ``where``; the reason when that is not possible."""
    if os.geteuid() != 0:
        return "mounting a tmpfs needs root"
    where.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={SIZE},mode=0700", "tmpfs", str(where)],
                            capture_output=True, text=True, timeout=30)
    return None if result.returncode == 0 else f"mount -t tmpfs failed: {result.stderr.strip()}"


def _umount(where: Path) -> None:
    if subprocess.run(["umount", str(where)], capture_output=True, timeout=30).returncode != 0:
        subprocess.run(["umount", "-l", str(where)], capture_output=True, timeout=30)


def _fill(folder: Path) -> Path:
    """Take every free byte of the filesystem with one file; return it."""
    filler = folder / "filler.bin"
    with open(filler, "wb", buffering=0) as out:
        for size in (1 << 16, 4096, 512, 1):
            block = b"\0" * size
            while True:
                try:
                    out.write(block)
                except OSError as exc:
                    if exc.errno != errno.ENOSPC:
                        raise
                    break
    return filler


def _counters(database: Database) -> int:
    with database.read_session() as s:
        return int(s.scalar(select(func.coalesce(func.sum(Counter.value), 0))) or 0)


@dataclass
class DiskFull:
    """What happened when the disk was full, and after it was freed."""

    error: BaseException | None = None
    before: dict = field(default_factory=dict)
    during: dict = field(default_factory=dict)
    page_kept: bool = False
    in_doubt: bool = False
    after_saved: int = 0
    after: dict = field(default_factory=dict)
    integrity: str = ""


@pytest.fixture(scope="module")
def disk_full(tmp_path_factory: pytest.TempPathFactory, _sqlite_template: Path) -> Iterator[DiskFull]:
    base = tmp_path_factory.mktemp("disk-full")
    data = base / "data"
    reason = _mount(data)
    if reason:
        pytest.skip(f"disk full not injected: {reason}")
    out = DiskFull()
    database = None
    try:
        shutil.copyfile(_sqlite_template, data / "kiosk.db")
        database = Database(f"sqlite:///{data / 'kiosk.db'}")
        ctx = kiosk_context(database, data)
        consent = record_consent(ctx)
        page = scan_page(ctx.settings.scans_dir)
        session = citizen_session(consent, checklist(database), page)
        shape = lambda: (lambda w: {"dossiers": w.dossiers, "tickets": w.tickets, "jobs": w.jobs,  # noqa: E731
                                    "counters": _counters(database)})(audit(database))
        out.before = shape()
        filler = _fill(data)
        try:
            submit(ctx, session)
        except BaseException as exc:  # noqa: BLE001 - whatever it is, it is the finding
            out.error = exc
        out.in_doubt = session.in_doubt
        out.page_kept = page.is_file()
        filler.unlink()
        out.during = shape()  # read after freeing: a read on a full disk may itself fail
        summary = submit(ctx, session)  # the citizen taps "Gửi hồ sơ" again
        out.after_saved = int(summary.dossier_id)
        out.after = shape()
        with database.engine.connect() as conn:
            out.integrity = str(conn.exec_driver_sql("PRAGMA integrity_check").scalar())
        yield out
    finally:
        if database is not None:
            database.dispose()
        _umount(data)


def test_disk_full_leaves_nothing_half_made_and_the_next_submit_works(disk_full: DiskFull) -> None:
    handled = (disk_full.error is not None and disk_full.during == disk_full.before and disk_full.page_kept
               and disk_full.after_saved and disk_full.after["dossiers"] == 1 and disk_full.integrity == "ok")
    coded = isinstance(disk_full.error, KioskError) and not disk_full.error.code.startswith("GEN")
    record("data disk full (SQLite on 2 MiB tmpfs)", injected=1, handled=int(bool(handled and coded)),
           lost=0 if disk_full.after_saved else 1, duplicated=max(0, disk_full.after.get("dossiers", 0) - 1),
           note="coded error" if coded else f"raw error to the kiosk: {type(disk_full.error).__name__}: "
                                            f"{str(disk_full.error).splitlines()[0] if disk_full.error else ''}")
    assert disk_full.error is not None, "a submit on a full disk cannot have been saved"
    assert disk_full.during == disk_full.before, "something was half-made on the full disk"
    assert disk_full.page_kept, "the scanned page must stay for the retry"
    assert not disk_full.in_doubt
    assert disk_full.after_saved and disk_full.after["dossiers"] == 1 and disk_full.after["tickets"] == 1
    assert disk_full.after["jobs"] == 2
    assert disk_full.integrity == "ok"


def test_disk_full_is_a_coded_error(disk_full: DiskFull) -> None:
    """SQLITE_FULL at COMMIT reaches the review as DB-007 with plain words, not GEN-500 or driver text."""
    error = disk_full.error
    assert isinstance(error, KioskError), f"{type(error).__module__}.{type(error).__name__}: {error}"
    assert error.code == "DB-007", error.code
    assert "sqlite" not in error.message.lower() and "OperationalError" not in error.message
