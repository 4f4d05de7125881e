"""The process ``test_kill9_submit`` kills: a kiosk submitting dossiers in a loop, as the kiosk does.

Each round is what one citizen does at the kiosk: the consent step writes a consent row, the
document step writes a page under ``scans_dir/s-<random>/doc-1/``, the review submits through
``kiosk.submission.submit``. Progress goes to a line-buffered log (``consent N``, ``page N FOLDER``,
``saved N DOSSIER``) so the test knows where each ``kill -9`` landed. Imported by the forkserver
before the children fork, so a child starts in milliseconds.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import db.services.dossiers  # noqa: F401 - imported here so that children start warm
import db.services.feedback  # noqa: F401
import devices.idcard  # noqa: F401
import kiosk.screens.consent  # noqa: F401
import kiosk.state  # noqa: F401
from db.engine import Database
from kiosk.submission import submit
from tests.faults.support import checklist, citizen_session, kiosk_context, record_consent, scan_page


def submit_loop(url: str, data_dir: str, log_path: str, ready: Any) -> None:
    """Submit dossiers until killed (the forkserver child's target)."""
    database = Database(url)
    ctx = kiosk_context(database, Path(data_dir))
    documents = checklist(database)
    with open(log_path, "a", buffering=1, encoding="utf-8") as log:
        ready.set()
        while True:
            consent = record_consent(ctx)
            log.write(f"consent {consent}\n")
            page = scan_page(ctx.settings.scans_dir)
            log.write(f"page {consent} {page.parent.parent}\n")
            summary = submit(ctx, citizen_session(consent, documents, page))
            log.write(f"saved {consent} {summary.dossier_id}\n")
