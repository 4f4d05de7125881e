"""Kiosk device heartbeats (one upserted row per kiosk) and staff calls raised by kiosks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from core.errors import KioskError
from core.i18n import register_catalogue, translator
from core.text import sanitize
from db.engine import Database
from db.models import DeviceHeartbeat, Kiosk, PrintJob, Site, StaffCall
from db.services.kiosk_identity import short_id
from db.services.site_admin import list_kiosks
from db.types import utcnow

_ = translator("db")
register_catalogue("db", {"Trường trạng thái thiết bị không xác định: {names}": "Unknown device state fields: {names}"})

HEARTBEAT_FIELDS = frozenset(
    c.name for c in DeviceHeartbeat.__table__.columns if c.name not in ("kiosk_id", "at")
)


class DeviceStateError(KioskError):
    """A heartbeat carried a field the database does not know."""

    code = "DB-020"


@dataclass(frozen=True)
class HeartbeatView:
    """The latest heartbeat of a kiosk with its age in seconds (stale when ``age_s`` is large)."""

    kiosk_id: int
    kiosk_code: str
    site_id: int
    at: datetime
    age_s: float
    state: dict[str, Any]


@dataclass(frozen=True)
class StaffCallView:
    """A staff call as the console lists it."""

    id: int
    site_id: int
    kiosk_id: int | None
    kiosk_code: str
    reason: str
    detail: str
    at: datetime
    acknowledged_at: datetime | None
    acknowledged_by: str


@dataclass(frozen=True)
class KioskDeviceRow:
    """One kiosk as the console's Devices mode reads it: its last heartbeat and its print-job trouble.

    Attributes:
        kiosk: The kiosk (``db.services.site_admin.KioskRow``).
        at: Time of its last heartbeat (None: never heard from).
        state: The heartbeat's columns (empty when never heard from).
        failed_jobs: Jobs given up on (``failed``).
        maybe_printed: Jobs that may be on paper (``maybe_printed``).
        instance: Short id of the install running as this kiosk ("" before its first start).
    """

    kiosk: Any
    at: datetime | None
    state: dict[str, Any]
    failed_jobs: int
    maybe_printed: int
    instance: str


def kiosk_device_rows(session: Session, site_id: int | None = None) -> list[KioskDeviceRow]:
    """Every active kiosk with its heartbeat and job counts (four queries, whatever the number of kiosks)."""
    beats = {hb.kiosk_id: hb for hb in session.scalars(select(DeviceHeartbeat))}
    counts: dict[str, dict[int, int]] = {}
    for state in ("failed", "maybe_printed"):
        counts[state] = dict(session.execute(select(PrintJob.kiosk_id, func.count())
                                             .where(PrintJob.state == state).group_by(PrintJob.kiosk_id)).all())
    instances = dict(session.execute(select(Kiosk.id, Kiosk.instance_id)).all())
    rows = []
    for kiosk in list_kiosks(session, site_id):
        if not kiosk.active:
            continue
        hb = beats.get(kiosk.id)
        state = {} if hb is None else {name: getattr(hb, name) for name in HEARTBEAT_FIELDS}
        rows.append(KioskDeviceRow(kiosk, hb.at if hb is not None else None, state,
                                   counts["failed"].get(kiosk.id, 0), counts["maybe_printed"].get(kiosk.id, 0),
                                   short_id(instances.get(kiosk.id))))
    return rows


def server_time(database: Database) -> datetime | None:
    """The database server's clock (PostgreSQL), the one clock all kiosks of a site follow; None on SQLite.

    SQLite lives on the kiosk's own machine, so its clock is the machine's clock.
    """
    if database.dialect != "postgresql":
        return None
    from sqlalchemy import text  # noqa: PLC0415

    return database.run(lambda s: s.execute(text("SELECT clock_timestamp()")).scalar_one(), read_only=True)


def write_heartbeat(database: Database, kiosk_id: int, *, at: datetime | None = None, **state: Any) -> None:
    """Insert or update a kiosk's heartbeat row in one statement.

    Args:
        database: The database.
        kiosk_id: The kiosk.
        at: Time of the reading; default now.
        **state: Columns of :class:`DeviceHeartbeat` (``printer_online``, ``printer_paper``, ...).

    Raises:
        DeviceStateError: for an unknown field.
    """
    unknown = set(state) - HEARTBEAT_FIELDS
    if unknown:
        raise DeviceStateError(_("Trường trạng thái thiết bị không xác định: {names}", names=", ".join(sorted(unknown))))
    values = {"kiosk_id": kiosk_id, "at": at or utcnow(), **state}

    def work(session: Session) -> None:
        insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
        stmt = insert(DeviceHeartbeat).values(**values)
        set_ = {k: stmt.excluded[k] for k in values if k != "kiosk_id"}
        session.execute(stmt.on_conflict_do_update(index_elements=[DeviceHeartbeat.kiosk_id], set_=set_))

    database.run(work)


def list_heartbeats(database: Database, site_id: int | None = None, now: datetime | None = None) -> list[HeartbeatView]:
    """Return the latest heartbeat of every kiosk (of one site when given), oldest kiosk code first."""

    def work(session: Session) -> list[HeartbeatView]:
        at = now or utcnow()
        stmt = select(DeviceHeartbeat, Kiosk).join(Kiosk, Kiosk.id == DeviceHeartbeat.kiosk_id)
        if site_id is not None:
            stmt = stmt.where(Kiosk.site_id == site_id)
        out = []
        for hb, kiosk in session.execute(stmt.order_by(Kiosk.site_id, Kiosk.code)).all():
            state = {name: getattr(hb, name) for name in sorted(HEARTBEAT_FIELDS)}
            out.append(HeartbeatView(kiosk.id, kiosk.code, kiosk.site_id, hb.at,
                                     max(0.0, (at - hb.at).total_seconds()), state))
        return out

    return database.run(work, read_only=True)


def raise_staff_call(database: Database, site_id: int, kiosk_id: int | None, reason: str, detail: str = "") -> int:
    """Record that a kiosk needs a person; an open call of the same kiosk and reason is reused.

    Returns:
        The staff call id.
    """

    def work(session: Session) -> int:
        existing = session.scalars(
            select(StaffCall).where(StaffCall.site_id == site_id, StaffCall.kiosk_id == kiosk_id,
                                    StaffCall.reason == reason, StaffCall.acknowledged_at.is_(None))
        ).first()
        if existing is not None:
            return existing.id
        call = StaffCall(site_id=site_id, kiosk_id=kiosk_id, reason=sanitize(reason)[:40],
                         detail=sanitize(detail, keep_newlines=True), at=utcnow())
        session.add(call)
        session.flush()
        return call.id

    return database.run(work)


def open_staff_calls(database: Database, site_id: int | None = None) -> list[StaffCallView]:
    """Return unacknowledged staff calls, oldest first."""

    def work(session: Session) -> list[StaffCallView]:
        stmt = (select(StaffCall, Kiosk.code).outerjoin(Kiosk, Kiosk.id == StaffCall.kiosk_id)
                .where(StaffCall.acknowledged_at.is_(None)).order_by(StaffCall.at, StaffCall.id))
        if site_id is not None:
            stmt = stmt.where(StaffCall.site_id == site_id)
        return [StaffCallView(c.id, c.site_id, c.kiosk_id, code or "", c.reason, c.detail, c.at,
                              c.acknowledged_at, c.acknowledged_by)
                for c, code in session.execute(stmt).all()]

    return database.run(work, read_only=True)


def acknowledge_staff_call(database: Database, call_id: int, by: str) -> bool:
    """Mark a staff call as handled by ``by``; False when it was already acknowledged or does not exist."""
    return bool(database.run(lambda s: s.execute(
        update(StaffCall).where(StaffCall.id == call_id, StaffCall.acknowledged_at.is_(None))
        .values(acknowledged_at=utcnow(), acknowledged_by=sanitize(by)[:80])
    ).rowcount))


def site_of_kiosk(session: Session, kiosk_id: int) -> Site | None:
    """Return the site a kiosk belongs to."""
    kiosk = session.get(Kiosk, kiosk_id)
    return kiosk.site if kiosk else None
