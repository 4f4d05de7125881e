"""Catalogue queries for the console (run in workers): filtered pages, kiosk-grade search incl. retired."""

from __future__ import annotations

import threading
import weakref
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.catalogue.index import SearchIndex
from db.catalogue.search import CatalogueSearch, Revision, load_entries, revision
from db.catalogue.service import list_procedures
from db.catalogue.views import Page, ProcedureSummary
from db.models import Procedure, ProcedureAlias, ProcedureVersion

SEARCH_LIMIT = 500
_CACHE: weakref.WeakKeyDictionary[Any, AdminSearch] = weakref.WeakKeyDictionary()
_CACHE_LOCK = threading.Lock()


@dataclass(frozen=True)
class CatalogueQuery:
    """What the catalogue table shows.

    Attributes:
        text: Search text (the kiosk's search: diacritics, typos, colloquial names); empty = list all.
        field: Exact lĩnh vực, or empty.
        level: ``trung ương``, ``tỉnh``, ``xã`` or empty.
        postal: True/False (receivable by post) or None for both.
        active: True (in service), False (retired) or None for both.
        offset: First row.
        limit: Page size.
    """

    text: str = ""
    field: str = ""
    level: str = ""
    postal: bool | None = None
    active: bool | None = True
    offset: int = 0
    limit: int = 50


class AdminSearch:
    """The kiosk's search index, but over every procedure (retired ones too), rebuilt when the catalogue changes."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._search: CatalogueSearch | None = None
        self._revision: Revision | None = None

    def get(self, session: Session) -> CatalogueSearch:
        """Return an index that matches the database's current catalogue content."""
        current = revision(session)
        with self._lock:
            if self._search is None or self._revision is None or self._revision.content != current.content:
                index = SearchIndex.build(load_entries(session, include_retired=True))
                self._search, self._revision = CatalogueSearch(index, current), current
            return self._search


def admin_search(database: Any) -> AdminSearch:
    """Return the shared :class:`AdminSearch` of a ``Database``."""
    with _CACHE_LOCK:
        found = _CACHE.get(database)
        if found is None:
            found = _CACHE[database] = AdminSearch()
        return found


def load_page(session: Session, query: CatalogueQuery, search: AdminSearch) -> Page:
    """Return the page of procedures ``query`` asks for (search order when there is text, else by code)."""
    if not query.text.strip():
        return list_procedures(session, field=query.field or None, level=query.level or None,
                               postal=query.postal, active=query.active, offset=query.offset,
                               limit=query.limit)
    hits = search.get(session).search(query.text, limit=SEARCH_LIMIT, field=query.field or None)
    order = {h.procedure_id: i for i, h in enumerate(hits)}
    if not order:
        return Page([], 0, 0, query.limit)
    stmt = (select(Procedure, ProcedureVersion)
            .join(ProcedureVersion, (ProcedureVersion.procedure_id == Procedure.id)
                  & (ProcedureVersion.version_no == Procedure.current_version_no))
            .where(Procedure.id.in_(list(order))))
    if query.level:
        stmt = stmt.where(ProcedureVersion.level == query.level)
    if query.postal is not None:
        stmt = stmt.where(ProcedureVersion.postal_allowed.is_(query.postal))
    if query.active is not None:
        stmt = stmt.where(Procedure.active.is_(query.active))
    rows = sorted(session.execute(stmt).all(), key=lambda r: order[r[0].id])
    page = rows[query.offset:query.offset + query.limit]
    ids = [p.id for p, _v in page]
    counts = dict(session.execute(select(ProcedureAlias.procedure_id, func.count())
                                  .where(ProcedureAlias.procedure_id.in_(ids))
                                  .group_by(ProcedureAlias.procedure_id)).all()) if ids else {}
    items = [ProcedureSummary(p.id, p.code, v.name, v.field, v.level, v.postal_allowed, p.active, v.version_no,
                              p.row_version, p.popularity, int(counts.get(p.id, 0))) for p, v in page]
    return Page(items, len(rows), query.offset, query.limit)
