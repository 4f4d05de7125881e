"""``kiosk-admin db upgrade`` on a fresh SQLite file, twice, and on an unreachable server."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from admin_tui.cli import main
from db.migrate import head_revision


def test_db_upgrade_fresh_then_noop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("KIOSK_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("KIOSK_CONFIG", str(tmp_path / "kiosk.toml"))
    (tmp_path / "kiosk.toml").write_text("", encoding="utf-8")
    monkeypatch.delenv("KIOSK_DATABASE_URL", raising=False)
    assert main(["db", "upgrade"]) == 0
    out = capsys.readouterr().out
    assert f"upgraded empty -> {head_revision()}" in out and "1 sites" in out
    assert (tmp_path / "kiosk.db").exists()
    assert main(["db", "upgrade", "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["from"] == summary["to"] == head_revision() and summary["sites"] == 0


def test_db_upgrade_unreachable_server_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["db", "upgrade", "--database-url", "postgresql+psycopg://nobody:secret@127.0.0.1:1/x"])
    err = capsys.readouterr().err
    assert code == 2 and err.startswith("error: [DB-001]") and err.count("\n") == 1
    assert "secret" not in err


def test_db_status_reports_without_changing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'status.db'}"
    assert main(["db", "status", "--database-url", url, "--json"]) == 0
    before = json.loads(capsys.readouterr().out)
    assert before["revision"] == "missing" and before["up_to_date"] is False
    assert not (tmp_path / "status.db").exists()
    assert main(["db", "upgrade", "--database-url", url]) == 0
    capsys.readouterr()
    assert main(["db", "status", "--database-url", url]) == 0
    out = capsys.readouterr().out
    assert "up to date" in out and "sites: 1" in out and "print_jobs_pending: 0" in out


def test_damaged_sqlite_file_is_a_one_line_db_004(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A corrupt or foreign file where the kiosk database should be: a clear error, never a traceback."""
    from sqlalchemy import text

    from db.engine import Database, DatabaseDamaged

    bad = tmp_path / "kiosk.db"
    bad.write_bytes(b"this is not an SQLite database, just some text " * 200)
    url = f"sqlite:///{bad}"
    assert main(["db", "upgrade", "--database-url", url]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: [DB-004]") and err.count("\n") == 1
    database = Database(url)
    try:
        with pytest.raises(DatabaseDamaged):
            database.run(lambda s: s.execute(text("SELECT 1")))
        for transaction in (database.session, database.read_session):
            with pytest.raises(DatabaseDamaged), transaction() as session:
                session.execute(text("SELECT 1"))
    finally:
        database.dispose()


def test_database_folder_that_cannot_be_created_is_db_001(tmp_path: Path) -> None:
    from db.engine import Database, DatabaseUnavailable

    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(DatabaseUnavailable) as err:
        Database(f"sqlite:///{blocker / 'sub' / 'kiosk.db'}")
    assert err.value.code == "DB-001" and "sub" in err.value.message
