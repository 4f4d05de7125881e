"""Shared helpers for catalogue tests: an index over the shipped catalogue without a database."""

from __future__ import annotations

import pytest

from db.catalogue.index import Entry
from db.catalogue.search import CatalogueSearch
from db.catalogue.seed import COMMON, shipped_records


def shipped_entries() -> list[Entry]:
    """Index entries for the shipped catalogue, with the seed's starting popularity."""
    rank = {code: len(COMMON) - i for i, code in enumerate(COMMON)}
    return [Entry(i, r["code"], r["name"], r["field"], tuple(r["aliases"]), r["national_code"],
                  rank.get(r["code"], 0)) for i, r in enumerate(shipped_records(), 1)]


@pytest.fixture(scope="session")
def shipped_search() -> CatalogueSearch:
    """A search index over the shipped catalogue (no database)."""
    return CatalogueSearch.from_entries(shipped_entries())
