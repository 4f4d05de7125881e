"""``kiosk-admin db upgrade|status``: migrate and seed the configured database, or report its state."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from sqlalchemy import func, inspect, select
from sqlalchemy.engine import make_url

from core.settings import load_settings
from db.engine import Database, install_marker
from db.migrate import current_revision, ensure_ready, head_revision
from db.models import Dossier, Kiosk, PrintJob, Procedure, Queue, Site, Ticket


def register(subparsers: argparse._SubParsersAction, name: str, help: str) -> None:  # noqa: A002
    """Add ``db`` with its ``upgrade`` and ``status`` actions to the ``kiosk-admin`` parser."""
    parser = subparsers.add_parser(name, help=help, description=help)
    actions = parser.add_subparsers(dest="db_action", metavar="ACTION", required=True)
    up = actions.add_parser("upgrade", help="migrate the database to the latest schema and seed defaults")
    up.add_argument("--database-url", help="SQLAlchemy URL (default: settings / KIOSK_DATABASE_URL)")
    up.add_argument("--json", action="store_true", help="print the summary as JSON")
    up.set_defaults(func=run_upgrade)
    st = actions.add_parser("status", help="show the schema revision against the software's and the main row counts (changes nothing)")
    st.add_argument("--database-url", help="SQLAlchemy URL (default: settings / KIOSK_DATABASE_URL)")
    st.add_argument("--json", action="store_true", help="print the status as JSON")
    st.set_defaults(func=run_status)


def _safe_url(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


def run_upgrade(args: argparse.Namespace) -> int:
    """Run ``ensure_ready`` on the configured database and print what was done."""
    settings = load_settings(database_url=args.database_url)
    database = Database(settings.database_url)
    try:
        summary = ensure_ready(database, settings)
    finally:
        database.dispose()
    if args.json:
        print(json.dumps({"database": _safe_url(settings.database_url), **summary}, ensure_ascii=False))
        return 0
    print(f"database: {_safe_url(settings.database_url)}")
    if summary["from"] == summary["to"]:
        print(f"schema: already at revision {summary['to']}")
    else:
        print(f"schema: upgraded {summary['from']} -> {summary['to']}")
    added = ", ".join(f"{summary[k]} {k}" for k in ("sites", "kiosks", "procedures", "queues") if summary.get(k))
    print(f"seed: {'added ' + added if added else 'nothing to add'}")
    return 0


def run_status(args: argparse.Namespace) -> int:
    """Print the database's revision against the software's, and how many rows the main tables hold."""
    settings = load_settings(database_url=args.database_url)
    parsed = make_url(settings.database_url)
    if parsed.get_backend_name() == "sqlite" and parsed.database and not Path(parsed.database).exists():
        installed = install_marker(Path(parsed.database)).exists()
        status = {"database": _safe_url(settings.database_url), "revision": "missing", "head": head_revision(),
                  "up_to_date": False, "installed_before": installed}
        text = "is missing: restore it from a backup (DB-005)" if installed else "does not exist yet"
        print(json.dumps(status) if args.json else f"database: {status['database']} {text}")
        return 0
    database = Database(settings.database_url)
    try:
        with database.engine.connect() as conn:
            revision = current_revision(conn)
            tables = set(inspect(conn).get_table_names())
        counts: dict[str, int] = {}
        if revision is not None:
            with database.read_session() as s:
                for label, model in (("sites", Site), ("kiosks", Kiosk), ("procedures", Procedure),
                                     ("queues", Queue), ("tickets", Ticket), ("dossiers", Dossier)):
                    if model.__tablename__ in tables:
                        counts[label] = int(s.scalar(select(func.count()).select_from(model)) or 0)
                counts["print_jobs_pending"] = int(s.scalar(
                    select(func.count()).select_from(PrintJob).where(PrintJob.state.in_(("pending", "sending")))
                ) or 0)
    finally:
        database.dispose()
    status = {"database": _safe_url(settings.database_url), "revision": revision or "empty",
              "head": head_revision(), "up_to_date": revision == head_revision(), **counts}
    if args.json:
        print(json.dumps(status, ensure_ascii=False))
        return 0
    print(f"database: {status['database']}")
    state = "up to date" if status["up_to_date"] else "needs `kiosk-admin db upgrade`"
    print(f"schema: revision {status['revision']} (software {status['head']}): {state}")
    for key, value in counts.items():
        print(f"{key}: {value}")
    return 0
