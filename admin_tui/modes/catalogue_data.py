"""Catalogue queries for the console (run in workers): filtered pages, kiosk-grade search incl. retired."""

from __future__ import annotations

import threading
import weakref
from dataclasses import dataclass
from typing import Any

from db.catalogue.search import CatalogueSearch
from db.catalogue.service import list_procedures, procedures_in_order
from db.catalogue.views import Page

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

    def get(self, session: Any) -> CatalogueSearch:
        """Return an index that matches the database's current catalogue content (``CatalogueSearch.refresh``)."""
        with self._lock:
            if self._search is None:
                self._search = CatalogueSearch.load(session, include_retired=True)
            else:
                self._search.refresh(session)
            return self._search


def admin_search(database: Any) -> AdminSearch:
    """Return the shared :class:`AdminSearch` of a ``Database``."""
    with _CACHE_LOCK:
        found = _CACHE.get(database)
        if found is None:
            found = _CACHE[database] = AdminSearch()
        return found


def load_page(session: Any, query: CatalogueQuery, search: AdminSearch) -> Page:
    """Return the page of procedures ``query`` asks for (search order when there is text, else by code)."""
    if not query.text.strip():
        return list_procedures(session, field=query.field or None, level=query.level or None,
                               postal=query.postal, active=query.active, offset=query.offset,
                               limit=query.limit)
    hits = search.get(session).search(query.text, limit=SEARCH_LIMIT, field=query.field or None)
    ranked = list(dict.fromkeys(h.procedure_id for h in hits))
    return procedures_in_order(session, ranked, level=query.level or None, postal=query.postal,
                               active=query.active, offset=query.offset, limit=query.limit)
