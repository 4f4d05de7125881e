"""The board's one door to data: the site and the board's reading, from the shared database."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from db.engine import Database
from db.services.queue_board import BoardState, board_state


@dataclass(frozen=True)
class BoardSource:
    """Where a board reads from: the database, the site, and (optionally) which queues it shows."""

    database: Database
    site_id: int
    site_name: str
    queue_prefixes: tuple[str, ...] = ()

    def read(self) -> BoardState:
        """One reading (blocking: call it from a worker thread)."""
        state = board_state(self.database, self.site_id, last=7)
        if not self.queue_prefixes:
            return state
        ids = [q.queue_id for q in state.queues if q.prefix.upper() in self.queue_prefixes]
        return board_state(self.database, self.site_id, queue_ids=ids, last=7, now=state.read_at)


def open_source(database: Database, site_code: str, prefixes: Iterable[str] = ()) -> BoardSource:
    """The board source of the configured site."""
    from sqlalchemy import select  # noqa: PLC0415

    from db.models import Site  # noqa: PLC0415

    def work(session) -> tuple[int, str]:  # noqa: ANN001
        site = session.scalars(select(Site).where(Site.code == site_code)).first()
        if site is None:
            site = session.scalars(select(Site).order_by(Site.id)).first()
        return site.id, site.name

    site_id, name = database.run(work, read_only=True)
    return BoardSource(database, site_id, name, tuple(p.strip().upper() for p in prefixes if p.strip()))
