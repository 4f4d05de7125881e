"""``kiosk`` entry point: parse flags, load settings, build and run the app."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from core.cli import run_cli
from core.errors import KioskError


def main(argv: Sequence[str] | None = None) -> int:
    """Run the citizen kiosk; a database or settings problem at start is one coded line on stderr.

    Args:
        argv: Command-line arguments (default ``sys.argv[1:]``).

    Returns:
        The process exit code (2 for a coded error such as DB-001 or CFG-001).
    """
    parser = argparse.ArgumentParser(prog="kiosk", description="Self-service kiosk for public-service points.")
    parser.add_argument("--demo", action="store_true", help="embedded SQLite, virtual printer, sample camera frames")
    parser.add_argument("--config", help="settings file (TOML); default: KIOSK_CONFIG or the user config dir")
    parser.add_argument("--lang", choices=["vi", "en"], help="start language")
    return run_cli(parser, argv, default=_start, known_errors=_database_error)


def _start(args: argparse.Namespace) -> int:
    from kiosk.run import run  # heavy imports only after --help

    return run(args)


def _database_error(exc: BaseException) -> KioskError | None:
    from db.engine import database_error

    return database_error(exc)


if __name__ == "__main__":
    raise SystemExit(main())
