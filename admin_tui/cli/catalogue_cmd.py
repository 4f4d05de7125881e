"""``kiosk-admin catalogue``: import/export the procedure catalogue (JSON/CSV) and search it.

``import`` (not ``--dry-run``) needs a signed-in administrator, who is the one audited; ``export`` and
``search`` read public procedure data only and stay open.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from admin_tui.cli import signin
from admin_tui.cli.messages import _
from db.catalogue.errors import ImportRejected
from db.catalogue.io import apply_import, export_catalogue, preview_import
from db.catalogue.search import CatalogueSearch
from db.engine import Database

MAX_ERRORS_SHOWN = 200


def register(subparsers: argparse._SubParsersAction, name: str, help: str) -> None:  # noqa: A002
    """Add ``catalogue`` with ``import``, ``export`` and ``search`` to the ``kiosk-admin`` parser."""
    parser = subparsers.add_parser(name, help=help, description=help)
    actions = parser.add_subparsers(dest="catalogue_action", metavar="ACTION", required=True)

    imp = actions.add_parser("import", help="import procedures from FILE (.json or .csv), all or nothing; needs an "
                                            "admin (not for --dry-run)")
    imp.add_argument("file", metavar="FILE")
    imp.add_argument("--dry-run", action="store_true", help="validate and show what would change; write nothing")
    imp.add_argument("--actor", default=None,
                     help="deprecated: must be the signed-in admin, who is recorded on new versions and in the audit")
    imp.add_argument("--json", action="store_true", help="print the preview as JSON")
    signin.add_signin_options(imp)
    imp.set_defaults(func=run_import)

    exp = actions.add_parser("export", help="export every procedure to FILE (.json or .csv by extension)")
    exp.add_argument("file", metavar="FILE")
    _database_option(exp)
    exp.set_defaults(func=run_export)

    find = actions.add_parser("search", help="search procedures as the kiosk does")
    find.add_argument("query", metavar="QUERY", nargs="?", default="")
    find.add_argument("--limit", type=int, default=10, help="maximum number of results (default 10)")
    find.add_argument("--field", help="only this lĩnh vực")
    find.add_argument("--json", action="store_true", help="print a JSON list, best first")
    _database_option(find)
    find.set_defaults(func=run_search)


def _database_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--database-url", help="SQLAlchemy URL (default: settings / KIOSK_DATABASE_URL)")


@contextmanager
def _database(args: argparse.Namespace) -> Iterator[Database]:
    _settings, database = signin.open_database(args)
    try:
        yield database
    finally:
        database.dispose()


def run_import(args: argparse.Namespace) -> int:
    """Validate FILE, print the preview, and apply it unless ``--dry-run``; exit 2 on any error."""
    with _database(args) as database:
        actor = None
        if not args.dry_run:
            actor = signin.require_admin(database, args)
            signin.check_actor(args.actor, actor)
        try:
            with database.session() as session:
                if actor is None:
                    preview = preview_import(session, args.file)
                else:
                    preview = apply_import(session, args.file, actor.username)
        except ImportRejected as exc:
            return _print_rejected(exc, args.json)
    if preview.issues:  # dry run with errors
        return _print_rejected(ImportRejected(_("{n} lỗi; chưa nhập gì", n=len(preview.issues)), preview.issues),
                               args.json)
    if args.json:
        print(json.dumps(preview.summary(), ensure_ascii=False))
    else:
        verb = "would import" if args.dry_run else "imported"
        print(f"{verb}: {len(preview.created)} created, {len(preview.updated)} updated, "
              f"{len(preview.unchanged)} unchanged")
    return 0


def _print_rejected(exc: ImportRejected, as_json: bool) -> int:
    if as_json:
        print(json.dumps({"created": 0, "updated": 0, "unchanged": 0, "applied": False,
                          "errors": [i.as_dict() for i in exc.issues]}, ensure_ascii=False))
    for issue in exc.issues[:MAX_ERRORS_SHOWN]:
        print(f"error: {issue}", file=sys.stderr)
    if len(exc.issues) > MAX_ERRORS_SHOWN:
        print("error: " + _("… và {n} lỗi nữa", n=len(exc.issues) - MAX_ERRORS_SHOWN), file=sys.stderr)
    print(f"error: [{exc.code}] " + _("{n} lỗi; chưa nhập gì", n=len(exc.issues)), file=sys.stderr)
    return 2


def run_export(args: argparse.Namespace) -> int:
    """Write the catalogue to FILE."""
    with _database(args) as database, database.read_session() as session:
        count = export_catalogue(session, args.file)
    print(f"exported {count} procedures to {args.file}")
    return 0


def run_search(args: argparse.Namespace) -> int:
    """Print the best matches for QUERY (``--json``: a list of objects with code, name, field, score)."""
    with _database(args) as database, database.read_session() as session:
        hits = CatalogueSearch.load(session).search(args.query, limit=max(1, args.limit), field=args.field)
    if args.json:
        print(json.dumps([h.as_dict() for h in hits], ensure_ascii=False))
        return 0
    for h in hits:
        print(f"{h.score:5.2f}  {h.code:<14} {h.name}  [{h.field}]")
    if not hits:
        print("no match")
    return 0
