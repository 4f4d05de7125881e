"""Today's queues of a site with their ticket counts, and the site a console works for (read-only)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import Site, Ticket
from db.numbering import business_day
from db.seed import get_site
from db.services.site_admin import QueueRow, list_queue_rows


@dataclass(frozen=True)
class QueueCounts:
    """A queue with today's ticket counts."""

    queue: QueueRow
    waiting: int
    called: int
    served: int


def console_site_id(session: Session, site_code: str) -> int | None:
    """The site this console works for: ``settings.site_code``, else the first site."""
    site = get_site(session, site_code) or session.scalars(select(Site).order_by(Site.id)).first()
    return site.id if site else None


def queue_overview(session: Session, site_id: int, now: datetime) -> list[QueueCounts]:
    """Active queues of a site, general first, with waiting / called (or serving) / finished counts today."""
    day = business_day(now)
    counts: dict[tuple[int, str], int] = {
        (q, s): n for q, s, n in session.execute(
            select(Ticket.queue_id, Ticket.state, func.count())
            .where(Ticket.site_id == site_id, Ticket.business_day == day)
            .group_by(Ticket.queue_id, Ticket.state))
    }
    out = []
    for q in list_queue_rows(session, site_id):
        if not q.active:
            continue
        waiting = counts.get((q.id, "waiting"), 0)
        called = counts.get((q.id, "called"), 0) + counts.get((q.id, "serving"), 0)
        served = counts.get((q.id, "done"), 0) + counts.get((q.id, "no_show"), 0)
        out.append(QueueCounts(q, waiting, called, served))
    return out
