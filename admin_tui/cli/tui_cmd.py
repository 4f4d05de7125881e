"""``kiosk-admin`` / ``kiosk-admin tui``: prepare the database and run the admin console."""

from __future__ import annotations

import argparse

from core.i18n import set_language
from core.settings import load_settings
from db.engine import Database
from db.migrate import ensure_ready


def register(subparsers: argparse._SubParsersAction, name: str, help: str) -> None:  # noqa: A002
    """Add ``tui`` to the ``kiosk-admin`` parser."""
    parser = subparsers.add_parser(name, help=help, description=help)
    parser.add_argument("--database-url", help="SQLAlchemy URL (default: settings / KIOSK_DATABASE_URL)")
    parser.add_argument("--language", choices=("vi", "en"), help="console language (default: settings)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run ``ensure_ready`` then the console until it exits."""
    settings = load_settings(database_url=getattr(args, "database_url", None),
                             language=getattr(args, "language", None))
    set_language(settings.language)  # before the UI modules are imported: key labels are translated then

    from admin_tui.app import make_admin_app
    from admin_tui.cli.purge_cmd import purge_at_start

    database = Database(settings.database_url)
    try:
        ensure_ready(database, settings)
        purge_at_start(database, settings)  # personal files past their retention go before anyone signs in
        make_admin_app(settings, database=database).run()
    finally:
        database.dispose()
    return 0
