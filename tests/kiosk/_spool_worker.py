"""A print worker in a child process, for the kill tests (kept light: forkserver children import only this)."""

from __future__ import annotations

import os
import time
from pathlib import Path

TICKET = {"queue_name": "Tư pháp", "counter_group": "Quầy 1", "site_name": "Điểm thử",
          "issued_at": "2026-11-20T09:00:00+07:00", "people_ahead": 0, "priority_reason": ""}


def ticket_payload(number: str) -> dict:
    """A ticket whose QR (``VE|T|2026-11-20|<number>``) names it in the printer's bytes."""
    return {**TICKET, "number": number, "qr": f"VE|T|2026-11-20|{number}"}


def kiosk_ids(database, code: str = "K01") -> tuple[int, int]:  # noqa: ANN001
    """``(site_id, kiosk_id)`` of kiosk ``code`` at the seeded site (the row is made if missing)."""
    from db.models import Kiosk
    from db.seed import get_kiosk, get_site

    with database.session() as s:
        site = get_site(s, "BD-HN-001")
        kiosk = get_kiosk(s, site.id, code)
        if kiosk is None:
            kiosk = Kiosk(site_id=site.id, code=code, name=code)
            s.add(kiosk)
            s.flush()
        return site.id, kiosk.id


def make_ctx(url: str, site_id: int, kiosk_id: int, printer_url: str, data_dir: str, database=None):  # noqa: ANN001, ANN201
    """A kiosk context for a print worker without an app."""
    from core.settings import Settings
    from db.engine import Database
    from kiosk.context import KioskContext

    settings = Settings(data_dir=Path(data_dir), database_url=url)
    return KioskContext(settings=settings, database=database or Database(url), site_id=site_id, kiosk_id=kiosk_id,
                        printer_url=printer_url, jobs_dir=str(Path(data_dir) / "print-jobs"))


def spool(url: str, site_id: int, kiosk_id: int, instance_id: str, printer_url: str, data_dir: str,
          ready, die_before_done: bool = False, seconds: float = 60.0) -> None:  # noqa: ANN001
    """Run a print worker as install ``instance_id`` until killed (or ``seconds`` passed).

    With ``die_before_done`` the process ends abruptly (``os._exit``) right after the printer took a job
    and before the outbox records it: the moment a kill -9 or a power cut would hit.
    """
    from db.services import outbox
    from kiosk.printing import PrintSpooler

    if die_before_done:
        outbox.mark_done = lambda *args, **kwargs: os._exit(9)  # type: ignore[assignment]
    ctx = make_ctx(url, site_id, kiosk_id, printer_url, data_dir)
    spooler = PrintSpooler(ctx, retry_interval_s=0.02, instance_id=instance_id)
    ready.set()
    end = time.monotonic() + seconds
    spooler.run(lambda: time.monotonic() > end)
