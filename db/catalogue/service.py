"""Catalogue service: read procedures and fields, list pages for the console, site rules, popularity.

Edits (save, retire, restore, aliases) live in ``db.catalogue.editing`` and are re-exported here.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, func, select, update
from sqlalchemy.orm import Session, selectinload

from core.text import fold
from db.catalogue import store
from db.catalogue.editing import (
    add_alias,
    remove_alias,
    restore_procedure,
    retire_procedure,
    save_procedure,
    set_aliases,
    set_site_rule,
)
from db.catalogue.errors import ProcedureNotFound
from db.catalogue.messages import _
from db.catalogue.views import DocumentView, Page, ProcedureDetail, ProcedureSummary, SiteRule, VersionInfo
from db.models import Dossier, Procedure, ProcedureAlias, ProcedureVersion, SiteProcedureRule

__all__ = [
    "get_procedure", "get_procedure_by_id", "list_fields", "list_procedures", "version_history", "site_rule",
    "bump_popularity", "save_procedure", "retire_procedure", "restore_procedure", "set_aliases", "add_alias",
    "remove_alias", "set_site_rule",
]
MAX_PAGE = 500


def detail(proc: Procedure, version: ProcedureVersion) -> ProcedureDetail:
    """Build the read-only view of ``proc`` at ``version``."""
    record = store.record_of(proc, version)
    docs = [DocumentView(d.id, d.position, d.name, d.originals, d.copies, d.required, d.condition)
            for d in version.documents]
    plain = {k: v for k, v in record.items() if k not in ("documents", "code", "national_code", "active")}
    return ProcedureDetail(
        id=proc.id, code=proc.code, national_code=proc.national_code, active=proc.active,
        popularity=proc.popularity, row_version=proc.row_version, version_id=version.id,
        version_no=version.version_no, current_version_no=proc.current_version_no, documents=docs,
        created_at=version.created_at, created_by=version.created_by, record=record, **plain,
    )


def get_procedure(session: Session, code: str, version_no: int | None = None) -> ProcedureDetail:
    """Return a procedure at its current version (or ``version_no``), with documents and aliases.

    Raises:
        ProcedureNotFound: No procedure (or version) with that code.
    """
    proc = session.scalars(
        select(Procedure).where(Procedure.code == code).options(selectinload(Procedure.aliases))
    ).one_or_none()
    if proc is None:
        raise ProcedureNotFound(_("Không tìm thấy thủ tục {code}", code=code))
    return _at_version(session, proc, version_no)


def get_procedure_by_id(session: Session, procedure_id: int, version_no: int | None = None) -> ProcedureDetail:
    """Like ``get_procedure`` but by database id (search hits carry it)."""
    proc = session.get(Procedure, procedure_id, options=[selectinload(Procedure.aliases)])
    if proc is None:
        raise ProcedureNotFound(_("Không tìm thấy thủ tục {code}", code=f"#{procedure_id}"))
    return _at_version(session, proc, version_no)


def _at_version(session: Session, proc: Procedure, version_no: int | None) -> ProcedureDetail:
    version = session.scalars(
        select(ProcedureVersion)
        .where(ProcedureVersion.procedure_id == proc.id,
               ProcedureVersion.version_no == (version_no or proc.current_version_no))
        .options(selectinload(ProcedureVersion.documents))
    ).one_or_none()
    if version is None:
        raise ProcedureNotFound(_("Không tìm thấy thủ tục {code}", code=f"{proc.code} v{version_no}"))
    return detail(proc, version)


def _current() -> Select[Any]:
    return select(Procedure, ProcedureVersion).join(
        ProcedureVersion, (ProcedureVersion.procedure_id == Procedure.id)
        & (ProcedureVersion.version_no == Procedure.current_version_no))


def list_fields(session: Session, *, active_only: bool = True) -> list[tuple[str, int]]:
    """Return ``(field, number of procedures)`` pairs, ordered by field name."""
    stmt = (select(ProcedureVersion.field, func.count())
            .join(Procedure, (ProcedureVersion.procedure_id == Procedure.id)
                  & (ProcedureVersion.version_no == Procedure.current_version_no))
            .group_by(ProcedureVersion.field))
    if active_only:
        stmt = stmt.where(Procedure.active.is_(True))
    rows = [(f, int(n)) for f, n in session.execute(stmt)]
    return sorted(rows, key=lambda r: fold(r[0]))


def list_procedures(session: Session, *, field: str | None = None, level: str | None = None,
                    postal: bool | None = None, active: bool | None = True, text: str | None = None,
                    offset: int = 0, limit: int = 50, order: str = "code") -> Page:
    """Return one page of procedures for the admin console, filtered in the database.

    Args:
        field: Exact lĩnh vực.
        level: ``trung ương``, ``tỉnh`` or ``xã``.
        postal: Only procedures that can (True) or cannot (False) be received by post.
        active: True = in service, False = retired, None = both.
        text: Substring of the code or the official name (case-sensitive in SQLite for non-ASCII;
            use ``CatalogueSearch`` for citizen-grade matching).
        offset: Rows to skip.
        limit: Page size (at most 500).
        order: ``code``, ``name`` or ``popularity``.
    """
    base = _filtered(_current(), field=field, level=level, postal=postal, active=active)
    if text:
        needle = text.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        like = f"%{needle}%"
        base = base.where(Procedure.code.ilike(like, escape="\\") | ProcedureVersion.name.ilike(like, escape="\\"))
    total = session.scalar(select(func.count()).select_from(base.with_only_columns(Procedure.id).subquery()))
    ordering = {"name": (ProcedureVersion.name, Procedure.code),
                "popularity": (Procedure.popularity.desc(), Procedure.code)}.get(order, (Procedure.code,))
    limit = max(1, min(limit, MAX_PAGE))
    rows = session.execute(base.order_by(*ordering).offset(max(0, offset)).limit(limit)).all()
    return Page(_summaries(session, rows), int(total or 0), max(0, offset), limit)


def procedures_in_order(session: Session, ordered_ids: list[int], *, level: str | None = None,
                        postal: bool | None = None, active: bool | None = True, offset: int = 0,
                        limit: int = 50) -> Page:
    """One page of the procedures ``ordered_ids`` (a search's ranking), kept in that order and filtered."""
    if not ordered_ids:
        return Page([], 0, 0, limit)
    rank = {pid: i for i, pid in enumerate(ordered_ids)}
    base = _filtered(_current(), level=level, postal=postal, active=active).where(Procedure.id.in_(ordered_ids))
    rows = sorted(session.execute(base).all(), key=lambda r: rank[r[0].id])
    return Page(_summaries(session, rows[offset:offset + limit]), len(rows), offset, limit)


def _filtered(base: Select, *, field: str | None = None, level: str | None = None, postal: bool | None = None,
              active: bool | None = None) -> Select:
    """``base`` narrowed to a field, a level, postal or not, in service or retired."""
    if field:
        base = base.where(ProcedureVersion.field == field)
    if level:
        base = base.where(ProcedureVersion.level == level)
    if postal is not None:
        base = base.where(ProcedureVersion.postal_allowed.is_(postal))
    if active is not None:
        base = base.where(Procedure.active.is_(active))
    return base


def _summaries(session: Session, rows: list[Any]) -> list[ProcedureSummary]:
    """Table rows for ``(Procedure, ProcedureVersion)`` pairs, with each procedure's alias count."""
    ids = [p.id for p, _v in rows]
    counts = dict(session.execute(select(ProcedureAlias.procedure_id, func.count())
                                  .where(ProcedureAlias.procedure_id.in_(ids))
                                  .group_by(ProcedureAlias.procedure_id)).all()) if ids else {}
    return [ProcedureSummary(p.id, p.code, v.name, v.field, v.level, v.postal_allowed, p.active, v.version_no,
                             p.row_version, p.popularity, int(counts.get(p.id, 0))) for p, v in rows]


def version_history(session: Session, code: str) -> list[VersionInfo]:
    """Return every version of a procedure, newest first, with how many dossiers use each.

    Raises:
        ProcedureNotFound: Unknown code.
    """
    proc = session.scalars(select(Procedure).where(Procedure.code == code)).one_or_none()
    if proc is None:
        raise ProcedureNotFound(_("Không tìm thấy thủ tục {code}", code=code))
    used = dict(session.execute(
        select(Dossier.procedure_version_id, func.count())
        .join(ProcedureVersion, ProcedureVersion.id == Dossier.procedure_version_id)
        .where(ProcedureVersion.procedure_id == proc.id)
        .group_by(Dossier.procedure_version_id)).all())
    versions = session.scalars(select(ProcedureVersion).where(ProcedureVersion.procedure_id == proc.id)
                               .order_by(ProcedureVersion.version_no.desc()))
    return [VersionInfo(v.id, v.version_no, v.name, v.created_at, v.created_by,
                        v.version_no == proc.current_version_no, int(used.get(v.id, 0))) for v in versions]


def site_rule(session: Session, site_id: int, procedure_id: int) -> SiteRule:
    """Say whether a site accepts a procedure and, if not, where to go instead.

    Sites accept every procedure unless a rule says otherwise.
    """
    rule = session.scalars(select(SiteProcedureRule).where(SiteProcedureRule.site_id == site_id,
                                                           SiteProcedureRule.procedure_id == procedure_id)
                           ).one_or_none()
    if rule is None:
        return SiteRule(site_id, procedure_id, True, "", False)
    return SiteRule(site_id, procedure_id, rule.accepted, rule.redirect_note, True)


def bump_popularity(session: Session, procedure_id: int, by: int = 1) -> None:
    """Count one more use of a procedure (one atomic UPDATE; does not touch the edit row version)."""
    session.execute(
        update(Procedure).where(Procedure.id == procedure_id)
        .values(popularity=Procedure.popularity + by, updated_at=Procedure.updated_at)
        .execution_options(synchronize_session=False)
    )
