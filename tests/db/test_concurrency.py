"""Many processes take numbers at once: no duplicate, no gap, no error (SQLite file and PostgreSQL)."""

from __future__ import annotations

import multiprocessing as mp
import os
from pathlib import Path

import pytest
from sqlalchemy import select

from db.engine import Database
from db.models import Kiosk, Site, Ticket
from db.seed import get_site
from db.services.queue import queue_for_field
from tests.db import _workers as workers

PROCS, TICKETS = 8, 200
DOSSIER_PROCS, DOSSIERS = 4, 40


def _context():  # noqa: ANN202
    """Fresh processes that inherit no connections or threads from pytest.

    ``forkserver`` gives spawn's isolation (children fork from a clean server process that has
    imported only the worker module) without paying the interpreter start-up per child.
    """
    ctx = mp.get_context("forkserver")
    ctx.set_forkserver_preload(["tests.db._workers"])
    return ctx


def _run(target, args: tuple, procs: int) -> tuple[list[str], list[str]]:  # noqa: ANN001
    ctx = _context()
    barrier, out = ctx.Barrier(procs), ctx.Queue()
    children = [ctx.Process(target=target, args=(*args, barrier, out)) for _ in range(procs)]
    for child in children:
        child.start()
    results = [out.get(timeout=300) for _ in children]
    for child in children:
        child.join(30)
    assert [child.exitcode for child in children] == [0] * procs
    return [n for r in results for n in r[0]], [e for r in results for e in r[1]]


def _site_id(database: Database) -> int:
    with database.session() as s:
        return get_site(s, "BD-HN-001").id


@pytest.mark.slow
def test_tickets_from_many_processes(db_url: str) -> None:
    database = Database(db_url)
    site_id = _site_id(database)
    with database.session() as s:
        queue = queue_for_field(s, site_id, "Hộ tịch")
    numbers, errors = _run(workers.issue_tickets, (db_url, site_id, queue.id, TICKETS), PROCS)
    assert errors == []
    total = PROCS * TICKETS
    expected = {f"{queue.prefix}-{i:03d}" for i in range(1, total + 1)}
    assert len(numbers) == total and set(numbers) == expected
    with database.read_session() as s:
        seqs = sorted(s.scalars(select(Ticket.seq).where(Ticket.queue_id == queue.id)))
    assert seqs == list(range(1, total + 1))
    database.dispose()


@pytest.mark.slow
def test_dossier_references_from_many_processes(db_url: str) -> None:
    database = Database(db_url)
    site_id = _site_id(database)
    with database.session() as s:
        unit = s.get(Site, site_id).unit_code
    refs, errors = _run(workers.take_references, (db_url, site_id, DOSSIERS), DOSSIER_PROCS)
    assert errors == []
    total = DOSSIER_PROCS * DOSSIERS
    assert sorted(refs) == [f"{unit}-260302-{i:04d}" for i in range(1, total + 1)]
    database.dispose()


@pytest.mark.pg
def test_two_processes_prepare_a_fresh_postgresql_database(_pg_templates, tmp_path: Path) -> None:  # noqa: ANN001
    if isinstance(_pg_templates, str):
        if os.environ.get("KIOSK_TEST_REQUIRE_PG") == "1":
            pytest.fail(_pg_templates)
        pytest.skip(_pg_templates)
    name = f"kiosk_fresh_{os.getpid()}"
    _pg_templates.drop(name)
    from tests.fixtures.db import _pg_exec

    _pg_exec(_pg_templates.admin_url, f'CREATE DATABASE "{name}"')
    url = _pg_templates.url_for(name)
    try:
        ctx = _context()
        barrier = ctx.Barrier(2)
        procs = [ctx.Process(target=workers.prepare, args=(url, str(tmp_path), barrier)) for _ in range(2)]
        for p in procs:
            p.start()
        for p in procs:
            p.join(120)
        assert [p.exitcode for p in procs] == [0, 0]
        database = Database(url)
        with database.read_session() as s:
            assert len(s.scalars(select(Site)).all()) == 1 and len(s.scalars(select(Kiosk)).all()) == 1
        database.dispose()
    finally:
        _pg_templates.drop(name)
