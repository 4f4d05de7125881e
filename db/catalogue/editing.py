"""Catalogue edits: save (new version), retire/restore, colloquial names, site rules; optimistic locking."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from db.catalogue import store
from db.catalogue.errors import CatalogueError, InvalidProcedure, Issue, ProcedureNotFound, StaleEdit
from db.catalogue.messages import _
from db.catalogue.schema import normalise
from db.models import AuditEvent, Procedure, ProcedureVersion, SiteProcedureRule

#: Longest note telling citizens where else to go when a site does not take a procedure.
MAX_REDIRECT_NOTE = 1000


def save_procedure(session: Session, code: str, data: dict[str, Any], expected_row_version: int | None,
                   actor: str) -> ProcedureVersion:
    """Create or edit a procedure; a content change creates a new version, older versions stay as they are.

    Dossiers keep pointing at the version they were received under, so their deadlines never change.

    Args:
        session: Session in the caller's transaction.
        code: Procedure code.
        data: Fields to change (record format, see ``schema.FIELDS``); missing fields keep their values.
        expected_row_version: ``row_version`` the editor opened (None to create a new procedure).
        actor: Who edits (recorded on the version and in the audit trail).

    Returns:
        The current version after the save (the same one when nothing in the content changed).

    Raises:
        StaleEdit: Someone saved the procedure since it was opened.
        InvalidProcedure: The data is invalid (``issues`` names every field).
        ProcedureNotFound: Editing a code that does not exist.
    """
    found = store.load_current(session, code)
    if found is None:
        if expected_row_version is not None:
            raise ProcedureNotFound(_("Không tìm thấy thủ tục {code}", code=code))
        record = _validated(code, {**data, "code": code})
        return store.create(session, record, actor)
    proc, current = found
    if expected_row_version is None:
        raise CatalogueError(_("Thủ tục {code} đã tồn tại", code=code), code="CAT-004")
    _check_version(proc, expected_row_version)
    merged = {**store.record_of(proc, current), **data, "code": code}
    record = _validated(code, merged)
    try:
        created = store.update(session, proc, current, record, actor)
        session.flush()
    except (StaleDataError, IntegrityError):
        raise _stale(proc.code, "?", expected_row_version) from None
    return created or current


def retire_procedure(session: Session, code: str, expected_row_version: int, actor: str) -> None:
    """Take a procedure out of service (kiosks stop offering it; dossiers and versions stay)."""
    save_procedure(session, code, {"active": False}, expected_row_version, actor)


def restore_procedure(session: Session, code: str, expected_row_version: int, actor: str) -> None:
    """Put a retired procedure back in service."""
    save_procedure(session, code, {"active": True}, expected_row_version, actor)


def set_aliases(session: Session, code: str, aliases: list[str], expected_row_version: int, actor: str) -> None:
    """Replace a procedure's colloquial names (no new version: names are not part of a dossier)."""
    save_procedure(session, code, {"aliases": list(aliases)}, expected_row_version, actor)


def add_alias(session: Session, code: str, alias: str, expected_row_version: int, actor: str) -> None:
    """Add one colloquial name (ignored when already present)."""
    proc = _proc(session, code)
    current = [a.alias for a in sorted(proc.aliases, key=lambda a: a.id)]
    set_aliases(session, code, [*current, alias], expected_row_version, actor)


def remove_alias(session: Session, code: str, alias: str, expected_row_version: int, actor: str) -> None:
    """Remove one colloquial name (ignored when absent)."""
    proc = _proc(session, code)
    current = [a.alias for a in sorted(proc.aliases, key=lambda a: a.id)]
    set_aliases(session, code, [a for a in current if a != alias], expected_row_version, actor)


def set_site_rule(session: Session, site_id: int, procedure_id: int, accepted: bool, redirect_note: str,
                  actor: str) -> None:
    """Record whether a site accepts a procedure and where to send citizens otherwise.

    Raises:
        InvalidProcedure: ``redirect_note`` is longer than ``MAX_REDIRECT_NOTE`` (the issue names the field).
    """
    note = redirect_note.strip()
    if len(note) > MAX_REDIRECT_NOTE:
        message = _("Ghi chú về điểm tiếp nhận khác dài quá {n} ký tự", n=MAX_REDIRECT_NOTE)
        raise InvalidProcedure(message, [Issue(0, "redirect_note", message)])
    rule = session.scalars(select(SiteProcedureRule).where(SiteProcedureRule.site_id == site_id,
                                                           SiteProcedureRule.procedure_id == procedure_id)
                           ).one_or_none()
    if rule is None:
        rule = SiteProcedureRule(site_id=site_id, procedure_id=procedure_id)
        session.add(rule)
    rule.accepted = accepted
    rule.redirect_note = note
    session.add(AuditEvent(actor=actor[:120], action="catalogue.site_rule", entity="site_procedure_rule",
                           entity_id=f"{site_id}:{procedure_id}",
                           after={"accepted": accepted, "redirect_note": rule.redirect_note}))
    session.flush()


def _proc(session: Session, code: str) -> Procedure:
    found = store.load_current(session, code)
    if found is None:
        raise ProcedureNotFound(_("Không tìm thấy thủ tục {code}", code=code))
    return found[0]


def _validated(code: str, raw: dict[str, Any]) -> dict[str, Any]:
    record, issues = normalise(raw, 0)
    if record is None:
        raise InvalidProcedure(_("Dữ liệu thủ tục {code} không hợp lệ: {issues}", code=code,
                                 issues="; ".join(f"{i.field}: {i.message}" for i in issues)), issues)
    return record


def _check_version(proc: Procedure, expected: int) -> None:
    if proc.row_version != expected:
        raise _stale(proc.code, proc.row_version, expected)


def _stale(code: str, current: object, expected: int) -> StaleEdit:
    return StaleEdit(_("Thủ tục {code} vừa được người khác sửa (phiên bản {current}, bạn mở phiên bản "
                       "{expected}); hãy tải lại rồi sửa", code=code, current=current, expected=expected))
