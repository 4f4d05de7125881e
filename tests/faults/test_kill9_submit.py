"""``kill -9`` of a submitting kiosk process at random points, 30 times, on SQLite.

A child process (``kill_child.submit_loop``: consent, a scanned page, ``kiosk.submission.submit``, in
a loop) is killed with SIGKILL after a random delay of 0–300 ms (seeded: the same delays every run).
After each kill the test does what the next kiosk start does (``kiosk.run.purge_scans``) and checks:
no partial dossier (each has its documents, its scan, its ``received`` event, its ticket and one
ticket and one receipt job), no ticket or job without its dossier, no duplicate job, references and
numbers without gaps or repeats, no scan folder that no dossier refers to, no dossier whose scans
were purged, and every dossier the child reported saved is there.
"""

from __future__ import annotations

import multiprocessing
import random
import time
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import select

from db.engine import Database
from db.models import Dossier
from kiosk.run import purge_scans
from tests.faults.support import audit, kiosk_context, record, referenced_folders, scan_folders

pytestmark = pytest.mark.faults

KILLS = 30
SEED = 10
MAX_DELAY_S = 0.300


def _where(lines: list[str]) -> str:
    """Where the last kill landed, from the child's progress log."""
    if not lines:
        return "starting"
    last = lines[-1].split()[0]
    return {"consent": "before the page", "page": "submitting", "saved": "between citizens"}[last]


def test_kill9_mid_submit(sqlite_database: Database, tmp_path: Path) -> None:
    ctx = kiosk_context(sqlite_database, tmp_path)
    settings, scans = ctx.settings, ctx.settings.scans_dir
    mp = multiprocessing.get_context("forkserver")
    mp.set_forkserver_preload(["tests.faults.kill_child"])
    from tests.faults.kill_child import submit_loop

    rng = random.Random(SEED)
    where: Counter[str] = Counter()
    saved: dict[int, int] = {}  # consent -> dossier id the child reported
    purged = lost_scans = orphans = clean = 0
    problems: list[str] = []
    for kill in range(KILLS):
        log_path = tmp_path / f"child-{kill}.log"
        ready = mp.Event()
        child = mp.Process(target=submit_loop, args=(sqlite_database.url, str(tmp_path), str(log_path), ready),
                           daemon=True)
        child.start()
        assert ready.wait(30), "the child did not start"
        time.sleep(rng.uniform(0.0, MAX_DELAY_S))
        child.kill()
        child.join(10)
        assert child.exitcode == -9, child.exitcode
        lines = log_path.read_text(encoding="utf-8").splitlines() if log_path.exists() else []
        where[_where(lines)] += 1
        saved.update({int(p[1]): int(p[2]) for p in (line.split() for line in lines) if p[0] == "saved"})
        # The next start: scan folders no dossier refers to are deleted.
        purged += purge_scans(settings, sqlite_database)
        on_disk, referenced = scan_folders(scans), referenced_folders(sqlite_database, scans)
        orphans += len(on_disk - referenced)
        lost_scans += len(referenced - on_disk)
        whole = audit(sqlite_database)
        if whole.problems or on_disk != referenced:
            problems.append(f"kill {kill + 1}: {whole.problems} orphans={on_disk - referenced} "
                            f"lost={referenced - on_disk}")
        else:
            clean += 1
    whole = audit(sqlite_database)
    with sqlite_database.read_session() as s:
        stored = {d.consent_id: d.id for d in s.scalars(select(Dossier))}
    lost = sum(1 for consent, dossier in saved.items() if stored.get(consent) != dossier) + lost_scans
    duplicated = whole.duplicate_consents + whole.duplicate_jobs + whole.reference_duplicates + whole.number_duplicates
    unacknowledged = len(stored) - len(saved)
    record("kill -9 mid-submit (SQLite)", injected=KILLS, handled=clean, lost=lost, duplicated=duplicated,
           note=f"seed {SEED}, delays 0-{int(MAX_DELAY_S * 1000)} ms; checked after each kill: partial dossiers, "
                f"orphan scans, tickets/jobs without dossier, duplicates",
           details=f"killed {dict(where)}; {len(stored)} dossiers ({unacknowledged} committed but never "
                   f"acknowledged), {purged} abandoned scan folders purged at the next start, orphans left "
                   f"{orphans}, dossiers missing scans {lost_scans}")
    assert not problems, problems
    assert lost == 0 and duplicated == 0
    assert where["submitting"] > 0, f"no kill landed inside a submit: {dict(where)}"
