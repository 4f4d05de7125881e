"""Start the kiosk: settings, database, demo devices, then the Textual app."""

from __future__ import annotations

import argparse
import logging
import logging.handlers
import shutil
import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from core.privacy import tighten_data_dir
from core.settings import Settings, load_settings
from db.engine import Database
from db.services.dossier_purge import purge_at_start

if TYPE_CHECKING:
    from kiosk.identity import KioskInstance


def demo_printer_url(settings: Settings) -> str:
    """Start the bundled virtual printer in this process (demo) and return its loopback URL."""
    from devices import virtual_printer

    return str(virtual_printer.shared(settings.jobs_dir).url)


def purge_scans(settings: Settings, database: Database) -> int:
    """Delete scan folders that no dossier refers to (left by a crash mid-session); return how many.

    Nothing of one citizen survives into the next run; pages of submitted dossiers are kept until the
    dossier team's hand-over purge.
    """
    from sqlalchemy import select

    from db.models import DossierDocument

    root = Path(settings.scans_dir)
    if not root.is_dir():
        return 0
    base = root.resolve()
    with database.session() as s:
        paths = s.scalars(select(DossierDocument.scan_path).where(DossierDocument.scan_path.is_not(None))).all()
    # The top-level folders under the scans root that hold a kept path: one set, so the clean-up is linear
    # in folders + kept paths (it compared every folder with every path: 11.5 s at 1,000 × 2,000).
    keep: set[Path] = set()
    for text in paths:
        kept = Path(text).resolve()
        if kept == base:
            return 0  # a dossier points at the root itself: delete nothing
        if base in kept.parents:
            keep.add(base / kept.relative_to(base).parts[0])
    removed = 0
    for folder in root.iterdir():
        if not folder.is_dir():
            continue
        if folder.resolve() in keep:
            continue
        shutil.rmtree(folder, ignore_errors=True)
        removed += 1
    return removed


def run(args: argparse.Namespace) -> int:
    """Run the ``kiosk`` command.

    Args:
        args: Parsed flags: ``demo``, ``config``, ``lang``.

    Returns:
        The process exit code.
    """
    from kiosk import services

    settings = load_settings(
        Path(args.config) if getattr(args, "config", None) else None,
        demo=True if getattr(args, "demo", False) else None,
        language=getattr(args, "lang", None),
    )
    tighten_data_dir(settings.data_dir)  # a --config data folder too (main() already set umask 077)
    setup_logging(settings)
    database = Database(settings.database_url)
    services.ensure_database(database, settings)
    # Before anything touches the data folder or the outbox: a second live process of this kiosk stops here.
    instance = claim_instance(settings, database)
    try:
        purge_scans(settings, database)
        purge_at_start(database, settings, now=datetime.now(timezone.utc))  # retention: scans, receipts, images
        printer_url = settings.printer_url
        if settings.demo or printer_url.startswith("virtual://"):
            printer_url = demo_printer_url(settings)

        from kiosk.app import make_app

        app = make_app(settings, database=database, printer_url=printer_url)
        app.ctx.instance_id = instance.instance_id  # print jobs are claimed under this install's id
        app.run()
    finally:
        instance.close()
    database.dispose()
    code = app.return_code or 0
    if code:
        # The screen said "out of service"; the supervisor needs a failing exit code to restart the kiosk.
        print(f"error: [GEN-500] the kiosk stopped after an unexpected error (details: {log_file(settings)})",
              file=sys.stderr)
    return code


def claim_instance(settings: Settings, database: Database) -> KioskInstance:
    """Register this process as the install running the configured kiosk and keep its lease renewed.

    Raises:
        kiosk.identity.KioskTaken: KIO-060, another live install uses this kiosk code.
        kiosk.identity.AlreadyRunning: KIO-061, this install runs already (same data folder).
        kiosk.identity.IdentityError: KIO-062, the identity file is damaged or cannot be written.
    """
    from core.i18n import set_language
    from kiosk import identity, services

    set_language(settings.language)  # the refusal is one line in the kiosk's language
    _site_id, kiosk_id = services.resolve_ids(database, settings.site_code, settings.kiosk_code)
    return identity.claim(settings.data_dir, database, kiosk_id, kiosk_code=settings.kiosk_code).start_renewing()


def log_file(settings: Settings) -> Path:
    """Where the kiosk writes its log (no personal data goes there)."""
    return Path(settings.data_dir) / "logs" / "kiosk.log"


def setup_logging(settings: Settings) -> None:
    """Send warnings and errors to a rotating file in ``data_dir/logs`` (the terminal belongs to the app)."""
    path = log_file(settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(path, maxBytes=2_000_000, backupCount=3, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
