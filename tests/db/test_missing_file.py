"""A configured install whose SQLite file was deleted says so (DB-005) instead of starting over empty."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import text

from core.settings import Settings
from db.engine import Database, DatabaseMissing, install_marker
from db.migrate import ensure_ready


def _delete_db(path: Path) -> None:
    for f in path.parent.glob(path.name + "*"):  # kiosk.db, -wal, -shm: what a careless clean-up removes
        f.unlink()


def test_first_start_creates_then_a_deleted_file_is_db_005(tmp_path: Path) -> None:
    path = tmp_path / "data" / "kiosk.db"
    url = f"sqlite:///{path}"
    database = Database(url)  # genuinely first start: folder and file are created
    try:
        assert ensure_ready(database, Settings(data_dir=tmp_path / "data"))["sites"] == 1
    finally:
        database.dispose()
    assert install_marker(path).exists()

    _delete_db(path)
    with pytest.raises(DatabaseMissing) as err:
        Database(url)
    assert err.value.code == "DB-005" and str(path) in err.value.message and not path.exists()

    # Restoring the file (here: an empty start the technician asked for by removing the marker) works again.
    install_marker(path).unlink()
    database = Database(url)
    try:
        assert ensure_ready(database, Settings(data_dir=tmp_path / "data"))["sites"] == 1
    finally:
        database.dispose()


def test_file_deleted_while_running_is_not_recreated(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.db"
    database = Database(f"sqlite:///{path}")
    try:
        ensure_ready(database, Settings(data_dir=tmp_path))
        database.dispose()  # the pooled connections go; the next one must not create an empty file
        _delete_db(path)
        with pytest.raises(DatabaseMissing):
            database.run(lambda s: s.execute(text("SELECT 1")).scalar(), read_only=True)
        assert not path.exists()
    finally:
        database.dispose()


def test_the_cli_reports_db_005_in_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from admin_tui.cli import main

    url = f"sqlite:///{tmp_path / 'kiosk.db'}"
    assert main(["db", "upgrade", "--database-url", url]) == 0
    _delete_db(tmp_path / "kiosk.db")
    capsys.readouterr()
    assert main(["db", "upgrade", "--database-url", url]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: [DB-005]") and err.count("\n") == 1
    assert main(["db", "status", "--database-url", url, "--json"]) == 0
    status = json.loads(capsys.readouterr().out)
    assert status["revision"] == "missing" and status["installed_before"] is True
