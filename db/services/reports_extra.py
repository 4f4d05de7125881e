"""Report additions of issue 15: on-time share, results returned by post, finished-late count, per-agent counts (SQL)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from db.models import Dossier, StatusEvent


@dataclass(frozen=True)
class Outcomes:
    """Dossiers whose result was returned in the period: how many, on time, late, by post (shares in %)."""

    returned: int
    on_time: int
    late: int
    by_post: int

    @property
    def on_time_pct(self) -> float:
        """Share returned on time, 0-100 (0 when nothing was returned)."""
        return round(100.0 * self.on_time / self.returned, 1) if self.returned else 0.0

    @property
    def post_pct(self) -> float:
        """Share of returned results sent by post, 0-100."""
        return round(100.0 * self.by_post / self.returned, 1) if self.returned else 0.0


@dataclass(frozen=True)
class AgentCount:
    """Status changes one console user made in the period."""

    actor: str
    changes: int


def outcomes(session: Session, start: datetime, end: datetime, site_id: int | None = None) -> Outcomes:
    """Count returned dossiers in ``[start, end)`` in one aggregate query; late = returned after the due time.

    A dossier without a due time counts as on time (nothing promised).
    """
    late = and_(Dossier.due_at.is_not(None), Dossier.returned_at > Dossier.due_at)
    stmt = select(
        func.count(),
        func.coalesce(func.sum(case((late, 1), else_=0)), 0),
        func.coalesce(func.sum(case((Dossier.return_method == "post", 1), else_=0)), 0),
    ).where(Dossier.returned_at >= start, Dossier.returned_at < end)
    if site_id is not None:
        stmt = stmt.where(Dossier.site_id == site_id)
    total, n_late, post = session.execute(stmt).one()
    return Outcomes(int(total), int(total) - int(n_late), int(n_late), int(post))


def agent_counts(session: Session, start: datetime, end: datetime, site_id: int | None = None) -> list[AgentCount]:
    """Status changes per console user in ``[start, end)``, most first (the kiosk's own events left out)."""
    n = func.count(StatusEvent.id)
    stmt = (select(StatusEvent.actor, n).where(StatusEvent.at >= start, StatusEvent.at < end,
                                               StatusEvent.actor != "", StatusEvent.from_status.is_not(None))
            .group_by(StatusEvent.actor).order_by(n.desc(), StatusEvent.actor))
    if site_id is not None:
        stmt = stmt.join(Dossier, Dossier.id == StatusEvent.dossier_id).where(Dossier.site_id == site_id)
    return [AgentCount(actor, int(c)) for actor, c in session.execute(stmt)]
