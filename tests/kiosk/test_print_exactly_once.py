"""Exactly once on paper (issue 11): kiosks never print each other's jobs; a worker killed between "sending"
and "done" leaves the job maybe-printed (never reprinted, never lost); database outages never print twice.

The kill and outage tests print their counts (``-s`` shows them): kills, tickets, on paper once, maybe printed,
duplicates, lost.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import random
import re
import signal
import threading
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, select, text

from db.engine import CommitInDoubt, Database, DatabaseUnavailable
from db.models import AuditEvent, Kiosk, PrintJob
from db.services import outbox
from devices.virtual_printer import VirtualPrinter
from kiosk import identity
from kiosk.printing import PrintSpooler
from tests.kiosk import _spool_worker as worker

#: Kills of the print worker in the kill test (the issue asks for 20; KIOSK_TEST_KILLS for more).
KILLS = int(os.environ.get("KIOSK_TEST_KILLS", "30"))
QR = re.compile(rb"VE\|T\|2026-11-20\|([A-Z0-9-]+)")


def _ids(database: Database, code: str = "K01") -> tuple[int, int]:
    return worker.kiosk_ids(database, code)


def _enqueue(database: Database, kiosk_id: int, numbers: list[str]) -> list[int]:
    with database.session() as s:
        return [outbox.enqueue(s, kiosk_id=kiosk_id, kind="ticket", payload=worker.ticket_payload(n))
                for n in numbers]


def _on_paper(printer: VirtualPrinter) -> tuple[Counter, Counter, int]:
    """Tickets in whole jobs, tickets in partial (rejected) jobs, and partial jobs naming no ticket."""
    whole, partial, anonymous = Counter(), Counter(), 0
    for job in printer.jobs:
        for number in QR.findall(job.data):
            whole[number.decode()] += 1
    for _state, data in printer.rejected:
        found = QR.findall(data)
        anonymous += not found
        for number in found:
            partial[number.decode()] += 1
    return whole, partial, anonymous


def _states(database: Database, kiosk_id: int) -> dict[str, tuple[str, str]]:
    with database.read_session() as s:
        return {j.payload["number"]: (j.state, j.last_outcome)
                for j in s.scalars(select(PrintJob).where(PrintJob.kiosk_id == kiosk_id))}


def _tally(printer: VirtualPrinter, database: Database, kiosk_id: int, numbers: list[str]
           ) -> tuple[Counter, Counter, list[str], list[str]]:
    """Once every ticket printed: whole and partial slips, tickets on paper twice, tickets not done or not on paper."""
    printer.wait_for_jobs(len(numbers), timeout=15)
    time.sleep(0.3)  # nothing more comes
    whole, partial, _anonymous = _on_paper(printer)
    states = _states(database, kiosk_id)
    duplicates = sorted(n for n in numbers if whole[n] > 1)
    lost = sorted(n for n in numbers if whole[n] == 0 or states[n][0] != "done")
    return whole, partial, duplicates, lost


def _drain(spooler: PrintSpooler, database: Database, kiosk_id: int, timeout: float = 60) -> None:
    """Run the worker until nothing of the kiosk is pending or sending and nothing is owed."""
    deadline = time.monotonic() + timeout

    def finished() -> bool:
        if time.monotonic() > deadline:
            return True
        return not spooler.owed and outbox.pending_count(database, kiosk_id) == 0

    spooler.run(finished)
    assert time.monotonic() <= deadline, "the print worker did not finish"


def _printer(tmp_path: Path, name: str) -> VirtualPrinter:
    return VirtualPrinter(host="127.0.0.1", port=0, jobs_dir=tmp_path / name).start()


# --- two kiosks, one database --------------------------------------------------------------------------------


def test_two_kiosks_with_their_own_identities_never_print_each_others_jobs(database: Database,
                                                                          tmp_path: Path) -> None:
    site_id, k1 = _ids(database, "K01")
    _, k2 = _ids(database, "K02")
    printers = {k1: _printer(tmp_path, "p1"), k2: _printer(tmp_path, "p2")}
    numbers = {k1: [f"A-{i:03d}" for i in range(1, 21)], k2: [f"B-{i:03d}" for i in range(1, 21)]}
    claims = [identity.claim(tmp_path / f"d{k}", database, k) for k in (k1, k2)]
    try:
        for k in (k1, k2):
            _enqueue(database, k, numbers[k])
        spoolers = []
        for claim in claims:
            ctx = worker.make_ctx(database.url, site_id, claim.kiosk_id, printers[claim.kiosk_id].url,
                                  str(tmp_path), database=database)
            ctx.instance_id = claim.instance_id
            spoolers.append(PrintSpooler(ctx, retry_interval_s=0.02))
        threads = [threading.Thread(target=_drain, args=(sp, database, sp.ctx.kiosk_id)) for sp in spoolers]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        for k in (k1, k2):
            printers[k].wait_for_jobs(20, timeout=15)
            time.sleep(0.3)  # nothing more comes
            whole, partial, _anon = _on_paper(printers[k])
            assert sorted(whole.elements()) == numbers[k] and not partial  # each of its own, once, none other
            assert {s for s, _o in _states(database, k).values()} == {"done"}
        with database.read_session() as s:
            claimed_by = {(j.kiosk_id, j.claimed_by) for j in s.scalars(select(PrintJob))}
        assert claimed_by == {(c.kiosk_id, c.instance_id) for c in claims}
    finally:
        for claim in claims:
            claim.close()
        for printer in printers.values():
            printer.stop()


def test_a_second_install_of_one_kiosk_is_refused_and_its_worker_takes_no_job(database: Database, tmp_path: Path,
                                                                              virtual_printer: VirtualPrinter) -> None:
    """The probe's case (both installs on the default K01): the second cannot start, nor print A's receipts."""
    site_id, kiosk_id = _ids(database)
    first = identity.claim(tmp_path / "a", database, kiosk_id)
    numbers = [f"R-{i:03d}" for i in range(1, 21)]
    _enqueue(database, kiosk_id, numbers)
    try:
        with pytest.raises(identity.KioskTaken):
            identity.claim(tmp_path / "b", database, kiosk_id)
        # A worker started without that check (an older release, a hand-made script) still claims nothing.
        other_printer = _printer(tmp_path, "other")
        rogue_ctx = worker.make_ctx(database.url, site_id, kiosk_id, other_printer.url, str(tmp_path),
                                    database=database)
        rogue = PrintSpooler(rogue_ctx, instance_id=identity.load_or_create(tmp_path / "b"))
        with pytest.raises(outbox.KioskNotHeld) as err:
            rogue.step()
        assert err.value.code == "DB-012"
        ctx = worker.make_ctx(database.url, site_id, kiosk_id, virtual_printer.url, str(tmp_path), database=database)
        ctx.instance_id = first.instance_id
        _drain(PrintSpooler(ctx, retry_interval_s=0.02), database, kiosk_id)
        virtual_printer.wait_for_jobs(20, timeout=15)
        assert sorted(_on_paper(virtual_printer)[0].elements()) == numbers
        assert other_printer.jobs == [] and other_printer.rejected == []
        other_printer.stop()
    finally:
        first.close()


# --- a worker killed between "sending" and "done" ------------------------------------------------------------


def _mp() -> Any:
    ctx = mp.get_context("forkserver")
    ctx.set_forkserver_preload(["tests.kiosk._spool_worker"])
    return ctx


def test_a_worker_dying_after_the_printer_took_the_job_leaves_it_maybe_printed_not_reprinted(
        database: Database, virtual_printer: VirtualPrinter, tmp_path: Path) -> None:
    site_id, kiosk_id = _ids(database)
    instance = identity.new_instance_id()
    _enqueue(database, kiosk_id, ["T-001", "T-002", "T-003"])
    ctx = _mp()
    ready = ctx.Event()
    child = ctx.Process(target=worker.spool, args=(database.url, site_id, kiosk_id, instance, virtual_printer.url,
                                                   str(tmp_path), ready, True))
    child.start()
    child.join(60)
    assert child.exitcode == 9  # died between the printer's answer and "done"
    assert _states(database, kiosk_id)["T-001"][0] == "sending"
    virtual_printer.wait_for_jobs(1, timeout=15)
    assert _on_paper(virtual_printer)[0] == Counter({"T-001": 1})
    # The kiosk starts again (same install): T-001 is held for staff, the others print.
    spooler = PrintSpooler(worker.make_ctx(database.url, site_id, kiosk_id, virtual_printer.url, str(tmp_path),
                                           database=database), retry_interval_s=0.02, instance_id=instance)
    _drain(spooler, database, kiosk_id)
    virtual_printer.wait_for_jobs(3, timeout=15)
    time.sleep(0.3)
    assert _on_paper(virtual_printer)[0] == Counter({"T-001": 1, "T-002": 1, "T-003": 1})
    assert _states(database, kiosk_id) == {"T-001": ("maybe_printed", "interrupted"), "T-002": ("done", "printed"),
                                           "T-003": ("done", "printed")}
    held = outbox.held_jobs(database, kiosk_id)
    assert [(j.label, j.maybe_printed) for j in held] == [("T-001", True)]


def test_kill_the_print_worker_many_times_no_duplicate_no_loss_every_maybe_surfaced(
        database: Database, virtual_printer: VirtualPrinter, tmp_path: Path) -> None:
    site_id, kiosk_id = _ids(database)
    instance = identity.new_instance_id()  # one install, restarted after every kill
    rng = random.Random(20261120)
    ctx = _mp()
    numbers: list[str] = []
    for kill in range(KILLS):
        batch = [f"K-{len(numbers) + i + 1:03d}" for i in range(2)]
        numbers += batch
        _enqueue(database, kiosk_id, batch)
        # Every other worker is killed at a random moment (kill -9); the others die just after the printer
        # took a job and before "done" (the window that printed twice before).
        at_random = kill % 2 == 0
        ready = ctx.Event()
        child = ctx.Process(target=worker.spool, args=(database.url, site_id, kiosk_id, instance,
                                                       virtual_printer.url, str(tmp_path), ready, not at_random))
        child.start()
        assert ready.wait(60)
        if at_random:
            time.sleep(rng.uniform(0.0, 0.2))
            os.kill(child.pid, signal.SIGKILL)
        child.join(30)
        assert child.exitcode == (-signal.SIGKILL if at_random else 9), kill
    # The kiosk starts once more and finishes what is left.
    spooler = PrintSpooler(worker.make_ctx(database.url, site_id, kiosk_id, virtual_printer.url, str(tmp_path),
                                           database=database), retry_interval_s=0.02, instance_id=instance)
    _drain(spooler, database, kiosk_id)
    time.sleep(1.0)  # the printer stores the last job after the connection closes

    states = _states(database, kiosk_id)
    whole, partial, anonymous = _on_paper(virtual_printer)
    maybe = sorted(n for n, (state, _o) in states.items() if state == "maybe_printed")
    duplicates = sorted(n for n in numbers if whole[n] + partial[n] > 1)
    lost = sorted(n for n in numbers if states[n][0] not in ("done", "maybe_printed")
                  or (states[n][0] == "done" and whole[n] != 1))
    surfaced = {j.label for j in outbox.held_jobs(database, kiosk_id, limit=1000) if j.maybe_printed}
    print(f"\n[{database.dialect}] kills={KILLS} tickets={len(numbers)} done={len(numbers) - len(maybe)} "
          f"maybe_printed={len(maybe)} (on paper {sum(whole[n] > 0 for n in maybe)}, partial "
          f"{sum(partial[n] > 0 for n in maybe) + anonymous}) duplicates={len(duplicates)} lost={len(lost)}")
    assert duplicates == [] and lost == []
    assert surfaced == set(maybe)
    assert anonymous <= sum(whole[n] + partial[n] == 0 for n in maybe)  # every cut-off slip is a held job

    # Staff check the tray: a whole slip is marked printed, a missing or cut-off one is printed again.
    staff = "cli"
    stored = len(virtual_printer.jobs)
    by_number = {j.label: j.id for j in outbox.held_jobs(database, kiosk_id, limit=1000)}
    for number in maybe:
        if whole[number]:
            assert outbox.confirm_printed(database, by_number[number], "Đã kiểm tra khay giấy: phiếu đã in", user=staff)
        else:
            assert outbox.reprint_held(database, by_number[number], user=staff, reason="Đã kiểm tra khay giấy")
    _drain(spooler, database, kiosk_id)
    virtual_printer.wait_for_jobs(stored + sum(not whole[n] for n in maybe), timeout=15)
    time.sleep(0.3)
    whole_after = _on_paper(virtual_printer)[0]
    assert {n: whole_after[n] for n in numbers} == {n: 1 for n in numbers}
    assert {s for s, _o in _states(database, kiosk_id).values()} == {"done"}


# --- database outages while printing -------------------------------------------------------------------------


class FlakyDatabase:
    """A database whose ``run`` fails when ``plan()`` says: ``before`` the work, or ``after`` its COMMIT."""

    def __init__(self, database: Database, plan: Callable[[], str | None]) -> None:
        self._database = database
        self._plan = plan
        self.outages: Counter = Counter()

    def run(self, fn: Callable[..., Any], read_only: bool = False) -> Any:
        failure = None if read_only else self._plan()
        if failure == "before":
            self.outages["before"] += 1
            raise DatabaseUnavailable("database not answering (test outage)")
        result = self._database.run(fn, read_only=read_only)
        if failure == "after":
            self.outages["after"] += 1
            raise CommitInDoubt("connection lost after COMMIT (test outage)")
        return result

    def __getattr__(self, name: str) -> Any:
        return getattr(self._database, name)


def test_database_outages_after_the_bytes_went_out_never_print_twice(database: Database, tmp_path: Path,
                                                                    virtual_printer: VirtualPrinter) -> None:
    site_id, kiosk_id = _ids(database)
    numbers = [f"D-{i:03d}" for i in range(1, 31)]
    _enqueue(database, kiosk_id, numbers)
    rng = random.Random(4)
    flaky = FlakyDatabase(database, lambda: rng.choice(["before", "after", None, None, None]))
    ctx = worker.make_ctx(database.url, site_id, kiosk_id, virtual_printer.url, str(tmp_path), database=flaky)
    spooler = PrintSpooler(ctx, retry_interval_s=0.01)
    _drain(spooler, database, kiosk_id)
    _whole, partial, duplicates, lost = _tally(virtual_printer, database, kiosk_id, numbers)
    print(f"\n[{database.dialect}] outages={sum(flaky.outages.values())} ({dict(flaky.outages)}) "
          f"tickets={len(numbers)} duplicates={len(duplicates)} lost={len(lost)}")
    assert sum(flaky.outages.values()) >= 20
    assert duplicates == [] and lost == [] and not partial


def test_mark_done_failing_after_the_printer_confirmed_records_done_later(database: Database, tmp_path: Path,
                                                                         virtual_printer: VirtualPrinter) -> None:
    """The probe's case: the database fails right after the ticket printed; the old worker printed it again."""
    site_id, kiosk_id = _ids(database)
    _enqueue(database, kiosk_id, ["O-001"])
    # Recovery and the claim pass; then the database is down for three calls (mark_done, then the next two rounds).
    failures = iter(["pass", "pass", "before", "before", "before"])
    flaky = FlakyDatabase(database, lambda: (lambda f: None if f == "pass" else f)(next(failures, None)))
    spooler = PrintSpooler(worker.make_ctx(database.url, site_id, kiosk_id, virtual_printer.url, str(tmp_path),
                                           database=flaky), retry_interval_s=0.01)
    for _ in range(3):
        with pytest.raises(DatabaseUnavailable):
            spooler.step()
        assert list(spooler.owed) == [_states_id(database, "O-001")]
    assert spooler.step() is False  # the database is back: "done" recorded, nothing sent again
    virtual_printer.wait_for_jobs(1, timeout=15)
    time.sleep(0.3)
    assert _on_paper(virtual_printer)[0] == Counter({"O-001": 1})
    assert _states(database, kiosk_id)["O-001"] == ("done", "printed") and not spooler.owed


def _states_id(database: Database, number: str) -> int:
    with database.read_session() as s:
        return next(j.id for j in s.scalars(select(PrintJob)) if j.payload["number"] == number)


def test_postgresql_connections_cut_while_printing_never_print_twice(database: Database, tmp_path: Path,
                                                                   virtual_printer: VirtualPrinter) -> None:
    """Real outages: the server ends every connection of the kiosk's database again and again while it prints."""
    if database.dialect != "postgresql":
        pytest.skip("PostgreSQL: the server ends connections; SQLite has none to cut")
    site_id, kiosk_id = _ids(database)
    numbers = [f"P-{i:03d}" for i in range(1, 31)]
    _enqueue(database, kiosk_id, numbers)
    admin = create_engine(database.url, isolation_level="AUTOCOMMIT")
    cut, stop = [0], threading.Event()

    def cutter() -> None:
        with admin.connect() as conn:
            while not stop.wait(0.02):
                cut[0] += len(conn.execute(text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()")).all())

    thread = threading.Thread(target=cutter)
    thread.start()
    try:
        spooler = PrintSpooler(worker.make_ctx(database.url, site_id, kiosk_id, virtual_printer.url, str(tmp_path)),
                               retry_interval_s=0.01)
        deadline = time.monotonic() + 90
        spooler.run(lambda: (spooler.printed_count >= len(numbers) and not spooler.owed)
                    or time.monotonic() > deadline)
    finally:
        stop.set()
        thread.join(10)
        admin.dispose()
    _drain(spooler, database, kiosk_id)  # anything the last cut left unrecorded
    _whole, _partial, duplicates, lost = _tally(virtual_printer, database, kiosk_id, numbers)
    print(f"\n[postgresql] connections cut={cut[0]} tickets={len(numbers)} duplicates={len(duplicates)} "
          f"lost={len(lost)}")
    assert duplicates == [] and lost == []


# --- leases: a dead instance's jobs --------------------------------------------------------------------------


def test_a_dead_instances_jobs_are_recovered_by_its_restart_at_once_and_by_another_install_after_its_lease(
        database: Database, virtual_printer: VirtualPrinter, tmp_path: Path) -> None:
    from datetime import timedelta

    from sqlalchemy import update

    from db.types import utcnow

    site_id, kiosk_id = _ids(database)

    def spooler_for(instance_id: str) -> PrintSpooler:
        ctx = worker.make_ctx(database.url, site_id, kiosk_id, virtual_printer.url, str(tmp_path), database=database)
        ctx.instance_id = instance_id
        return PrintSpooler(ctx, retry_interval_s=0.02)

    def die(instance: identity.KioskInstance) -> None:
        os.close(instance._lock_fd)  # noqa: SLF001 - kill -9: the lock goes, the lease stays
        instance._lock_fd = None  # noqa: SLF001

    a = identity.claim(tmp_path / "a", database, kiosk_id)
    _enqueue(database, kiosk_id, ["L-001", "L-002"])
    assert outbox.claim_next(database, kiosk_id, instance=a.instance_id).payload["number"] == "L-001"
    die(a)  # A died with L-001 "sending"
    with pytest.raises(identity.KioskTaken):
        identity.claim(tmp_path / "b", database, kiosk_id)
    # A restarts (same identity): it holds L-001 for staff at once and prints L-002.
    a2 = identity.claim(tmp_path / "a", database, kiosk_id)
    _drain(spooler_for(a2.instance_id), database, kiosk_id)
    assert _states(database, kiosk_id) == {"L-001": ("maybe_printed", "interrupted"), "L-002": ("done", "printed")}

    _enqueue(database, kiosk_id, ["L-003", "L-004"])
    assert outbox.claim_next(database, kiosk_id, instance=a2.instance_id).payload["number"] == "L-003"
    die(a2)  # and dies again, for good; its leases run out
    past = utcnow() - timedelta(seconds=1)
    database.run(lambda s: s.execute(update(Kiosk).where(Kiosk.id == kiosk_id).values(instance_lease_until=past)))
    database.run(lambda s: s.execute(update(PrintJob).where(PrintJob.state == "sending").values(lease_until=past)))
    b = identity.claim(tmp_path / "b", database, kiosk_id)  # a replacement install takes the kiosk
    try:
        _drain(spooler_for(b.instance_id), database, kiosk_id)
        assert a2.renew() is False  # the dead one, if it ever woke up, would print nothing
    finally:
        b.close()
    virtual_printer.wait_for_jobs(2, timeout=15)
    time.sleep(0.3)
    assert _states(database, kiosk_id) == {"L-001": ("maybe_printed", "interrupted"), "L-002": ("done", "printed"),
                                           "L-003": ("maybe_printed", "lease_expired"), "L-004": ("done", "printed")}
    assert _on_paper(virtual_printer)[0] == Counter({"L-002": 1, "L-004": 1})
    with database.read_session() as s:
        assert not list(s.scalars(select(AuditEvent).where(AuditEvent.entity == "print_job")))


# --- a printer that answered status, then went silent ---------------------------------------------------------


def test_a_printer_going_silent_after_it_answered_holds_the_job_as_maybe_printed(sqlite_database: Database,
                                                                                 tmp_path: Path) -> None:
    """Hung mid-day: the slip may or may not be out, so staff check; a printer silent from the start (status-less)
    keeps printing as "sent" (done), or every slip would wait for staff."""
    site_id, kiosk_id = _ids(sqlite_database)
    answering, statusless = _printer(tmp_path, "answering"), _printer(tmp_path, "statusless")
    statusless.set_state("silent")
    try:
        for printer, expected in ((answering, ("maybe_printed", "unconfirmed")), (statusless, ("done", "sent"))):
            ctx = worker.make_ctx(sqlite_database.url, site_id, kiosk_id, printer.url, str(tmp_path),
                                  database=sqlite_database)
            spooler = PrintSpooler(ctx, retry_interval_s=0.02)
            first, second = f"S-{printer.port}-1", f"S-{printer.port}-2"
            _enqueue(sqlite_database, kiosk_id, [first])
            assert spooler.step() is False
            if printer is answering:
                printer.set_state("no_answer")  # hangs after the first slip
            _enqueue(sqlite_database, kiosk_id, [second])
            assert spooler.step() is False
            states = _states(sqlite_database, kiosk_id)
            assert states[second] == expected, printer
            assert states[first][0] == "done"
        held = outbox.held_jobs(sqlite_database, kiosk_id)
        assert [(j.label, j.maybe_printed) for j in held] == [(f"S-{answering.port}-2", True)]
    finally:
        answering.stop()
        statusless.stop()
