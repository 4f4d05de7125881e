"""Tickets per second from concurrent processes on SQLite (one file) and PostgreSQL (``python bench/numbering_bench.py``)."""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import create_engine, func, select
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from db.engine import Database  # noqa: E402
from db.migrate import ensure_ready  # noqa: E402
from db.models import Ticket  # noqa: E402
from db.seed import get_site  # noqa: E402
from db.services.queue import issue_ticket, queue_for_field  # noqa: E402

NOW = datetime(2026, 3, 2, 3, 0, tzinfo=timezone.utc)


def _worker(url: str, site_id: int, queue_id: int, count: int, barrier, out) -> None:  # noqa: ANN001
    database = Database(url)
    database.run(lambda s: s.get(Ticket, 0), read_only=True)  # open the connection before the clock starts
    barrier.wait(120)
    start = time.perf_counter()
    for _ in range(count):
        database.run(lambda s: issue_ticket(s, site_id=site_id, queue_id=queue_id, now=NOW))
    out.put((start, time.perf_counter()))
    database.dispose()


def bench(url: str, procs: int, count: int) -> float:
    """Issue ``procs × count`` tickets concurrently into one queue and return tickets per second."""
    database = Database(url)
    ensure_ready(database)
    with database.session() as s:
        site_id = get_site(s, "BD-HN-001").id
        queue_id = queue_for_field(s, site_id, "Hộ tịch").id
    ctx = mp.get_context("forkserver")  # clean children (no inherited connections), cheap to start
    ctx.set_forkserver_preload(["db.services.queue"])
    barrier, out = ctx.Barrier(procs), ctx.Queue()
    workers = [ctx.Process(target=_worker, args=(url, site_id, queue_id, count, barrier, out)) for _ in range(procs)]
    for w in workers:
        w.start()
    spans = [out.get(timeout=600) for _ in workers]
    for w in workers:
        w.join()
    with database.read_session() as s:
        total = s.scalar(select(func.count()).select_from(Ticket).where(Ticket.queue_id == queue_id))
        distinct = s.scalar(select(func.count(func.distinct(Ticket.number))).where(Ticket.queue_id == queue_id))
    database.dispose()
    assert total == distinct == procs * count, (total, distinct)
    elapsed = max(e for _, e in spans) - min(s for s, _ in spans)
    return procs * count / elapsed


def main() -> int:
    """Run the benchmark on a fresh SQLite file and a fresh PostgreSQL database; print tickets/s."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--procs", type=int, default=8)
    parser.add_argument("--tickets", type=int, default=200, help="tickets per process")
    parser.add_argument("--pg-url", default=os.environ.get("KIOSK_TEST_PG_URL",
                                                           "postgresql+psycopg://postgres@127.0.0.1:5432/test"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        rate = bench(f"sqlite:///{Path(tmp) / 'bench.db'}", args.procs, args.tickets)
        print(f"sqlite      {args.procs} procs x {args.tickets}: {rate:8.1f} tickets/s")
        rate = bench(f"sqlite:///{Path(tmp) / 'bench1.db'}", 1, args.tickets)
        print(f"sqlite      1 proc  x {args.tickets}: {rate:8.1f} tickets/s")
    admin = create_engine(args.pg_url, isolation_level="AUTOCOMMIT")
    try:
        for procs in (args.procs, 1):
            name = f"kiosk_bench_{os.getpid()}_{procs}"
            try:
                with admin.connect() as conn:
                    conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
            except Exception as exc:  # noqa: BLE001 - no server: report and skip
                print(f"postgresql  skipped ({type(exc).__name__})")
                return 0
            try:
                url = make_url(args.pg_url).set(database=name).render_as_string(hide_password=False)
                rate = bench(url, procs, args.tickets)
                label = f"{procs} procs" if procs > 1 else "1 proc "
                print(f"postgresql  {label} x {args.tickets}: {rate:8.1f} tickets/s")
            finally:
                with admin.connect() as conn:
                    conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        admin.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
