"""``kiosk-admin``: the admin console, plus scripting subcommands (each in its own module)."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from core.cli import build_parser, run_cli

COMMANDS: dict[str, tuple[str, str]] = {
    "db": ("admin_tui.cli.db_cmd", "database maintenance (upgrade)"),
    "catalogue": ("admin_tui.cli.catalogue_cmd", "procedure catalogue: import, export, search"),
    "users": ("admin_tui.cli.users_cmd", "user accounts: add"),
    "purge": ("admin_tui.cli.purge_cmd", "delete scans and hand-over PDFs past their retention (counts only)"),
    "tui": ("admin_tui.cli.tui_cmd", "run the admin console (default)"),
}


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``kiosk-admin``; without a subcommand it runs the console."""
    parser = build_parser("kiosk-admin", "Admin console and scripting tools for the service kiosks.", COMMANDS)

    def default(args: argparse.Namespace) -> int:
        return main(["tui"])

    return run_cli(parser, argv, default=default)


if __name__ == "__main__":
    raise SystemExit(main())
