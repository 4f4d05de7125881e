"""Conversion between procedure records (dicts) and rows: create, version and compare procedures."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from db.catalogue.schema import VERSION_FIELDS
from db.models import AuditEvent, DocumentRequirement, Procedure, ProcedureAlias, ProcedureVersion
from db.types import utcnow


def record_of(proc: Procedure, version: ProcedureVersion, aliases: list[str] | None = None) -> dict[str, Any]:
    """Return the canonical record (schema.FIELDS order) of a procedure at ``version``.

    Args:
        proc: The procedure.
        version: One of its versions (documents loaded or loadable).
        aliases: Alias texts; default: the procedure's aliases in id order.
    """
    if aliases is None:
        aliases = [a.alias for a in sorted(proc.aliases, key=lambda a: a.id or 0)]
    return {
        "code": proc.code,
        "national_code": proc.national_code,
        "active": proc.active,
        "name": version.name,
        "field": version.field,
        "level": version.level,
        "agency": version.agency,
        "online_level": version.online_level,
        "postal_allowed": version.postal_allowed,
        "postal_note": version.postal_note,
        "personal_presence": version.personal_presence,
        "processing_days": version.processing_days,
        "cutoff_time": version.cutoff_time,
        "fee_vnd": version.fee_vnd,
        "fee_text": version.fee_text,
        "channels": dict(version.channels or {}),
        "documents": [
            {"name": d.name, "originals": d.originals, "copies": d.copies, "required": d.required,
             "condition": d.condition}
            for d in version.documents
        ],
        "aliases": list(aliases),
        "result": version.result,
        "note": version.note,
        "sources": list(version.sources or []),
    }


def content_of(record: dict[str, Any]) -> dict[str, Any]:
    """Return the versioned part of a record (what a new version is created for)."""
    return {k: record[k] for k in VERSION_FIELDS}


def new_version(proc: Procedure, record: dict[str, Any], version_no: int, actor: str) -> ProcedureVersion:
    """Build a ProcedureVersion (with documents) from a record; the caller adds it to the session."""
    version = ProcedureVersion(
        procedure=proc,
        version_no=version_no,
        created_by=actor[:80],
        created_at=utcnow(),
        **{k: record[k] for k in VERSION_FIELDS if k != "documents"},
    )
    version.documents = [
        DocumentRequirement(position=i, **doc) for i, doc in enumerate(record["documents"], 1)
    ]
    return version


def create(session: Session, record: dict[str, Any], actor: str, *, popularity: int = 0) -> ProcedureVersion:
    """Insert a new procedure with version 1, its documents and aliases."""
    proc = Procedure(
        code=record["code"], national_code=record["national_code"], active=record["active"],
        current_version_no=1, popularity=popularity, updated_at=utcnow(),
    )
    proc.aliases = [ProcedureAlias(alias=a) for a in record["aliases"]]
    version = new_version(proc, record, 1, actor)
    session.add_all([proc, version])
    return version


def update(session: Session, proc: Procedure, current: ProcedureVersion, record: dict[str, Any],
           actor: str) -> ProcedureVersion | None:
    """Apply ``record`` to an existing procedure; a content change creates a new version.

    Returns:
        The new version, or None when the content did not change (identity/alias changes are
        still applied and bump the procedure's row version).
    """
    before = record_of(proc, current)
    if before == record:
        return None
    created = None
    if content_of(before) != content_of(record):
        created = new_version(proc, record, current.version_no + 1, actor)
        session.add(created)
        proc.current_version_no = created.version_no
    proc.national_code = record["national_code"]
    proc.active = record["active"]
    if before["aliases"] != record["aliases"]:
        _replace_aliases(session, proc, record["aliases"])
    proc.updated_at = utcnow()  # always an UPDATE, so row_version moves and the search index reloads
    session.add(AuditEvent(actor=actor[:120], action="catalogue.save", entity="procedure", entity_id=proc.code,
                           before=_audit_view(before), after=_audit_view(record)))
    return created


def _replace_aliases(session: Session, proc: Procedure, aliases: list[str]) -> None:
    keep = {a.alias: a for a in proc.aliases}
    proc.aliases = [keep.get(a) or ProcedureAlias(alias=a) for a in aliases]
    session.flush()  # delete removed aliases before new ones can collide on (procedure_id, alias)
    # Keep alias order stable: ids decide export order, so re-insert when the order changed.
    if [a.alias for a in sorted(proc.aliases, key=lambda a: a.id)] != aliases:
        proc.aliases = []
        session.flush()
        proc.aliases = [ProcedureAlias(alias=a) for a in aliases]
        session.flush()


def _audit_view(record: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in record.items() if k not in ("documents", "sources")} | {
        "documents": len(record["documents"])}


def load_current(session: Session, code: str) -> tuple[Procedure, ProcedureVersion] | None:
    """Return a procedure and its current version (documents and aliases loaded), or None."""
    proc = session.scalars(
        select(Procedure).where(Procedure.code == code).options(selectinload(Procedure.aliases))
    ).one_or_none()
    if proc is None:
        return None
    version = session.scalars(
        select(ProcedureVersion)
        .where(ProcedureVersion.procedure_id == proc.id, ProcedureVersion.version_no == proc.current_version_no)
        .options(selectinload(ProcedureVersion.documents))
    ).one()
    return proc, version
