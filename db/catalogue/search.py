"""Citizen search over the catalogue: an in-memory index loaded from the database, reloaded when stale."""

from __future__ import annotations

import logging
import threading
import time
import weakref
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.catalogue.index import Entry, SearchHit, SearchIndex
from db.models import Procedure, ProcedureAlias, ProcedureVersion

__all__ = ["CatalogueSearch", "SearchHit", "Revision", "revision"]
log = logging.getLogger(__name__)
_SHARED: weakref.WeakKeyDictionary[Any, CatalogueSearch] = weakref.WeakKeyDictionary()
_SHARED_LOCK = threading.Lock()


@dataclass(frozen=True)
class Revision:
    """A cheap fingerprint of the catalogue: content (edits, imports, retire) and usage counts."""

    count: int
    row_versions: int
    updated_at: str
    popularity: int

    @property
    def content(self) -> tuple[int, int, str]:
        """The part that changes when names, aliases or status change."""
        return self.count, self.row_versions, self.updated_at


def _reader(database: Any) -> Any:
    """The database's read-only session factory when it has one (SQLite: no write lock)."""
    return getattr(database, "read_session", None) or database.session


def revision(session: Session) -> Revision:
    """Read the catalogue revision with one aggregate query."""
    count, versions, updated, popularity = session.execute(
        select(func.count(Procedure.id), func.coalesce(func.sum(Procedure.row_version), 0),
               func.max(Procedure.updated_at), func.coalesce(func.sum(Procedure.popularity), 0))
    ).one()
    return Revision(int(count), int(versions), str(updated or ""), int(popularity))


def load_entries(session: Session, *, include_retired: bool = False) -> list[Entry]:
    """Read what the index needs (current names, fields, aliases, popularity) with two queries."""
    stmt = (
        select(Procedure.id, Procedure.code, Procedure.national_code, Procedure.popularity,
               ProcedureVersion.name, ProcedureVersion.field)
        .join(ProcedureVersion, (ProcedureVersion.procedure_id == Procedure.id)
              & (ProcedureVersion.version_no == Procedure.current_version_no))
        .order_by(Procedure.id)
    )
    if not include_retired:
        stmt = stmt.where(Procedure.active.is_(True))
    aliases: dict[int, list[str]] = defaultdict(list)
    for pid, alias in session.execute(select(ProcedureAlias.procedure_id, ProcedureAlias.alias)
                                      .order_by(ProcedureAlias.id)):
        aliases[pid].append(alias)
    return [Entry(pid, code, name, field, tuple(aliases.get(pid, ())), national, popularity or 0)
            for pid, code, national, popularity, name, field in session.execute(stmt)]


class CatalogueSearch:
    """The search the kiosk and the admin console share.

    Build it once with ``CatalogueSearch.load(session)``; call ``refresh(session)`` before searching
    (one aggregate query) to pick up edits, imports and retirements made by any console.
    Diacritics, case, i/y spelling, typos, word order, run-together words, abbreviations, colloquial
    names and partial words are all handled; odd input never raises.
    """

    REFRESH_INTERVAL_S = 2.0  # how often a database-backed search checks the catalogue revision

    def __init__(self, source: SearchIndex | Any, rev: Revision | None = None) -> None:
        """Wrap a built index, or a ``db.engine.Database`` (loaded now, refreshed automatically).

        Args:
            source: A ``SearchIndex`` or a ``Database``. With a database, ``search`` checks the
                catalogue revision at most every ``REFRESH_INTERVAL_S`` seconds and reloads on change.
            rev: Revision the index was built from (with an index).
        """
        self._lock = threading.Lock()
        self._include_retired = False
        self._rebuilding = False
        self._database = None
        self._checked = 0.0
        if isinstance(source, SearchIndex):
            self._index, self._revision = source, rev
            return
        self._database = source
        with _SHARED_LOCK:
            shared = _SHARED.get(source)
        if shared is not None:  # constructing per call stays cheap: reuse the database's index
            shared._auto_refresh()
            self._index, self._revision, self._checked = shared._index, shared._revision, shared._checked
            return
        with _reader(source)() as session:
            self._revision = revision(session)
            self._index = SearchIndex.build(load_entries(session))
        self._checked = time.monotonic()
        with _SHARED_LOCK:
            _SHARED.setdefault(source, self)

    @classmethod
    def load(cls, session: Session, *, include_retired: bool = False) -> CatalogueSearch:
        """Build the index from the database.

        Args:
            session: Session to read with.
            include_retired: Also find retired procedures (the admin console; kiosks never do).
        """
        rev = revision(session)
        search = cls(SearchIndex.build(load_entries(session, include_retired=include_retired)), rev)
        search._include_retired = include_retired
        return search

    @classmethod
    def shared(cls, database: Any) -> CatalogueSearch:
        """Return one auto-refreshing search per ``Database`` object (cheap to call per keystroke)."""
        with _SHARED_LOCK:
            found = _SHARED.get(database)
        if found is None:
            cls(database)  # registers itself as the database's shared search
            with _SHARED_LOCK:
                found = _SHARED[database]
        return found

    def _auto_refresh(self) -> None:
        if self._database is None or time.monotonic() - self._checked < self.REFRESH_INTERVAL_S:
            return
        self._checked = time.monotonic()
        try:
            with _reader(self._database)() as session:
                current = revision(session)
                old = self._revision
                if old is not None and current.content == old.content:
                    if current != old:
                        self._update_popularity(session, current)
                    return
        except Exception:  # noqa: BLE001 - keep serving the last good index when the DB hiccups
            log.warning("catalogue check failed; serving the previous index", exc_info=True)
            return
        with self._lock:
            if self._rebuilding:
                return
            self._rebuilding = True
        threading.Thread(target=self._rebuild, name="catalogue-index", daemon=True).start()

    def _rebuild(self) -> None:
        """Rebuild from the database in the background; searches keep using the old index meanwhile."""
        try:
            with _reader(self._database)() as session:
                self.refresh(session)
        except Exception:  # noqa: BLE001 - keep serving the last good index when the DB hiccups
            log.warning("catalogue refresh failed; serving the previous index", exc_info=True)
        finally:
            with self._lock:
                self._rebuilding = False

    def _update_popularity(self, session: Session, current: Revision) -> None:
        counts = dict(session.execute(select(Procedure.id, Procedure.popularity)).all())
        with self._lock:
            self._index.set_popularity(counts)
            self._revision = current

    @classmethod
    def from_entries(cls, entries: list[Entry]) -> CatalogueSearch:
        """Build an index without a database (tests, benchmarks)."""
        return cls(SearchIndex.build(entries))

    @property
    def revision(self) -> Revision | None:
        """The catalogue revision the index was built from."""
        return self._revision

    def __len__(self) -> int:
        return len(self._index)

    def is_stale(self, session: Session) -> bool:
        """True when names, aliases or status changed since the index was built."""
        return self._revision is None or revision(session).content != self._revision.content

    def refresh(self, session: Session) -> bool:
        """Reload if the catalogue changed; update usage counts in place if only they changed.

        Returns:
            True when the index was rebuilt.
        """
        current = revision(session)
        old = self._revision
        if old is not None and current == old:
            return False
        if old is not None and current.content == old.content:
            self._update_popularity(session, current)
            return False
        index = SearchIndex.build(load_entries(session, include_retired=self._include_retired))
        with self._lock:
            self._index, self._revision = index, current
        return True

    def search(self, query: object, limit: int = 20, field: str | None = None) -> list[SearchHit]:
        """Return procedures for ``query``, best first.

        Args:
            query: What the citizen typed (any text; no diacritics is the normal case). Empty → the
                most used procedures first.
            limit: Maximum number of hits.
            field: Only procedures of this lĩnh vực (diacritics and case ignored).
        """
        self._auto_refresh()
        try:
            return self._index.search(query, limit=limit, field=field)
        except Exception:  # noqa: BLE001 - a kiosk search box must never crash on input
            log.exception("search failed")
            return []
