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


def test_regenerate_is_stable_and_keeps_later_revisions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    import db.migrate as migrate

    copy = tmp_path / "migrations"
    shutil.copytree(migrate.MIGRATIONS_DIR, copy, ignore=shutil.ignore_patterns("__pycache__"))
    before = {p.name: p.read_bytes() for p in (copy / "versions").glob("*.py")}
    monkeypatch.setattr(migrate, "MIGRATIONS_DIR", copy)
    written = migrate.regenerate()
    after = {p.name: p.read_bytes() for p in (copy / "versions").glob("*.py")}
    assert written.parent == copy / "versions" and written.name.startswith("0001_")
    assert after == before, "the committed 0001 revision is out of date: run `python -m db.migrate regenerate`"


def _copy_migrations(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    import shutil

    import db.migrate as migrate

    copy = tmp_path / "migrations"
    shutil.copytree(migrate.MIGRATIONS_DIR, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(migrate, "MIGRATIONS_DIR", copy)
    return copy


def test_regenerate_after_a_model_change_keeps_0002_on_top(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from alembic.script import ScriptDirectory
    from sqlalchemy import Column, Integer, Table

    import db.migrate as migrate

    copy = _copy_migrations(tmp_path, monkeypatch)
    trigger = (copy / "versions" / "0002_audit_append_only.py").read_bytes()
    probe = Table("zz_regenerate_probe", Base.metadata, Column("id", Integer, primary_key=True))
    try:
        written = migrate.regenerate()
    finally:
        Base.metadata.remove(probe)
    assert "zz_regenerate_probe" in written.read_text(encoding="utf-8")
    assert (copy / "versions" / "0002_audit_append_only.py").read_bytes() == trigger
    assert sorted(p.name for p in (copy / "versions").glob("0*")) == [written.name, "0002_audit_append_only.py"]
    cfg = migrate.alembic_config()
    cfg.set_main_option("script_location", str(copy))
    scripts = ScriptDirectory.from_config(cfg)
    assert scripts.get_heads() == ["0002"] and [r.revision for r in scripts.walk_revisions()] == ["0002", "0001"]
    # The regenerated chain still builds the models' schema plus the triggers on a fresh database.
    url = f"sqlite:///{tmp_path / 'regen.db'}"
    database = Database(url)
    try:
        with database.engine.connect() as conn, conn.begin():
            migrate.command.upgrade(_at(cfg, connection=conn), "head")
            names = {r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type='trigger'")}
            tables = {r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type='table'")}
        assert {"audit_events_no_update", "audit_events_no_delete"} <= names and "zz_regenerate_probe" in tables
    finally:
        database.dispose()


def _at(cfg, connection=None):  # noqa: ANN001, ANN202 - alembic_config stand-in bound to the copied folder
    from alembic.config import Config

    out = Config()
    out.set_main_option("script_location", cfg.get_main_option("script_location"))
    if connection is not None:
        out.attributes["connection"] = connection
    return out


def test_regenerate_that_fails_changes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import db.migrate as migrate

    copy = _copy_migrations(tmp_path, monkeypatch)
    before = {p.name: p.read_bytes() for p in (copy / "versions").iterdir() if p.is_file()}

    def broken(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        raise RuntimeError("autogenerate blew up")

    monkeypatch.setattr(migrate.command, "revision", broken)
    with pytest.raises(RuntimeError):
        migrate.regenerate()
    assert {p.name: p.read_bytes() for p in (copy / "versions").iterdir() if p.is_file()} == before
