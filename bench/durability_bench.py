"""Cost of durability on SQLite: ``synchronous=FULL`` vs ``NORMAL`` per submitted dossier, and the numbering
high-water file (``python bench/durability_bench.py [--count 60] [--folder DIR]``).

Each variant gets a fresh migrated database in ``--folder`` (default: a temporary folder on the same disk as
``/tmp``; point it at the kiosk's real disk, since fsync costs are the disk's). One process submits ``count``
dossiers one after another through ``db.services.dossiers.submit_dossier`` (dossier, documents, ticket, two
print jobs, numbers), the way a kiosk does; the median and 90th percentile per submit are printed.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import event, select

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from core.settings import Settings  # noqa: E402
from db import numbering  # noqa: E402
from db.engine import Database  # noqa: E402
from db.migrate import ensure_ready  # noqa: E402
from db.models import Kiosk, Procedure, Site  # noqa: E402
from db.services.dossiers import DocumentDraft, DossierDraft, submit_dossier  # noqa: E402
from db.services.feedback import record_consent  # noqa: E402

NOW = datetime(2026, 3, 2, 3, 0, tzinfo=timezone.utc)
CODE = "1.004873"


def _draft(database: Database, site_id: int, kiosk_id: int) -> DossierDraft:
    consent = record_consent(database, site_id=site_id, kiosk_id=kiosk_id, purpose="dossier",
                             text_version="bench", accepted=True, now=NOW)
    with database.read_session() as s:
        proc = s.scalars(select(Procedure).where(Procedure.code == CODE)).one()
        docs = [DocumentDraft(requirement_id=r.id, name=r.name, originals=r.originals, copies=r.copies,
                              at_counter=True) for r in proc.versions[-1].documents[:2]]
    return DossierDraft(site_id=site_id, kiosk_id=kiosk_id, procedure_code=CODE, consent_id=consent,
                        applicant_name="Nguyễn Văn A", applicant_id_number="001090123456",
                        applicant_address="Số 1 Phố X, Phường Y, Hà Nội", applicant_phone="0912345678",
                        documents=docs)


def run_variant(folder: Path, synchronous: str, high_water: bool, count: int) -> list[float]:
    """Submit ``count`` dossiers on a fresh database; return milliseconds per submit."""
    folder.mkdir(parents=True)
    database = Database(f"sqlite:///{folder / 'kiosk.db'}")
    if synchronous != "FULL":
        @event.listens_for(database.engine, "connect")
        def _relax(dbapi_conn, _record) -> None:  # noqa: ANN001 - runs after the engine's own pragmas
            dbapi_conn.execute(f"PRAGMA synchronous={synchronous}")
    ensure_ready(database, Settings(data_dir=folder))
    with database.read_session() as s:
        site = s.scalars(select(Site).order_by(Site.id)).first()
        kiosk_id = s.scalars(select(Kiosk.id).where(Kiosk.site_id == site.id)).first()
        site_id = site.id
    original = numbering.high_water_for
    if not high_water:
        numbering.high_water_for = lambda _session: None  # type: ignore[assignment]
    times = []
    try:
        for _ in range(count):
            draft = _draft(database, site_id, kiosk_id)  # its consent is another transaction: not timed
            start = time.perf_counter()
            submit_dossier(database, draft, now=NOW)
            times.append((time.perf_counter() - start) * 1000)
    finally:
        numbering.high_water_for = original
        database.dispose()
    return times


def bench_high_water_file(folder: Path, count: int) -> list[float]:
    """Milliseconds per high-water write alone (lock, read, merge, write, fsync, rename, fsync folder)."""
    folder.mkdir(parents=True)
    marks = numbering.HighWater(numbering.high_water_file(folder / "kiosk.db"))
    times = []
    for i in range(1, count + 1):
        start = time.perf_counter()
        marks.record({"dossier|000.00.16.H36|2026-03-02": i, "ticket|1:HT|2026-03-02": i})
        times.append((time.perf_counter() - start) * 1000)
    return times


def _line(name: str, times: list[float]) -> str:
    times = sorted(times)
    p90 = times[int(0.9 * (len(times) - 1))]
    return f"{name:<44} median {statistics.median(times):7.2f} ms   p90 {p90:7.2f} ms   (n={len(times)})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=60, help="submits per variant (default 60)")
    parser.add_argument("--folder", help="where the databases go (default: a temporary folder)")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="durability-", dir=args.folder))
    print(f"databases in {root}")
    results = {}
    for name, sync, hw in (("synchronous=NORMAL, no high-water file", "NORMAL", False),
                           ("synchronous=FULL, no high-water file", "FULL", False),
                           ("synchronous=FULL + high-water file (shipped)", "FULL", True)):
        results[name] = run_variant(root / name.split(",")[0].replace("=", "-") / ("hw" if hw else "plain"),
                                    sync, hw, args.count)
        print(_line(name, results[name]))
    print(_line("high-water file write alone", bench_high_water_file(root / "hw-alone", args.count * 3)))
    base = statistics.median(results["synchronous=NORMAL, no high-water file"])
    full = statistics.median(results["synchronous=FULL, no high-water file"])
    shipped = statistics.median(results["synchronous=FULL + high-water file (shipped)"])
    print(f"synchronous=FULL costs {full - base:+.2f} ms per submit; the high-water file {shipped - full:+.2f} ms "
          f"more; shipped vs before: {shipped - base:+.2f} ms ({shipped / base:.2f}x)")


if __name__ == "__main__":
    main()
