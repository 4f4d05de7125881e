"""Seed the shipped procedure catalogue (db/catalogue/data/catalogue.json) into a database."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.catalogue import bulk
from db.catalogue.errors import CatalogueError
from db.catalogue.io import rows_from_json, validate
from db.models import Procedure

SEED_ACTOR = "seed"
#: Starting popularity of the procedures post offices handle most, so an empty search lists them first.
COMMON = (
    "2.000815", "1.001193", "1.004222", "1.004194", "2.000884", "2.000488", "3.000347", "2.000635",
    "1.004873", "2.001195", "1.001456", "DP.DD.001", "DP.DD.002", "DP.BHYT.001", "DP.BHXH.001",
    "1.010914", "1.000894", "1.000656", "1.001612", "1.013225",
)


@lru_cache(maxsize=1)
def shipped_records() -> tuple[dict[str, Any], ...]:
    """Return the validated records of the shipped catalogue (read once per process).

    Raises:
        CatalogueError: The shipped file is invalid (a packaging bug; tests guard against it).
    """
    text = resources.files("db.catalogue").joinpath("data/catalogue.json").read_text(encoding="utf-8")
    records, issues = validate(rows_from_json(text))
    if issues:
        raise CatalogueError("shipped catalogue is invalid: " + "; ".join(map(str, issues[:5])), code="CAT-020")
    return tuple(records)


def seed_catalogue(session: Session) -> int:
    """Insert the shipped procedures that are missing (version 1, documents, aliases).

    Existing procedures are never touched, so admin edits survive and seeding twice changes nothing.

    Args:
        session: Session in the caller's transaction.

    Returns:
        The number of procedures inserted.
    """
    present = set(session.scalars(select(Procedure.code)))
    missing = [r for r in shipped_records() if r["code"] not in present]
    rank = {code: len(COMMON) - i for i, code in enumerate(COMMON)}
    return bulk.insert_records(session, missing, SEED_ACTOR, popularity=rank) if missing else 0
