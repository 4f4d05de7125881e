"""``kiosk-admin purge``: apply the retention rules to personal files (scans, hand-over PDFs); prints counts only.

It deletes personal files, so it needs a signed-in administrator (``admin_tui.cli.signin``); the console's
start-up purge (:func:`purge_at_start`) runs the same rules before anyone signs in.
"""

from __future__ import annotations

import argparse
import json
import logging

from admin_tui.cli import signin
from core.settings import Settings
from db.engine import Database
from db.services.dossier_purge import PurgeReport, purge_personal_files
from db.types import utcnow

log = logging.getLogger(__name__)


def register(subparsers: argparse._SubParsersAction, name: str, help: str) -> None:  # noqa: A002
    """Add ``purge`` to the ``kiosk-admin`` parser."""
    parser = subparsers.add_parser(name, help=help, description=help)
    parser.add_argument("--json", action="store_true", help="print the counts as JSON")
    signin.add_signin_options(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Purge scans and PDFs of dossiers past their retention, and hand-over PDFs older than the setting."""
    settings, database = signin.open_database(args)
    try:
        signin.require_admin(database, args)
        report = purge_personal_files(database, settings, now=utcnow())
    finally:
        database.dispose()
    if args.json:
        print(json.dumps(report.as_dict()))
    else:
        print(f"dossiers purged: {report.dossiers}")
        print(f"hand-over files removed: {report.handover_files}")
    return 0


def purge_at_start(database: Database, settings: Settings) -> PurgeReport | None:
    """The start-up purge of the console: never stops the console from opening (logs a failure, no names)."""
    try:
        return purge_personal_files(database, settings, now=utcnow())
    except Exception as exc:  # noqa: BLE001 - retention runs again at the next start or by `kiosk-admin purge`
        log.warning("retention purge at start failed: %s", getattr(exc, "code", type(exc).__name__))
        return None
