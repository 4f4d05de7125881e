"""Two or more consoles/workers at once: a ticket is called once, a print job is claimed once; lock errors."""

from __future__ import annotations

import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

import db.engine as engine_mod
from db.engine import Database, DatabaseBusy, DatabaseUnavailable
from db.seed import get_kiosk, get_site
from db.services import outbox
from db.services import queue as q

NOW = datetime(2026, 3, 2, 2, 0, tzinfo=timezone.utc)


def _drain(fn, workers: int = 4) -> list:  # noqa: ANN001
    """Call ``fn`` from several threads until each gets None; return everything they got."""

    def loop() -> list:
        got = []
        while (item := fn()) is not None:
            got.append(item)
        return got

    with ThreadPoolExecutor(workers) as pool:
        return [x for f in [pool.submit(loop) for _ in range(workers)] for x in f.result()]


def test_consoles_never_call_the_same_ticket(database: Database) -> None:
    with database.session() as s:
        site = get_site(s, "BD-HN-001")
        queue = q.queue_for_field(s, site.id, "")
        for i in range(30):
            q.issue_ticket(s, site_id=site.id, queue_id=queue.id, priority_class="elderly" if i % 4 == 0 else None,
                           now=NOW + timedelta(seconds=i))
    counter = iter(range(1000))
    called = _drain(lambda: q.call_next(database, queue.id, f"Quầy {next(counter) % 4}", now=NOW + timedelta(hours=1)))
    ids = [t.id for t in called]
    assert len(ids) == 30 and len(set(ids)) == 30


def test_workers_never_claim_the_same_job(database: Database) -> None:
    with database.session() as s:
        site = get_site(s, "BD-HN-001")
        kid = get_kiosk(s, site.id, "K01").id
        for i in range(30):
            outbox.enqueue(s, kiosk_id=kid, kind="ticket", payload={"n": i})
    jobs = _drain(lambda: outbox.claim_next(database, kid))
    assert sorted(j.payload["n"] for j in jobs) == list(range(30))


def test_held_sqlite_lock_becomes_busy_error_then_retry_succeeds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine_mod, "SQLITE_BUSY_TIMEOUT_MS", 50)
    path = tmp_path / "locked.db"
    database = Database(f"sqlite:///{path}")
    database.run(lambda s: s.connection().exec_driver_sql("CREATE TABLE t (x INTEGER)"))
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(DatabaseBusy) as err:
            database.run(lambda s: s.connection().exec_driver_sql("INSERT INTO t VALUES (1)"), attempts=2)
        assert err.value.code == "DB-002" and "locked" not in err.value.message
        with pytest.raises(DatabaseUnavailable):
            with database.session() as s:
                s.connection().exec_driver_sql("INSERT INTO t VALUES (1)")
        threading.Timer(0.3, holder.rollback).start()
        database.run(lambda s: s.connection().exec_driver_sql("INSERT INTO t VALUES (2)"))
    finally:
        holder.close()
        database.dispose()
    check = sqlite3.connect(path)
    assert check.execute("SELECT x FROM t").fetchall() == [(2,)]
    check.close()


def test_read_session_does_not_wait_for_a_writer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine_mod, "SQLITE_BUSY_TIMEOUT_MS", 50)
    path = tmp_path / "r.db"
    database = Database(f"sqlite:///{path}")
    database.run(lambda s: s.connection().exec_driver_sql("CREATE TABLE t (x INTEGER)"))
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    try:
        assert database.run(lambda s: s.connection().exec_driver_sql("SELECT count(*) FROM t").scalar(),
                            read_only=True) == 0
    finally:
        holder.close()
        database.dispose()


def test_lost_connection_before_commit_is_retried(database: Database) -> None:
    if database.dialect != "postgresql":
        pytest.skip("server-side connection kill is PostgreSQL only")
    calls = []

    def work(session):  # noqa: ANN001, ANN202
        calls.append(1)
        if len(calls) == 1:
            session.connection().exec_driver_sql("SELECT pg_terminate_backend(pg_backend_pid())")
        return session.connection().exec_driver_sql("SELECT 42").scalar()

    assert database.run(work) == 42 and len(calls) == 2


def test_sqlite_writers_take_turns(sqlite_database: Database) -> None:
    """A console calling in a tight loop does not starve another on the same SQLite file."""
    with sqlite_database.session() as s:
        site = get_site(s, "BD-HN-001")
        queue = q.queue_for_field(s, site.id, "")
        for i in range(60):
            q.issue_ticket(s, site_id=site.id, queue_id=queue.id, now=NOW + timedelta(seconds=i))
    other = Database(sqlite_database.url)
    got: dict[str, int] = {"A": 0, "B": 0}
    start = threading.Barrier(2)

    def console(name: str, db: Database) -> None:
        start.wait()
        while q.call_next(db, queue.id, name, now=NOW + timedelta(hours=1)) is not None:
            got[name] += 1

    threads = [threading.Thread(target=console, args=("A", sqlite_database)),
               threading.Thread(target=console, args=("B", other))]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
    finally:
        other.dispose()
    assert got["A"] + got["B"] == 60
    assert min(got.values()) >= 5, got


def test_postgresql_row_held_too_long_is_busy_not_a_hang(database: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    if database.dialect != "postgresql":
        pytest.skip("lock_timeout is PostgreSQL only")
    with database.session() as s:
        kid = get_kiosk(s, get_site(s, "BD-HN-001").id, "K01").id
        job = outbox.enqueue(s, kiosk_id=kid, kind="test", payload={})
    holder = database.engine.connect()
    try:
        holder.exec_driver_sql(f"SELECT id FROM print_jobs WHERE id = {job} FOR UPDATE")
        with pytest.raises(DatabaseBusy) as err:
            database.run(lambda s: s.connection().exec_driver_sql(
                f"SET LOCAL lock_timeout = 200; UPDATE print_jobs SET attempts = 5 WHERE id = {job}"))
        assert err.value.code == "DB-002"
    finally:
        holder.rollback()
        holder.close()
