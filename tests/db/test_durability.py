"""SQLite durability and identity (issue 11): FULL sync, private files, a deleted or replaced file stops every
write with DB-005, and numbering never restarts below a number already issued (high-water file)."""

from __future__ import annotations

import json
import os
import shutil
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from core.settings import Settings
from db.engine import Database, DatabaseMissing, install_marker
from db.migrate import ensure_ready
from db.models import Counter, Dossier
from db.numbering import HIGH_WATER_DAYS, HighWater, high_water_file, next_value
from db.services.dossiers import submit_dossier
from tests.dossiers.conftest import make_draft, place, vn  # noqa: F401 - fixtures used by name

DAY = date(2026, 3, 2)
only_sqlite = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


def _db_file(database: Database) -> Path:
    return Path(database.engine.url.database)


def _delete_db(path: Path) -> None:
    for f in path.parent.glob(path.name + "*"):  # kiosk.db, -wal, -shm
        f.unlink()


@only_sqlite
def test_sqlite_commits_are_synchronous_full(database: Database) -> None:
    with database.read_session() as s:
        assert s.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL


def test_database_folder_and_files_are_private_even_under_a_loose_umask(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        path = tmp_path / "data" / "kiosk.db"
        database = Database(f"sqlite:///{path}")
        try:
            ensure_ready(database, Settings(data_dir=tmp_path / "data"))
            with database.session() as s:  # a write: the -wal file exists now
                next_value(s, "ticket", "1:HT", DAY)
            files = [p for p in path.parent.iterdir() if p.name.startswith(("kiosk.db", ".kiosk.db"))]
            assert {p.name for p in files} >= {"kiosk.db", "kiosk.db-wal", "kiosk.db-shm", ".kiosk.db.numbers"}
        finally:
            database.dispose()
    finally:
        os.umask(old)
    assert (path.parent.stat().st_mode & 0o777) == 0o700
    # Files created under umask 022 by SQLite itself are narrowed on the next open.
    Database(f"sqlite:///{path}").run(lambda s: s.execute(text("SELECT 1")).scalar())
    for p in path.parent.iterdir():
        if p.name.startswith(("kiosk.db", ".kiosk.db")) and not p.name.endswith(".lock"):
            assert p.stat().st_mode & 0o077 == 0, p.name


@only_sqlite
def test_database_deleted_while_running_refuses_the_next_submit_with_db_005(database: Database, make_draft) -> None:
    first = submit_dossier(database, make_draft(), now=vn(2026, 11, 19, 10))
    assert first.reference.endswith("-0001")
    path = _db_file(database)
    _delete_db(path)  # the pooled connection still has the deleted file open and could write into it
    with pytest.raises(DatabaseMissing) as err:
        submit_dossier(database, make_draft(), now=vn(2026, 11, 19, 10, 5))
    assert err.value.code == "DB-005" and "thay bằng tệp khác" in err.value.message
    with pytest.raises(DatabaseMissing):
        database.run(lambda s: s.execute(text("SELECT 1")).scalar(), read_only=True)
    assert not path.exists()  # not re-created empty either


@only_sqlite
def test_database_replaced_while_running_is_db_005_too(database: Database, make_draft, tmp_path: Path) -> None:
    path = _db_file(database)
    database.run(lambda s: s.execute(text("SELECT 1")).scalar())  # the file is opened and noted
    copy = tmp_path / "older-copy.db"
    shutil.copyfile(path, copy)
    os.replace(copy, path)  # "restored" from a copy under the running process: another file
    with pytest.raises(DatabaseMissing) as err:
        submit_dossier(database, make_draft(), now=vn(2026, 11, 19, 10))
    assert err.value.code == "DB-005"
    fresh = Database(f"sqlite:///{path}")  # a restart opens the restored file normally
    try:
        assert fresh.run(lambda s: s.scalar(select(func.count(Dossier.id))), read_only=True) == 0
    finally:
        fresh.dispose()


@only_sqlite
def test_numbering_continues_above_numbers_issued_by_a_deleted_database(database: Database, make_draft) -> None:
    refs = [submit_dossier(database, make_draft(), now=vn(2026, 11, 19, 10 + i)).reference for i in range(3)]
    assert [r[-4:] for r in refs] == ["0001", "0002", "0003"]
    path = _db_file(database)
    database.dispose()
    _delete_db(path)
    install_marker(path).unlink(missing_ok=True)  # what DB-005 tells a technician to do to start empty
    assert high_water_file(path).exists()

    fresh = Database(f"sqlite:///{path}")
    try:
        ensure_ready(fresh, Settings(data_dir=path.parent))
        with fresh.session() as s:
            unit_scope = s.scalars(select(Counter.scope).where(Counter.kind == "dossier")).all()
        assert unit_scope == []  # a genuinely empty database...
        with fresh.session() as s:
            value = next_value(s, "dossier", refs[0].rsplit("-", 2)[0], date(2026, 11, 19))
        assert value == 4  # ...still does not issue 0001-0003 of that day again
        with fresh.session() as s:
            assert next_value(s, "dossier", refs[0].rsplit("-", 2)[0], date(2026, 11, 19)) == 5
            assert next_value(s, "dossier", refs[0].rsplit("-", 2)[0], date(2026, 11, 20)) == 1  # another day
    finally:
        fresh.dispose()


@only_sqlite
def test_a_rolled_back_number_does_not_move_the_high_water_mark(database: Database) -> None:
    with pytest.raises(RuntimeError):
        with database.session() as s:
            assert next_value(s, "ticket", "x", DAY) == 1
            raise RuntimeError("dossier failed")
    assert HighWater(high_water_file(_db_file(database))).floor(f"ticket|x|{DAY}") == 0
    with database.session() as s:
        assert next_value(s, "ticket", "x", DAY) == 1  # reused: no gap
    assert HighWater(high_water_file(_db_file(database))).floor(f"ticket|x|{DAY}") == 1


@only_sqlite
def test_an_unreadable_high_water_file_is_rewritten(database: Database, caplog: pytest.LogCaptureFixture) -> None:
    marks = high_water_file(_db_file(database))
    marks.write_text("{ not json")
    with database.session() as s:
        assert next_value(s, "ticket", "x", DAY) == 1
    assert "NUM-011" in caplog.text
    assert json.loads(marks.read_text())["high"] == {f"ticket|x|{DAY}": 1}


def test_high_water_marks_only_rise_and_old_days_are_dropped(tmp_path: Path) -> None:
    marks = HighWater(tmp_path / ".kiosk.db.numbers")
    marks.record({"ticket|1:HT|2026-01-01": 5})
    marks.record({"ticket|1:HT|2026-01-01": 3, "ticket|1:CT|2026-01-01": 2})
    assert marks.marks() == {"ticket|1:HT|2026-01-01": 5, "ticket|1:CT|2026-01-01": 2}
    later = date(2026, 1, 1).toordinal() + HIGH_WATER_DAYS + 1
    marks.record({f"ticket|1:HT|{date.fromordinal(later)}": 1})
    assert list(marks.marks()) == [f"ticket|1:HT|{date.fromordinal(later)}"]
    assert (marks.path.stat().st_mode & 0o077) == 0
