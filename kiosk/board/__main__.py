"""``kiosk-board``: run the calling display in this terminal, or ``kiosk-board serve`` it to a TV's browser."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import time
from pathlib import Path

from core.cli import run_cli
from core.errors import KioskError


def parse_hours(text: str | None) -> tuple[time, time] | None:
    """``"11:30-13:30"`` → (11:30, 13:30); empty → None.

    Raises:
        KioskError: BRD-001 for anything else.
    """
    if not text:
        return None
    try:
        start, end = (time.fromisoformat(part.strip()) for part in text.split("-", 1))
    except ValueError as exc:
        raise KioskError(f"--mute-hours {text!r}: expected HH:MM-HH:MM, e.g. 11:30-13:30", code="BRD-001") from exc
    return start, end


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--demo", action="store_true", help="the embedded demo database")
    parser.add_argument("--config", help="settings file (TOML)")
    parser.add_argument("--queues", default="", help="only these queue prefixes, e.g. HT,TN (default: all)")
    parser.add_argument("--mute-hours", default="", help="no announcements in this local window, e.g. 11:30-13:30")
    parser.add_argument("--no-voice", action="store_true", help="show calls without saying them")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the board (exit 2 with one coded line for a settings or database problem)."""
    parser = argparse.ArgumentParser(prog="kiosk-board", description="Public calling display with voice.")
    _common(parser)
    sub = parser.add_subparsers(title="commands", metavar="{serve}")
    serve = sub.add_parser("serve", help="serve the board to a TV's browser (like kiosk serve)")
    _common(serve)
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8081)
    serve.add_argument("--allow-remote", action="store_true", help="allow a TV on the network to open it")
    serve.add_argument("--font-size", type=int, default=28, help="font size in CSS pixels (default 28)")
    serve.set_defaults(func=_serve)
    return run_cli(parser, argv, default=_run, known_errors=_database_error)


def _run(args: argparse.Namespace) -> int:
    from core.settings import load_settings
    from db.engine import Database
    from kiosk import services
    from kiosk.board.app import make_board
    from kiosk.board.source import open_source

    mute = parse_hours(args.mute_hours)
    settings = load_settings(Path(args.config) if args.config else None, demo=True if args.demo else None)
    database = Database(settings.database_url)
    services.ensure_database(database, settings)
    source = open_source(database, settings.site_code, args.queues.split(","))
    app = make_board(source, voice=not args.no_voice, speech_dir=Path(settings.data_dir) / "speech",
                     mute_hours=mute)
    app.run()
    database.dispose()
    return app.return_code or 0


def _serve(args: argparse.Namespace) -> int:
    from kiosk.web.serve import serve

    parse_hours(args.mute_hours)  # a bad window is refused before anything starts
    command = [sys.executable, "-m", "kiosk.board"]
    if args.demo:
        command.append("--demo")
    if args.config:
        command += ["--config", str(Path(args.config).resolve())]
    for flag, value in (("--queues", args.queues), ("--mute-hours", args.mute_hours)):
        if value:
            command += [flag, value]
    if args.no_voice:
        command.append("--no-voice")
    args.lang = None
    return serve(args, command=command)


def _database_error(exc: BaseException) -> KioskError | None:
    from db.engine import database_error

    return database_error(exc)


if __name__ == "__main__":
    raise SystemExit(main())
