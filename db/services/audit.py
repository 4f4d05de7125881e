"""Append-only audit trail: record who changed what (before/after), list and filter it; never edit it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from core.errors import KioskError
from core.i18n import register_catalogue, translator
from db.models import AuditEvent
from db.numbering import VN_TZ
from db.types import utcnow

_ = translator("db")
register_catalogue("db", {
    "Nhật ký kiểm toán chỉ được ghi thêm; không thể sửa hoặc xoá": "The audit log is append-only; it cannot be edited or deleted",
    "Khoảng ngày không hợp lệ": "Invalid date range",
})

MAX_PAGE = 500
SYSTEM_ACTOR = "system"
_MAX_JSON_CHARS = 20_000


class AuditError(KioskError):
    """An audit operation was refused."""

    code = "AUD-001"


class AuditImmutable(AuditError):
    """Something tried to change or delete an audit event (the log is append-only)."""

    code = "AUD-002"


@dataclass(frozen=True)
class AuditView:
    """One audit event as the console shows it.

    Attributes:
        id: Event id (increasing).
        at: When (UTC, timezone-aware).
        user_id: Acting user's id, when a console user acted.
        actor: Who (username, ``cli``, ``system``, ``kiosk:K01``...).
        action: What, e.g. ``catalogue.save``, ``user.add``.
        entity: Kind of thing changed, e.g. ``procedure``, ``user``.
        entity_id: Which one (code, username, id).
        before: State before the change (None for creations).
        after: State after the change (None for deletions).
    """

    id: int
    at: datetime
    user_id: int | None
    actor: str
    action: str
    entity: str
    entity_id: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None


@dataclass(frozen=True)
class AuditFilter:
    """Filters for :func:`list_events`; empty values mean "any".

    Attributes:
        actor: Exact actor (username).
        entity: Exact entity kind.
        action: Action prefix (``catalogue`` matches ``catalogue.save``) or exact action.
        entity_id: Exact entity id.
        day_from: First local day (Asia/Ho_Chi_Minh), inclusive.
        day_to: Last local day, inclusive.
    """

    actor: str = ""
    entity: str = ""
    action: str = ""
    entity_id: str = ""
    day_from: date | None = None
    day_to: date | None = None


@dataclass(frozen=True)
class AuditPage:
    """A page of audit events (newest first) and the total that match."""

    items: list[AuditView]
    total: int
    offset: int
    limit: int


def _actor_of(user: Any) -> tuple[int | None, str]:
    if user is None:
        return None, SYSTEM_ACTOR
    if isinstance(user, str):
        return None, user[:120] or SYSTEM_ACTOR
    return getattr(user, "id", None), str(getattr(user, "username", "") or SYSTEM_ACTOR)[:120]


def _jsonable(value: dict[str, Any] | None) -> dict[str, Any] | None:
    """Return a JSON-safe copy (dates as ISO text); huge values are cut so one event stays small."""
    if value is None:
        return None
    text = json.dumps(value, ensure_ascii=False, default=str, sort_keys=True)
    if len(text) > _MAX_JSON_CHARS:
        return {"_truncated": text[:_MAX_JSON_CHARS]}
    return json.loads(text)


def record(session: Session, *, user: Any, action: str, entity: str, entity_id: object = "",
           before: dict[str, Any] | None = None, after: dict[str, Any] | None = None,
           at: datetime | None = None) -> AuditEvent:
    """Append one audit event in the caller's transaction (so it commits or rolls back with the change).

    Args:
        session: Session of the change being recorded.
        user: Who acted: an object with ``id`` and ``username`` (``db.models.User``,
            ``admin_tui.context.CurrentUser``), a plain actor name (``"cli"``), or None (``system``).
        action: Dotted verb, ``<area>.<verb>`` (``user.add``, ``queue.call_next``).
        entity: Kind of thing changed (``user``, ``procedure``, ``ticket``...).
        entity_id: Which one (stored as text).
        before: State before (only the fields that matter; no secrets such as hashes).
        after: State after.
        at: When (default: now, UTC).

    Returns:
        The added (flushed) event.
    """
    user_id, actor = _actor_of(user)
    row = AuditEvent(at=at or utcnow(), user_id=user_id, actor=actor, action=action[:60], entity=entity[:60],
                     entity_id=str(entity_id)[:80], before=_jsonable(before), after=_jsonable(after))
    session.add(row)
    session.flush()
    return row


def changes(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Return only the keys whose values differ, as (before, after) dicts (compact audit rows)."""
    keys = [k for k in {**before, **after} if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after.get(k) for k in keys}


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=VN_TZ)


def list_events(session: Session, flt: AuditFilter | None = None, *, offset: int = 0,
                limit: int = 100) -> AuditPage:
    """Return one page of events matching ``flt``, newest first.

    Raises:
        AuditError: ``day_from`` after ``day_to`` (AUD-001).
    """
    flt = flt or AuditFilter()
    stmt = select(AuditEvent)
    if flt.actor:
        stmt = stmt.where(AuditEvent.actor == flt.actor)
    if flt.entity:
        stmt = stmt.where(AuditEvent.entity == flt.entity)
    if flt.entity_id:
        stmt = stmt.where(AuditEvent.entity_id == flt.entity_id)
    if flt.action:
        stmt = stmt.where((AuditEvent.action == flt.action) | AuditEvent.action.startswith(flt.action + "."))
    if flt.day_from and flt.day_to and flt.day_from > flt.day_to:
        raise AuditError(_("Khoảng ngày không hợp lệ"))
    if flt.day_from:
        stmt = stmt.where(AuditEvent.at >= _day_start(flt.day_from))
    if flt.day_to:
        stmt = stmt.where(AuditEvent.at < _day_start(flt.day_to + timedelta(days=1)))
    total = session.scalar(select(func.count()).select_from(stmt.with_only_columns(AuditEvent.id).subquery()))
    limit = max(1, min(limit, MAX_PAGE))
    rows = session.scalars(stmt.order_by(AuditEvent.id.desc()).offset(max(0, offset)).limit(limit))
    items = [AuditView(r.id, r.at, r.user_id, r.actor, r.action, r.entity, r.entity_id, r.before, r.after)
             for r in rows]
    return AuditPage(items, int(total or 0), max(0, offset), limit)


def distinct_values(session: Session) -> dict[str, list[str]]:
    """Return the actors, entities and actions present in the log (for filter pickers)."""
    out: dict[str, list[str]] = {}
    for name, col in (("actors", AuditEvent.actor), ("entities", AuditEvent.entity),
                      ("actions", AuditEvent.action)):
        out[name] = sorted(v for v in session.scalars(select(col).distinct()) if v)
    return out


def _refuse(*_args: object) -> None:
    raise AuditImmutable(_("Nhật ký kiểm toán chỉ được ghi thêm; không thể sửa hoặc xoá"))


# ORM-level guard (any process that imports this module): an AuditEvent row can be inserted, never
# updated or deleted through a Session. The database triggers of migration 0002 cover raw SQL too.
event.listen(AuditEvent, "before_update", _refuse)
event.listen(AuditEvent, "before_delete", _refuse)
