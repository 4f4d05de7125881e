"""Race-free numbering: one atomic upsert ... RETURNING per number (tickets, dossier references)."""

from __future__ import annotations

import secrets
from functools import lru_cache
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import bindparam
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from core.errors import KioskError
from core.i18n import register_catalogue, translator
from db.models import Counter

_ = translator("db")
register_catalogue(
    "db",
    {
        "Thời điểm phải có múi giờ.": "The time must carry a time zone.",
        "Mã đơn vị tiếp nhận đang trống.": "The receiving unit code is empty.",
    },
)

try:
    from zoneinfo import ZoneInfo

    VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
except Exception:  # noqa: BLE001 - no tz database: Vietnam has had no DST since 1975
    VN_TZ = timezone(timedelta(hours=7), "ICT")  # type: ignore[assignment]

# No 0/O, 1/I/L, 2/Z, 5/S, 8/B, U/V: readable on thermal paper and when spoken on the phone.
SECRET_ALPHABET = "34679ACDEFGHJKMNPQRTWXY"
SECRET_LENGTH = 4


class NumberingError(KioskError):
    """A number could not be produced from the given inputs."""

    code = "NUM-001"


def business_day(at: datetime) -> date:
    """Return the business day (Asia/Ho_Chi_Minh calendar date) of an aware instant.

    Args:
        at: A timezone-aware datetime.

    Raises:
        NumberingError: for a naive datetime.
    """
    if at.tzinfo is None:
        raise NumberingError(_("Thời điểm phải có múi giờ."))
    return at.astimezone(VN_TZ).date()


def local_time(at: datetime) -> datetime:
    """Return ``at`` in Vietnam time (for printing: ISO with +07:00)."""
    return at.astimezone(VN_TZ)


def next_value(session: Session, kind: str, scope: str, day: date) -> int:
    """Advance the counter ``(kind, scope, day)`` by one and return the new value, in one statement.

    ``INSERT ... ON CONFLICT (kind, scope, day) DO UPDATE SET value = counters.value + 1 RETURNING
    value`` — atomic on PostgreSQL and SQLite ≥ 3.35; the row stays locked until the caller's
    transaction ends, so a rolled-back number is reused rather than lost (no gaps).

    Args:
        session: Session in the caller's transaction.
        kind: ``ticket`` or ``dossier``.
        scope: Sequence scope (``<site id>:<prefix>`` or a unit code).
        day: Business day.
    """
    stmt = _upsert_statement(session.get_bind().dialect.name)
    return int(session.execute(stmt, {"kind": kind, "scope": scope, "day": day}).scalar_one())


@lru_cache(maxsize=4)
def _upsert_statement(dialect: str):  # noqa: ANN202 - a dialect-specific Insert
    """Build the counter upsert once per dialect (parameters are bound at execution)."""
    table = Counter.__table__
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = insert(table).values(kind=bindparam("kind"), scope=bindparam("scope"), day=bindparam("day"), value=1)
    return stmt.on_conflict_do_update(
        index_elements=[table.c.kind, table.c.scope, table.c.day], set_={"value": table.c.value + 1}
    ).returning(table.c.value)


def lookup_secret(length: int = SECRET_LENGTH) -> str:
    """Return a random lookup secret from :data:`SECRET_ALPHABET` (``secrets``, not ``random``)."""
    return "".join(secrets.choice(SECRET_ALPHABET) for _i in range(length))


def format_reference(unit_code: str, day: date, seq: int) -> str:
    """Return ``<unit>-<YYMMDD>-<NNNN>`` (a fifth digit appears past 9999)."""
    return f"{unit_code}-{day:%y%m%d}-{seq:04d}"


def format_ticket(prefix: str, seq: int) -> str:
    """Return ``<prefix>-<NNN>`` (``HT-012``; past 999 the sequence keeps going: ``HT-1000``)."""
    return f"{prefix}-{seq:03d}"


def new_dossier_reference(session: Session, unit_code: str, received_at: datetime) -> tuple[str, str]:
    """Return a new dossier reference and its lookup secret.

    Args:
        session: Session in the dossier's transaction.
        unit_code: The receiving unit's document-exchange code (``000.00.16.H36``).
        received_at: Aware receipt time; its Vietnam date is the reference date and sequence day.

    Returns:
        ``("000.00.16.H36-231121-0001", "7KQM")``.
    """
    unit = unit_code.strip()
    if not unit:
        raise NumberingError(_("Mã đơn vị tiếp nhận đang trống."), code="NUM-002")
    day = business_day(received_at)
    seq = next_value(session, "dossier", unit, day)
    return format_reference(unit, day, seq), lookup_secret()


def new_ticket_number(session: Session, site_id: int, prefix: str, day: date) -> tuple[int, str]:
    """Return ``(seq, number)`` for the next ticket of a queue prefix at a site on a business day."""
    seq = next_value(session, "ticket", f"{site_id}:{prefix}", day)
    return seq, format_ticket(prefix, seq)
