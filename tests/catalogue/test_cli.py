"""``kiosk-admin catalogue``: search --json, export, import --dry-run, errors without tracebacks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from admin_tui.cli import main
from db.engine import Database


@pytest.fixture
def cli_db(sqlite_database: Database, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Database:
    monkeypatch.setenv("KIOSK_DATABASE_URL", sqlite_database.url)
    monkeypatch.setenv("KIOSK_DATA_DIR", str(tmp_path / "data"))
    return sqlite_database


def test_search_json(cli_db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["catalogue", "search", "sang ten so do", "--json"]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert hits[0]["code"] == "DP.DD.001"
    assert {"code", "name", "field", "score"} <= set(hits[0])
    assert [h["score"] for h in hits] == sorted((h["score"] for h in hits), reverse=True)


def test_search_odd_input(cli_db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["catalogue", "search", "[b]\x00\u202e" + "x" * 5000, "--json"]) == 0
    assert isinstance(json.loads(capsys.readouterr().out), list)


def test_export_then_dry_run_import(cli_db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "cat.csv"
    assert main(["catalogue", "export", str(out)]) == 0
    capsys.readouterr()
    assert main(["catalogue", "import", str(out), "--dry-run", "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["created"] == 0 and summary["updated"] == 0 and summary["unchanged"] >= 50
    assert summary["errors"] == [] and summary["applied"] is False


def test_import_errors_exit_2_with_row_and_field(cli_db: Database, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"procedures": [{"code": "X.1", "name": "A", "field": "B", "level": "huyện"}]}),
                   encoding="utf-8")
    assert main(["catalogue", "import", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "level" in err and ("row 1" in err or "dòng 1" in err) and "Traceback" not in err


def test_unreadable_file_is_one_line(cli_db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.json"
    bad.write_bytes(b"\xff\xfe{")
    assert main(["catalogue", "import", str(bad)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "CAT-010" in err[0]
