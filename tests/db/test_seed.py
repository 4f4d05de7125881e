"""Seeding at every start: a fresh database gets everything, later starts change nothing an admin did."""

from __future__ import annotations

from sqlalchemy import func, select

from core.settings import Settings
from db.engine import Database
from db.migrate import ensure_ready
from db.models import Procedure, Queue, Site
from db.seed import GENERAL_PREFIX, get_site


def _counts(database: Database) -> dict[str, int]:
    with database.read_session() as s:
        return {m.__tablename__: int(s.scalar(select(func.count()).select_from(m))) for m in (Site, Procedure, Queue)}


def test_fresh_database_gets_site_catalogue_and_queues_once(tmp_path) -> None:
    database = Database(f"sqlite:///{tmp_path / 'kiosk.db'}")
    settings = Settings(data_dir=tmp_path)
    try:
        first = ensure_ready(database, settings)
        assert first["sites"] == 1 and first["procedures"] > 0 and first["queues"] > 1
        before = _counts(database)
        again = ensure_ready(database, settings)
        assert (again["sites"], again["kiosks"], again["procedures"], again["queues"]) == (0, 0, 0, 0)
        assert _counts(database) == before
    finally:
        database.dispose()


def test_a_queue_the_admin_deleted_stays_deleted(database: Database) -> None:
    with database.session() as s:
        site = get_site(s, "BD-HN-001")
        queues = list(s.scalars(select(Queue).where(Queue.site_id == site.id)))
        gone = [q for q in queues if q.prefix != GENERAL_PREFIX][0]
        prefix = gone.prefix
        s.delete(gone)
    before = _counts(database)
    summary = ensure_ready(database, Settings(database_url=database.url))
    assert summary["queues"] == 0 and _counts(database) == before
    with database.read_session() as s:
        assert s.scalars(select(Queue).where(Queue.prefix == prefix)).first() is None


def test_a_new_site_code_gets_its_own_queues(database: Database) -> None:
    summary = ensure_ready(database, Settings(database_url=database.url, site_code="BD-HN-002"))
    assert summary["sites"] == 1 and summary["queues"] > 1 and summary["procedures"] == 0
    with database.read_session() as s:
        site = get_site(s, "BD-HN-002")
        prefixes = set(s.scalars(select(Queue.prefix).where(Queue.site_id == site.id)))
    assert GENERAL_PREFIX in prefixes


def test_a_fresh_site_prints_no_placeholder_hotline(tmp_path) -> None:
    """Receipts must not carry a made-up number ("1900 0000"): no hotline until an admin sets the real one."""
    database = Database(f"sqlite:///{tmp_path / 'kiosk.db'}")
    try:
        ensure_ready(database, Settings(data_dir=tmp_path))
        with database.read_session() as s:
            assert [site.hotline for site in s.scalars(select(Site))] == [""]
    finally:
        database.dispose()
