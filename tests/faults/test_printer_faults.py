"""Printer faults against the bundled virtual printer over real sockets: hung, paper out and cover open
mid-receipt, cover open before the job, printer gone mid-job.

Each scenario submits a dossier the way the kiosk does (ticket + receipt written to the outbox in the
submit's transaction), runs the kiosk's own print worker (``kiosk.printing.PrintSpooler``, the
thread the app starts) against a :class:`FaultProxy` in front of the virtual printer, injects the
fault, clears it, and lets staff act the way the kiosk offers them to (``outbox.reprint_held``, the
held-jobs screen's "In lại"). Then:

- truth: the kiosk heard "printed" (``JobPrinted(confirmed=True)``) only for a job whose complete
  copy is in the printer, and heard of every job that did not come out (``PrintFailed`` or
  ``JobPrinted(confirmed=False)``, which the Done screen words as "Đã gửi lệnh in… nếu không
  thấy…");
- exactly once: after the fault cleared every job has exactly one complete copy in the printer
  (a complete copy = a stored job carrying the job's QR and a cut), and nothing printed twice;
- nothing half-made: the dossier, its ticket and its two jobs are stored once.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from sqlalchemy import select

from db.engine import Database
from db.models import PrintJob, StaffCall
from db.services import outbox
from devices.virtual_printer import VirtualPrinter
from kiosk.printing import JobPrinted, PrintFailed, PrintSpooler
from kiosk.submission import submit
from tests.faults.printer_proxy import FaultProxy
from tests.faults.support import audit, checklist, citizen_session, kiosk_context, record, record_consent

pytestmark = pytest.mark.faults

#: Seconds the worker waits between retries while the printer has a fault (the kiosk: 1 s).
RETRY_S = 0.1


def wait_until(predicate: Callable[[], object], timeout: float, what: str) -> None:
    """Poll ``predicate`` until true; fail naming ``what``."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


class Recorder:
    """Stands where the Done screen subscribes to the spooler: keeps every message it posts."""

    def __init__(self) -> None:
        self.messages: list[object] = []
        self._lock = threading.Lock()

    def post_message(self, message: object) -> bool:
        with self._lock:
            self.messages.append(message)
        return True

    def about(self, job_id: int) -> list[object]:
        """Messages about one job, in order."""
        with self._lock:
            return [m for m in self.messages if getattr(m, "job_id", None) == job_id]


@dataclass
class Rig:
    """A kiosk's print path: database, outbox worker thread, proxy, virtual printer."""

    database: Database
    printer: VirtualPrinter
    proxy: FaultProxy
    ctx: object
    spooler: PrintSpooler
    recorder: Recorder
    job_ids: list[int] = field(default_factory=list)

    def submit(self) -> list[int]:
        """Submit one dossier as the review screen does and wake the print worker; return its job ids."""
        consent = record_consent(self.ctx)
        session = citizen_session(consent, checklist(self.database))
        summary = submit(self.ctx, session)
        self.job_ids.extend(summary.print_job_ids)
        self.spooler.kick()
        return list(summary.print_job_ids)

    def rows(self) -> dict[int, PrintJob]:
        with self.database.read_session() as s:
            return {j.id: j for j in s.scalars(select(PrintJob).order_by(PrintJob.id))}

    def qr_of(self, job_id: int) -> str:
        return str(self.rows()[job_id].payload["qr"])

    def copies(self, job_id: int) -> int:
        """Complete copies of the job in the printer (its QR and a cut)."""
        qr = self.qr_of(job_id)
        return sum(1 for j in list(self.printer.jobs) if qr in j.qr_texts and j.cuts >= 1)

    def settled(self, job_ids: list[int]) -> bool:
        """No job of ``job_ids`` is waiting or being sent."""
        rows = self.rows()
        return all(rows[j].state not in (outbox.PENDING, outbox.SENDING) for j in job_ids)

    def confirmed(self, job_id: int) -> bool:
        return any(isinstance(m, JobPrinted) and m.confirmed for m in self.recorder.about(job_id))

    def told(self, job_id: int) -> bool:
        """The kiosk heard that this job did not (surely) come out."""
        return any(isinstance(m, PrintFailed) or (isinstance(m, JobPrinted) and not m.confirmed)
                   for m in self.recorder.about(job_id))

    def heard(self, job_ids: list[int]) -> bool:
        """The Done screen of these jobs knows the truth: each job printed (confirmed) or told, or a fault
        reported on one of them (the screen then shows the fault for the whole dossier: the worker
        stops at the first job that fails and retries it before the others)."""
        failed = any(isinstance(m, PrintFailed) for j in job_ids for m in self.recorder.about(j))
        return failed or all(self.confirmed(j) or self.told(j) for j in job_ids)

    def held(self) -> set[int]:
        """Jobs the kiosk's staff see in "Phiếu chưa in" (held for a reprint decision)."""
        return {h.id for h in outbox.held_jobs(self.database, self.ctx.kiosk_id, limit=100)}


@pytest.fixture
def rig(database: Database, tmp_path: Path) -> Iterator[Rig]:
    """The print path on a fresh database (SQLite and PostgreSQL)."""
    printer = VirtualPrinter(jobs_dir=tmp_path / "print-jobs").start()
    proxy = FaultProxy(printer)
    ctx = kiosk_context(database, tmp_path, printer_url=proxy.url)
    spooler = PrintSpooler(ctx, retry_interval_s=RETRY_S)
    recorder = Recorder()
    spooler.subscribe(recorder)
    stop = threading.Event()
    worker = threading.Thread(target=spooler.run, args=(stop.is_set,), name="print-spooler", daemon=True)
    worker.start()
    try:
        yield Rig(database, printer, proxy, ctx, spooler, recorder)
    finally:
        stop.set()
        spooler.stop()
        worker.join(10)
        proxy.close()
        printer.stop()


# --- the faults --------------------------------------------------------------------------------------------


def _hung(rig: Rig) -> Callable[[], None]:
    rig.printer.set_state("no_answer")
    return lambda: rig.printer.set_state("ok")


def _cover_open_before(rig: Rig) -> Callable[[], None]:
    rig.printer.set_state("cover_open")
    return lambda: rig.printer.set_state("ok")


def _mid_receipt(action: str) -> Callable[[Rig], Callable[[], None]]:
    def inject(rig: Rig) -> Callable[[], None]:
        rig.proxy.arm(action, job_no=2, after_bytes=3000)  # job 1 is the ticket, job 2 the receipt
        if action == "gone":
            return lambda: rig.printer.start()  # plugged in again, same port
        return lambda: rig.printer.set_state("ok")

    return inject


@dataclass(frozen=True)
class Scenario:
    name: str
    inject: Callable[[Rig], Callable[[], None]]
    #: A known product gap: (reason) when exactly-once after the fault does not hold today.
    gap: str = ""


UNSURFACED = ("a printer hung before it ever answered this worker looks status-less: its jobs end done/'sent' "
              "(kiosk/printing.py: only a printer that answered status before is held as maybe_printed), not in "
              "outbox.held_jobs, no staff call; after the printer recovers nothing prints (0 of 2). There is no "
              "setting that declares a printer model status-less, so every silent printer is trusted as one")
SCENARIOS = [
    Scenario("printer no_answer (hung)", _hung, gap=UNSURFACED),
    Scenario("paper out mid-receipt", _mid_receipt("paper_out")),
    Scenario("cover open mid-receipt", _mid_receipt("cover_open")),
    Scenario("cover open before the job", _cover_open_before),
    Scenario("printer gone mid-receipt", _mid_receipt("gone")),  # held as maybe printed (issue 11)
]


def _run(rig: Rig, scenario: Scenario) -> dict[str, object]:
    """Inject, wait for the kiosk to react, clear, let staff act; return the counts."""
    clear = scenario.inject(rig)
    first = rig.submit()
    # The kiosk reacts: every job printed, told unconfirmed, or reported failed (retrying or held).
    wait_until(lambda: rig.heard(first), 20, "the kiosk to hear of the jobs")
    during = {j: rig.copies(j) for j in first}
    lied = [j for j in first if rig.confirmed(j) and during[j] != 1]
    second = []
    if scenario.name.startswith("printer gone"):
        second = rig.submit()  # a second citizen while the printer is gone: queued, retried
        wait_until(lambda: any(isinstance(m, PrintFailed) for j in second for m in rig.recorder.about(j)), 20,
                   "the second dossier's fault")
    clear()
    jobs = first + second
    wait_until(lambda: rig.settled(jobs), 20, "the outbox to settle after the fault cleared")
    time.sleep(0.3)  # the printer stores a job when its connection closes
    automatic = {j: rig.copies(j) for j in jobs}
    surfaced = rig.held()
    # Staff at the kiosk: "Phiếu chưa in" → "In lại" for each held slip.
    for job_id in jobs:
        if job_id in surfaced:
            assert outbox.reprint_held(rig.database, job_id, user="faults-test"), job_id
    rig.spooler.kick()
    wait_until(lambda: rig.settled(jobs), 20, "reprints")
    time.sleep(0.3)
    final = {j: rig.copies(j) for j in jobs}
    told = {"first": rig.heard(first), "second": rig.heard(second)}
    return {"first": first, "during": during, "lied": lied, "automatic": automatic, "surfaced": surfaced,
            "final": final, "told": told}


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.name.replace(" ", "-"))
def test_printer_fault(rig: Rig, scenario: Scenario, request: pytest.FixtureRequest) -> None:
    if scenario.gap:
        request.applymarker(pytest.mark.xfail(strict=True, reason=scenario.gap))
    out = _run(rig, scenario)
    final: dict[int, int] = out["final"]  # type: ignore[assignment]
    lost = sum(1 for n in final.values() if n == 0)
    duplicated = sum(n - 1 for n in final.values() if n > 1)
    truthful = not out["lied"] and all(out["told"].values())  # type: ignore[union-attr]
    whole = audit(rig.database, expect_pages=False)
    handled = int(truthful and lost == 0 and duplicated == 0 and not whole.problems)
    calls = _printer_calls(rig.database)
    record(f"printer: {scenario.name}", injected=1, handled=handled, lost=lost, duplicated=duplicated,
           note=f"jobs {len(final)}, on paper after the fault {sum(out['automatic'].values())}, "  # type: ignore[union-attr]
                f"held for staff {len(out['surfaced'])}, printer staff calls {calls}; SQLite and PostgreSQL")
    assert not out["lied"], f"the kiosk said 'printed' for jobs without a copy: {out['lied']}"
    assert all(out["told"].values()), out["told"]
    assert not whole.problems, whole.problems
    assert whole.dossiers == (2 if scenario.name.startswith("printer gone") else 1)
    assert lost == 0, f"jobs never printed once the fault cleared: {final} (held for staff: {out['surfaced']})"
    assert duplicated == 0, f"jobs printed more than once: {final}"


def test_unconfirmed_job_is_told_as_such(rig: Rig) -> None:
    """What holds today for the hung printer: the kiosk never says "printed"; nothing is sent twice."""
    _hung(rig)
    jobs = rig.submit()
    wait_until(lambda: all(rig.told(j) for j in jobs), 20, "unconfirmed jobs")
    assert not any(rig.confirmed(j) for j in jobs)
    rows = rig.rows()
    assert all(rows[j].attempts == 1 and rows[j].state not in (outbox.PENDING, outbox.SENDING) for j in jobs)
    rig.printer.set_state("ok")
    rig.spooler.kick()
    time.sleep(1.0)
    assert all(rig.copies(j) == 0 for j in jobs) and rig.printer.jobs == []  # never sent twice by itself


def _printer_calls(database: Database) -> int:
    with database.read_session() as s:
        return len(s.scalars(select(StaffCall).where(StaffCall.reason == "printer")).all())
