"""``kiosk-admin``: the admin console, plus scripting subcommands (each in its own module).

Commands that change data or read personal data (``users …``, ``catalogue import``, ``purge``) need a
signed-in administrator: a ``kiosk-admin login`` session or a password (see ``admin_tui.cli.signin``).
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from core.cli import build_parser, run_cli
from core.privacy import private_files
from db.engine import database_error

COMMANDS: dict[str, tuple[str, str]] = {
    "login": ("admin_tui.cli.login_cmd", "sign in as an administrator for 15 minutes on this machine (password "
              "prompted, or --user NAME --password-stdin)"),
    "logout": ("admin_tui.cli.login_cmd", "end this machine's command-line session"),
    "db": ("admin_tui.cli.db_cmd", "database: upgrade (migrate and seed) or status (revision and row counts)"),
    "catalogue": ("admin_tui.cli.catalogue_cmd", "procedure catalogue: import, export, search"),
    "users": ("admin_tui.cli.users_cmd", "user accounts: add, list, passwd (set a password, unlock)"),
    "dossiers": ("admin_tui.cli.dossiers_cmd", "dossiers: track REFERENCE (timeline, tracking number, delivery; "
                 "needs an admin)"),
    "purge": ("admin_tui.cli.purge_cmd", "delete scans and hand-over PDFs past their retention (counts only)"),
    "tui": ("admin_tui.cli.tui_cmd", "run the admin console (the default): upgrade the database, apply retention, open the console"),
}


def parser() -> argparse.ArgumentParser:
    """Build the ``kiosk-admin`` parser with every subcommand of :data:`COMMANDS`."""
    return build_parser("kiosk-admin", "Admin console and scripting tools for the service kiosks.", COMMANDS)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``kiosk-admin``; without a subcommand it runs the console."""
    private_files()  # umask 077 and a tightened data folder, before anything is written

    def default(args: argparse.Namespace) -> int:
        return main(["tui"])

    return run_cli(parser(), argv, default=default, known_errors=database_error)


if __name__ == "__main__":
    raise SystemExit(main())
