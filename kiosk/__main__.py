"""``kiosk`` entry point: parse flags, load settings, build and run the app."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from core.cli import run_cli
from core.privacy import private_files
from core.errors import KioskError


def main(argv: Sequence[str] | None = None) -> int:
    """Run the citizen kiosk; a database or settings problem at start is one coded line on stderr.

    Args:
        argv: Command-line arguments (default ``sys.argv[1:]``).

    Returns:
        The process exit code (2 for a coded error such as DB-001 or CFG-001).
    """
    private_files()  # umask 077 and a tightened data folder, before anything is written
    parser = argparse.ArgumentParser(prog="kiosk", description="Self-service kiosk for public-service points.")
    parser.add_argument("--demo", action="store_true", help="embedded SQLite, virtual printer, sample camera frames")
    parser.add_argument("--config", help="settings file (TOML); default: KIOSK_CONFIG or the user config dir")
    parser.add_argument("--lang", choices=["vi", "en"], help="start language")
    sub = parser.add_subparsers(title="commands", metavar="{serve}")
    serve = sub.add_parser("serve", help="serve the kiosk to the kiosk PC's browser (touch front end)",
                           description="Serve the kiosk page; each page drives one kiosk process.")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8080, help="port (default 8080)")
    serve.add_argument("--allow-remote", action="store_true",
                       help="allow an address other than loopback (other machines could drive the kiosk)")
    serve.add_argument("--font-size", type=int, default=16,
                       help="terminal font size in CSS pixels (default 16: a 1280x800 screen gets the full layout)")
    serve.add_argument("--demo", action="store_true", help="embedded SQLite, virtual printer, sample camera frames")
    serve.add_argument("--config", help="settings file (TOML)")
    serve.add_argument("--lang", choices=["vi", "en"], help="start language")
    serve.set_defaults(func=_serve)
    return run_cli(parser, argv, default=_start, known_errors=_database_error)


def _serve(args: argparse.Namespace) -> int:
    from kiosk.web.serve import serve  # heavy imports only after --help

    return serve(args)


def _start(args: argparse.Namespace) -> int:
    from kiosk.run import run  # heavy imports only after --help

    return run(args)


def _database_error(exc: BaseException) -> KioskError | None:
    from db.engine import database_error

    return database_error(exc)


if __name__ == "__main__":
    raise SystemExit(main())
