"""``kiosk`` entry point: parse flags, load settings, build and run the app."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from core.errors import KioskError


def main(argv: Sequence[str] | None = None) -> int:
    """Run the citizen kiosk.

    Args:
        argv: Command-line arguments (default ``sys.argv[1:]``).
    """
    parser = argparse.ArgumentParser(prog="kiosk", description="Self-service kiosk for public-service points.")
    parser.add_argument("--demo", action="store_true", help="embedded SQLite, virtual printer, sample camera frames")
    parser.add_argument("--config", help="settings file (TOML); default: KIOSK_CONFIG or the user config dir")
    parser.add_argument("--lang", choices=["vi", "en"], help="start language")
    args = parser.parse_args(argv)
    try:
        from kiosk.run import run  # heavy imports only after --help

        return run(args)
    except KioskError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
