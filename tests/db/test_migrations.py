"""Migrations produce exactly the models' schema; ensure_ready is idempotent and concurrency-safe."""

from __future__ import annotations

import multiprocessing as mp
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import func, select

from core.settings import Settings
from db.engine import Database
from db.migrate import ensure_ready, head_revision
from db.models import Base, Kiosk, Queue, Site
from tests.db import _workers as workers


def test_migrated_schema_equals_models(database: Database) -> None:
    with database.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True, "user_module_prefix": "db.types."})
        diff = compare_metadata(ctx, Base.metadata)
    assert diff == []


def _counts(database: Database) -> tuple[int, int, int]:
    with database.read_session() as s:
        return tuple(s.scalar(select(func.count()).select_from(m)) for m in (Site, Kiosk, Queue))  # type: ignore[return-value]


def test_seeding_twice_changes_nothing(database: Database, tmp_path: Path) -> None:
    before = _counts(database)
    summary = ensure_ready(database, Settings(data_dir=tmp_path))
    assert summary["from"] == summary["to"] == head_revision()
    assert summary["sites"] == summary["kiosks"] == summary["queues"] == summary["procedures"] == 0
    assert _counts(database) == before


def test_new_kiosk_code_adds_only_the_kiosk(database: Database, tmp_path: Path) -> None:
    before = _counts(database)
    summary = ensure_ready(database, Settings(data_dir=tmp_path, kiosk_code="K02"))
    assert summary["kiosks"] == 1
    assert _counts(database) == (before[0], before[1] + 1, before[2])


def test_two_processes_prepare_a_fresh_sqlite_file_at_once(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    ctx = mp.get_context("forkserver")
    ctx.set_forkserver_preload(["tests.db._workers"])
    barrier = ctx.Barrier(2)
    procs = [ctx.Process(target=workers.prepare, args=(url, str(tmp_path), barrier)) for _ in range(2)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
    assert [p.exitcode for p in procs] == [0, 0]
    database = Database(url)
    try:
        assert _counts(database)[:2] == (1, 1)
    finally:
        database.dispose()


def test_database_from_a_newer_release_is_refused(database: Database, tmp_path: Path) -> None:
    from sqlalchemy import text

    from db.migrate import DatabaseTooNew

    with database.session() as s:
        s.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(DatabaseTooNew) as err:
        ensure_ready(database, Settings(data_dir=tmp_path))
    assert err.value.code == "DB-003" and "9999" in err.value.message


def _copy_migrations(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    import shutil

    import db.migrate as migrate

    copy = tmp_path / "migrations"
    shutil.copytree(migrate.MIGRATIONS_DIR, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(migrate, "MIGRATIONS_DIR", copy)
    return copy


def test_models_need_no_new_revision(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import db.migrate as migrate

    _copy_migrations(tmp_path, monkeypatch)
    written = migrate.new_revision("nothing")
    source = written.read_text(encoding="utf-8")
    assert "op.create_table" not in source and "op.add_column" not in source and "op.drop" not in source, (
        "db.models changed without a migration: run `python -m db.migrate revision MESSAGE`"
    )


def test_new_revision_after_a_model_change_goes_on_top(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from alembic.script import ScriptDirectory
    from sqlalchemy import Column, Integer, Table

    import db.migrate as migrate

    copy = _copy_migrations(tmp_path, monkeypatch)
    shipped = {p.name: p.read_bytes() for p in (copy / "versions").glob("0*.py")}
    head = migrate.head_revision()
    probe = Table("zz_revision_probe", Base.metadata, Column("id", Integer, primary_key=True))
    try:
        written = migrate.new_revision("probe")
    finally:
        Base.metadata.remove(probe)
    source = written.read_text(encoding="utf-8")
    assert "zz_revision_probe" in source and "sites" not in source
    assert {p.name: p.read_bytes() for p in (copy / "versions").glob("0*.py") if p != written} == shipped
    cfg = migrate.alembic_config()
    cfg.set_main_option("script_location", str(copy))
    scripts = ScriptDirectory.from_config(cfg)
    new_id = f"{int(head) + 1:04d}"
    assert scripts.get_heads() == [new_id] and scripts.get_revision(new_id).down_revision == head
    url = f"sqlite:///{tmp_path / 'chain.db'}"
    database = Database(url)
    try:
        with database.engine.connect() as conn, conn.begin():
            migrate.command.upgrade(_at(cfg, connection=conn), "head")
            names = {r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type='trigger'")}
            tables = {r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type='table'")}
        assert {"audit_events_no_update", "audit_events_no_delete"} <= names
        assert {"zz_revision_probe", "lookup_failures"} <= tables
    finally:
        database.dispose()


def _at(cfg, connection=None):  # noqa: ANN001, ANN202 - alembic_config stand-in bound to the copied folder
    from alembic.config import Config

    out = Config()
    out.set_main_option("script_location", cfg.get_main_option("script_location"))
    if connection is not None:
        out.attributes["connection"] = connection
    return out


def test_new_revision_that_fails_changes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import db.migrate as migrate

    copy = _copy_migrations(tmp_path, monkeypatch)
    before = {p.name: p.read_bytes() for p in (copy / "versions").iterdir() if p.is_file()}

    def broken(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        raise RuntimeError("autogenerate blew up")

    monkeypatch.setattr(migrate.command, "revision", broken)
    with pytest.raises(RuntimeError):
        migrate.new_revision("broken")
    assert {p.name: p.read_bytes() for p in (copy / "versions").iterdir() if p.is_file()} == before


def test_a_database_in_service_upgrades_from_0002_keeping_its_rows(tmp_path: Path) -> None:
    import db.migrate as migrate

    url = f"sqlite:///{tmp_path / 'old.db'}"
    database = Database(url)
    try:
        with database.engine.connect() as conn, conn.begin():
            migrate.command.upgrade(migrate.alembic_config(connection=conn), "0002")
            conn.exec_driver_sql("INSERT INTO sites (code, name, unit_code, address, hotline, opening_days, "
                                 "opening_hours, scan_retention_days, active) VALUES "
                                 "('S1', 'Bưu điện', 'U1', '', '', '1,2,3,4,5', '07:30-11:30', 0, 1)")
        with database.engine.connect() as conn, conn.begin():
            migrate.command.upgrade(migrate.alembic_config(connection=conn), "head")
            row = conn.exec_driver_sql("SELECT name, public_lookup_url, voice_guidance FROM sites").one()
        assert tuple(row) == ("Bưu điện", "", 0)
    finally:
        database.dispose()
