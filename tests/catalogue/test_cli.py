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


def _search_json(capsys: pytest.CaptureFixture[str], query: str) -> list[dict]:
    assert main(["catalogue", "search", query, "--json"]) == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 1  # one JSON line, nothing else
    return json.loads(out)


def test_search_odd_input(cli_db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    clean = _search_json(capsys, "sang ten so do")
    assert clean[0]["code"] == "DP.DD.001" and clean[0]["confident"] is True
    # NUL, right-to-left override, zero-width space and a tab inside the words change nothing
    assert _search_json(capsys, "\x00sang\u202e ten\x00 so\u200b\tdo\u202e") == clean
    # Text the catalogue does not hold, behind control characters and 5000 characters long: no hit
    assert _search_json(capsys, "\x00\u202e" + "x" * 5000) == []
    assert main(["catalogue", "search", "\x00\u202e" + "x" * 5000]) == 0
    assert capsys.readouterr().out == "no match\n"
    # Markup is not interpreted: "[b]" is searched as the letter b ("bằng B"), so the same junk behind it
    # gives what "b xxx…" gives, and only as a suggestion, never as the answer.
    marked = _search_json(capsys, "[b]\x00\u202e" + "x" * 5000)
    assert marked == _search_json(capsys, "b " + "x" * 5000)
    assert all(h["confident"] is False for h in marked)


def test_export_then_dry_run_import(cli_db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "cat.csv"
    assert main(["catalogue", "export", str(out)]) == 0
    capsys.readouterr()
    assert main(["catalogue", "import", str(out), "--dry-run", "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["created"] == 0 and summary["updated"] == 0 and summary["unchanged"] >= 50
    assert summary["errors"] == [] and summary["applied"] is False


def test_import_errors_exit_2_with_row_and_field(cli_db: Database, tmp_path: Path, cli_login,  # noqa: ANN001
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    cli_login(cli_db.url)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"procedures": [{"code": "X.1", "name": "A", "field": "B", "level": "huyện"}]}),
                   encoding="utf-8")
    assert main(["catalogue", "import", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "level" in err and ("row 1" in err or "dòng 1" in err) and "Traceback" not in err


def test_unreadable_file_is_one_line(cli_db: Database, tmp_path: Path, cli_login,  # noqa: ANN001
                                     capsys: pytest.CaptureFixture[str]) -> None:
    cli_login(cli_db.url)
    bad = tmp_path / "bad.json"
    bad.write_bytes(b"\xff\xfe{")
    assert main(["catalogue", "import", str(bad)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "CAT-010" in err[0]
