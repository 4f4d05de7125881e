"""Worker processes for the concurrency tests (kept light: spawned children import only this)."""

from __future__ import annotations

from datetime import datetime, timezone

from db.engine import Database
from db.models import Site
from db.numbering import new_dossier_reference
from db.services.queue import issue_ticket

NOW = datetime(2026, 3, 2, 3, 0, tzinfo=timezone.utc)


def issue_tickets(url: str, site_id: int, queue_id: int, count: int, barrier, out) -> None:  # noqa: ANN001
    """Issue ``count`` tickets, one transaction each; put ``(numbers, errors)`` on ``out``."""
    database = Database(url)
    numbers, errors = [], []
    barrier.wait(120)
    for _ in range(count):
        try:
            issued = database.run(lambda s: issue_ticket(s, site_id=site_id, queue_id=queue_id, now=NOW))
            numbers.append(issued.number)
        except Exception as exc:  # noqa: BLE001 - reported to the parent
            errors.append(f"{type(exc).__name__}: {exc}")
    database.dispose()
    out.put((numbers, errors))


def take_references(url: str, site_id: int, count: int, barrier, out) -> None:  # noqa: ANN001
    """Take ``count`` dossier references, one transaction each; put ``(references, errors)`` on ``out``."""
    database = Database(url)
    refs, errors = [], []
    barrier.wait(120)

    def one(session) -> str:  # noqa: ANN001
        return new_dossier_reference(session, session.get(Site, site_id).unit_code, NOW)[0]

    for _ in range(count):
        try:
            refs.append(database.run(one))
        except Exception as exc:  # noqa: BLE001 - reported to the parent
            errors.append(f"{type(exc).__name__}: {exc}")
    database.dispose()
    out.put((refs, errors))


def prepare(url: str, data_dir: str, barrier) -> None:  # noqa: ANN001
    """Run ``ensure_ready`` on ``url`` once the other process is ready too."""
    from pathlib import Path

    from core.settings import Settings
    from db.migrate import ensure_ready

    barrier.wait(120)
    ensure_ready(url, Settings(data_dir=Path(data_dir)))
