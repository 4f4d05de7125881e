"""Set-based reads and inserts of whole catalogues (10,000 procedures: preview, export, import, seed)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from db.catalogue.schema import FIELDS, VERSION_FIELDS
from db.models import DocumentRequirement, Procedure, ProcedureAlias, ProcedureVersion
from db.types import utcnow

CHUNK = 500
_SCALARS = [f for f in VERSION_FIELDS if f != "documents"]


def _chunks(items: list[Any]) -> Iterable[list[Any]]:
    for i in range(0, len(items), CHUNK):
        yield items[i:i + CHUNK]


def load_records(session: Session, codes: list[str] | None = None) -> dict[str, dict[str, Any]]:
    """Return canonical records (current versions) keyed by code, with three set-based queries per chunk.

    Args:
        session: Session.
        codes: Only these codes (None = every procedure, ordered by code).
    """
    stmt = (
        select(Procedure.id, Procedure.code, Procedure.national_code, Procedure.active, ProcedureVersion.id,
               *[getattr(ProcedureVersion, f) for f in _SCALARS])
        .join(ProcedureVersion, (ProcedureVersion.procedure_id == Procedure.id)
              & (ProcedureVersion.version_no == Procedure.current_version_no))
        .order_by(Procedure.code)
    )
    batches = [None] if codes is None else list(_chunks(codes))
    out: dict[str, dict[str, Any]] = {}
    for batch in batches:
        rows = session.execute(stmt if batch is None else stmt.where(Procedure.code.in_(batch))).all()
        if not rows:
            continue
        by_version: dict[int, dict[str, Any]] = {}
        by_proc: dict[int, dict[str, Any]] = {}
        for row in rows:
            pid, code, national, active, vid, *values = row
            record = {"code": code, "national_code": national, "active": active, **dict(zip(_SCALARS, values))}
            record["channels"] = dict(record["channels"] or {})
            record["sources"] = list(record["sources"] or [])
            record["documents"], record["aliases"] = [], []
            by_version[vid], by_proc[pid] = record, record
            out[code] = record
        _attach(session, by_version, by_proc, whole=batch is None)
    return {code: {k: record[k] for k in FIELDS} for code, record in out.items()}


def _attach(session: Session, by_version: dict[int, dict[str, Any]], by_proc: dict[int, dict[str, Any]],
            *, whole: bool) -> None:
    docs = select(DocumentRequirement.version_id, DocumentRequirement.name, DocumentRequirement.originals,
                  DocumentRequirement.copies, DocumentRequirement.required, DocumentRequirement.condition
                  ).order_by(DocumentRequirement.version_id, DocumentRequirement.position)
    aliases = select(ProcedureAlias.procedure_id, ProcedureAlias.alias).order_by(ProcedureAlias.id)
    if not whole:
        docs = docs.where(DocumentRequirement.version_id.in_(list(by_version)))
        aliases = aliases.where(ProcedureAlias.procedure_id.in_(list(by_proc)))
    for vid, name, originals, copies, required, condition in session.execute(docs):
        if vid in by_version:
            by_version[vid]["documents"].append({"name": name, "originals": originals, "copies": copies,
                                                 "required": required, "condition": condition})
    for pid, alias in session.execute(aliases):
        if pid in by_proc:
            by_proc[pid]["aliases"].append(alias)


def insert_records(session: Session, records: list[dict[str, Any]], actor: str,
                   popularity: dict[str, int] | None = None) -> int:
    """Insert new procedures (version 1, documents, aliases) with bulk statements; returns the count."""
    popularity = popularity or {}
    now = utcnow()
    for batch in _chunks(records):
        ids = dict(session.execute(
            insert(Procedure).returning(Procedure.code, Procedure.id, sort_by_parameter_order=True),
            [{"code": r["code"], "national_code": r["national_code"], "active": r["active"], "current_version_no": 1,
              "popularity": popularity.get(r["code"], 0), "row_version": 1, "updated_at": now} for r in batch],
        ).all())
        version_ids = session.execute(
            insert(ProcedureVersion).returning(ProcedureVersion.id, sort_by_parameter_order=True),
            [{"procedure_id": ids[r["code"]], "version_no": 1, "created_by": actor[:80], "created_at": now,
              **{f: r[f] for f in _SCALARS}} for r in batch],
        ).scalars().all()
        docs = [{"version_id": vid, "position": i, **doc}
                for vid, r in zip(version_ids, batch) for i, doc in enumerate(r["documents"], 1)]
        aliases = [{"procedure_id": ids[r["code"]], "alias": a} for r in batch for a in r["aliases"]]
        if docs:
            session.execute(insert(DocumentRequirement), docs)
        if aliases:
            session.execute(insert(ProcedureAlias), aliases)
    return len(records)

