"""``kiosk-admin dossiers track REFERENCE [--json]``: a dossier's timeline (courier runs, tracking number, delivery).

It reads a dossier, so it needs a signed-in administrator (``admin_tui.cli.signin``); the look-up is audited
(``dossier.track``). The output holds no personal data: the same timeline the citizen's look-up shows.
"""

from __future__ import annotations

import argparse
import contextlib
import json

from sqlalchemy.orm import Session

from admin_tui.cli import signin
from admin_tui.cli.messages import _
from db.engine import Database
from db.services import audit
from db.services.dossier_lookup import LookupResult, staff_lookup
from db.services.dossiers import DossierError
from db.types import utcnow


def register(subparsers: argparse._SubParsersAction, name: str, help: str) -> None:  # noqa: A002
    """Add ``dossiers track`` to the ``kiosk-admin`` parser."""
    parser = subparsers.add_parser(name, help=help, description=help)
    actions = parser.add_subparsers(dest="dossiers_action", metavar="ACTION", required=True)
    track = actions.add_parser("track", help="print a dossier's timeline (status steps, tracking number, delivery "
                                             "outcome); needs an admin")
    track.add_argument("reference", metavar="REFERENCE", help="dossier code, or its short part (261120-0001)")
    track.add_argument("--json", action="store_true", help="print one JSON object")
    signin.add_signin_options(track)
    track.set_defaults(func=run_track)


def _tracked(args: argparse.Namespace) -> LookupResult | None:
    """Sign the admin in, read the timeline and audit the look-up (one transaction)."""
    _settings, database = signin.open_database(args)
    with contextlib.closing(_Disposer(database)):
        user = signin.require_admin(database, args)

        def work(session: Session) -> LookupResult | None:
            result = staff_lookup(session, args.reference, now=utcnow())
            if result is not None:
                audit.record(session, user=user, action="dossier.track", entity="dossier", entity_id=result.reference)
            return result

        return database.run(work)


class _Disposer:
    """Closes the command's database connections (``contextlib.closing``)."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def close(self) -> None:
        self.database.dispose()


def run_track(args: argparse.Namespace) -> int:
    """Print the timeline; DOS-034 (exit 2) when no single dossier has that code."""
    result = _tracked(args)
    if result is None:
        raise DossierError(_("Không tìm thấy hồ sơ {reference}", reference=args.reference[:80]), code="DOS-034")
    if args.json:
        print(json.dumps(result.as_dict(), ensure_ascii=False))
        return 0
    print(f"{result.reference} · {result.procedure_name}")
    print(f"{_('Tình trạng')}: {result.status_label}")
    if result.tracking_number:
        print(f"{_('Số hiệu bưu gửi')}: {result.tracking_number}")
    for entry in result.timeline:
        at = entry.at.strftime("%d/%m/%Y %H:%M")
        print(f"  {at}  {entry.label}" + (f" — {entry.note}" if entry.note else ""))
    return 0
