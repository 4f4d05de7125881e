"""Every command that opens the database reports DB-001/DB-004 in one line, and the help names what exists."""

from __future__ import annotations

import argparse
import io
import random
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from admin_tui.cli import main as admin_main
from admin_tui.cli import parser as admin_parser
from db.catalogue.io import dumps_json
from db.catalogue.seed import shipped_records
from kiosk.__main__ import main as kiosk_main

PASSWORD = "correct horse 1"
# A closed port (connection refused at once) and a password that must never be echoed.
SERVER_DOWN = "postgresql+psycopg://postgres:secret-pw@127.0.0.1:1/x"

# Every command that touches the database -> (entry point, argv; "{work}" is a scratch folder).
# Keyed by the parser path ("users add"); "" is bare `kiosk-admin` (runs the console), "kiosk" the kiosk app.
COMMANDS: dict[str, tuple[Callable[[list[str]], int], list[str]]] = {
    "": (admin_main, []),
    "login": (admin_main, ["login", "--user", "quan.tri", "--password-stdin"]),
    "db upgrade": (admin_main, ["db", "upgrade", "--json"]),
    "db status": (admin_main, ["db", "status", "--json"]),
    "catalogue import": (admin_main, ["catalogue", "import", "{work}/in.json"]),
    "catalogue export": (admin_main, ["catalogue", "export", "{work}/out.json"]),
    "catalogue search": (admin_main, ["catalogue", "search", "khai sinh", "--json"]),
    "users add": (admin_main, ["users", "add", "le.thi.hoa", "--role", "agent", "--full-name", "Lê Thị Hoa"]),
    "users list": (admin_main, ["users", "list", "--json"]),
    "users passwd": (admin_main, ["users", "passwd", "le.thi.hoa"]),
    "purge": (admin_main, ["purge", "--json"]),
    "dossiers track": (admin_main, ["dossiers", "track", "000.00.16.H36-261120-0001", "--json"]),
    "tui": (admin_main, ["tui"]),
    "kiosk": (kiosk_main, []),
}
#: Commands that never open the database before doing their job (``logout`` deletes the session file first).
NO_DATABASE = {"logout"}


def _random_bytes(path: Path) -> None:
    path.write_bytes(random.Random(8).randbytes(8192))


def _text(path: Path) -> None:
    path.write_text("Danh sách hồ sơ — không phải cơ sở dữ liệu\n" * 100, encoding="utf-8")


def _damaged_sqlite(path: Path) -> None:
    """A real SQLite file whose pages after the 100-byte header were overwritten."""
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("CREATE TABLE t (x TEXT)")
        conn.executemany("INSERT INTO t VALUES (?)", [("x" * 100,)] * 200)
    conn.close()
    data = path.read_bytes()
    path.write_bytes(data[:100] + random.Random(8).randbytes(len(data) - 100))


BAD_FILES: dict[str, Callable[[Path], None]] = {
    "random-bytes": _random_bytes, "text": _text, "damaged-sqlite": _damaged_sqlite,
}
# source -> the code every command must report
SOURCES = {"server-down": "DB-001", **{name: "DB-004" for name in BAD_FILES}}


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, tuple[str, argparse.ArgumentParser]]:
    """The parser's subcommands: name -> (help line, sub-parser); empty for a leaf command."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {choice.dest: choice.help or "" for choice in action._choices_actions}
            return {name: (helps[name], sub) for name, sub in action.choices.items()}
    return {}


def _leaves(parser: argparse.ArgumentParser, prefix: str = "") -> list[str]:
    """Every runnable command path of ``parser``, e.g. ``["db upgrade", "db status", "purge"]``."""
    found = []
    for name, (_help, sub) in _subcommands(parser).items():
        path = f"{prefix} {name}".strip()
        found.extend(_leaves(sub, path) if _subcommands(sub) else [path])
    return found


def test_every_command_has_a_database_error_case() -> None:
    """A new ``kiosk-admin`` subcommand fails here until it is added to :data:`COMMANDS` above."""
    assert set(COMMANDS) | NO_DATABASE == {"", "kiosk", *_leaves(admin_parser())}


@pytest.mark.parametrize("source", SOURCES)
@pytest.mark.parametrize("command", COMMANDS)
def test_database_errors_are_one_coded_line(command: str, source: str, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    work, folder = tmp_path / "work", tmp_path / "db"
    work.mkdir()
    folder.mkdir()
    (work / "in.json").write_text(dumps_json(shipped_records()[:1]), encoding="utf-8")
    (work / "kiosk.toml").write_text("", encoding="utf-8")
    if source == "server-down":
        url = SERVER_DOWN
    else:
        BAD_FILES[source](folder / "kiosk.db")
        url = f"sqlite:///{folder / 'kiosk.db'}"
    bad_file = folder / "kiosk.db"
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in (*folder.iterdir(), *work.iterdir())}
    monkeypatch.setenv("KIOSK_CONFIG", str(work / "kiosk.toml"))
    monkeypatch.setenv("KIOSK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("KIOSK_DATABASE_URL", url)
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{PASSWORD}\n"))  # users add/passwd read it (not a TTY)
    entry, argv = COMMANDS[command]

    code = entry([arg.replace("{work}", str(work)) for arg in argv])

    out, err = capsys.readouterr()
    assert code == 2, err
    assert err.startswith(f"error: [{SOURCES[source]}] ") and err.count("\n") == 1, err
    assert out == ""  # nothing half-done was reported
    for private in ("Traceback", "secret-pw", PASSWORD, "le.thi.hoa", "Lê Thị Hoa", "sqlite3", "psycopg"):
        assert private not in err
    after = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in (*folder.iterdir(), *work.iterdir())}
    assert after == before  # the broken file lost nothing; no -wal, marker or export file appeared
    assert source == "server-down" or bad_file.exists()


def test_top_level_help_lists_every_subcommand(capsys: pytest.CaptureFixture[str]) -> None:
    parser = admin_parser()
    with pytest.raises(SystemExit) as exited:
        admin_main(["--help"])
    assert exited.value.code == 0
    text = " ".join(capsys.readouterr().out.split())  # argparse wraps long help lines
    commands = _subcommands(parser)
    assert commands, "kiosk-admin has no subcommands?"
    for name, (help_line, _sub) in commands.items():
        assert f"{name} {' '.join(help_line.split())}" in text


def test_group_help_names_each_of_its_actions() -> None:
    """``users: add`` while users also has list and passwd was stale: a group's help line names every action."""
    groups = {name: (help_line, sub) for name, (help_line, sub) in _subcommands(admin_parser()).items()
              if _subcommands(sub)}
    assert {"db", "catalogue", "users"} <= set(groups)
    for name, (help_line, sub) in groups.items():
        for action, (action_help, _leaf) in _subcommands(sub).items():
            assert action in help_line, f"`kiosk-admin {name}` help does not mention {action!r}"
            assert action_help, f"`kiosk-admin {name} {action}` has no help"
            assert sub.description == help_line
