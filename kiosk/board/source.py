"""The board's one door to data: the site and the board's reading, from the shared database."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from db.engine import Database
from db.services.queue_board import BoardState, board_site, board_state


@dataclass(frozen=True)
class BoardSource:
    """Where a board reads from: the database, the site, and (optionally) which queues it shows."""

    database: Database
    site_id: int
    site_name: str
    queue_prefixes: tuple[str, ...] = ()

    def read(self) -> BoardState:
        """One reading (blocking: call it from a worker thread)."""
        return board_state(self.database, self.site_id, prefixes=self.queue_prefixes, last=7)


def open_source(database: Database, site_code: str, prefixes: Iterable[str] = ()) -> BoardSource:
    """The board source of the configured site."""
    site_id, name = board_site(database, site_code)
    return BoardSource(database, site_id, name, tuple(p.strip().upper() for p in prefixes if p.strip()))
