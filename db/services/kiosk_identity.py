"""Which kiosk install runs as a kiosk row: a generated instance id, registered with a lease.

Two installs configured with the same kiosk code would share one outbox and print each other's slips. The
kiosk process (``kiosk.identity``) claims its row at start: the claim is granted when nobody holds the
row, when the holder is this same install (a restart: the caller makes sure no other process of it is
alive), or when the holder's lease ran out (it stopped renewing: dead or cut off). Otherwise the start is
refused. The lease is renewed every :data:`RENEW_S` seconds and given back at a clean exit.

Times come from the database server's clock on PostgreSQL (several machines compare one lease) and from
this machine's clock on SQLite.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, text, update
from sqlalchemy.orm import Session

from db.engine import Database
from db.models import Kiosk
from db.types import utcnow

#: A kiosk install not renewing its claim for this long is taken for dead; another install may then claim it.
LEASE_S = 90.0
#: How often a running kiosk renews its claim.
RENEW_S = 20.0
#: Characters of an instance id shown to people (console, messages).
SHORT_LEN = 8


def db_now(session: Session) -> datetime:
    """Now, by the database server's clock on PostgreSQL (UTC, aware), by this machine's on SQLite."""
    if session.get_bind().dialect.name == "postgresql":
        return session.execute(text("SELECT clock_timestamp()")).scalar_one()
    return utcnow()


def short_id(instance_id: str | None) -> str:
    """The first characters of an instance id, as shown in the console and in messages ("" for none)."""
    return (instance_id or "")[:SHORT_LEN]


@dataclass(frozen=True)
class KioskHolder:
    """The install that holds (or last held) a kiosk row.

    Attributes:
        instance_id: Its generated id.
        host: Its machine name.
        started_at: When it claimed the row.
        lease_until: Until when its claim holds without renewal.
        live: The lease had not run out when this was read.
        age_s: Seconds the lease has left (negative: expired that long ago).
    """

    instance_id: str
    host: str
    started_at: datetime | None
    lease_until: datetime | None
    live: bool
    age_s: float

    @property
    def short(self) -> str:
        """The short form of the instance id."""
        return short_id(self.instance_id)


@dataclass(frozen=True)
class ClaimResult:
    """What a claim gave: ``granted``, and ``holder`` = the other live install when refused (else the former one)."""

    granted: bool
    holder: KioskHolder | None


def _holder(kiosk: Kiosk, now: datetime) -> KioskHolder | None:
    if not kiosk.instance_id:
        return None
    lease = kiosk.instance_lease_until
    left = (lease - now).total_seconds() if lease is not None else -1.0
    return KioskHolder(kiosk.instance_id, kiosk.instance_host or "", kiosk.instance_started_at, lease, left > 0, left)


def claim_kiosk(database: Database, kiosk_id: int, instance_id: str, *, host: str = "",
                lease_s: float = LEASE_S) -> ClaimResult:
    """Register ``instance_id`` as the install running kiosk ``kiosk_id``, unless another live one holds it.

    The kiosk row is locked for the check and the write (``FOR UPDATE`` on PostgreSQL, ``BEGIN IMMEDIATE``
    on SQLite), so two installs starting at once cannot both win.

    Args:
        database: The database.
        kiosk_id: The kiosk row.
        instance_id: This install's id (``kiosk.identity``).
        host: This machine's name (shown to the other install if it is refused).
        lease_s: How long the claim holds without renewal.
    """

    def work(session: Session) -> ClaimResult:
        kiosk = session.scalars(select(Kiosk).where(Kiosk.id == kiosk_id).with_for_update()).one()
        now = db_now(session)
        holder = _holder(kiosk, now)
        if holder is not None and holder.instance_id != instance_id and holder.live:
            return ClaimResult(False, holder)
        kiosk.instance_id = instance_id
        kiosk.instance_host = host[:80]
        kiosk.instance_started_at = now
        kiosk.instance_lease_until = now + timedelta(seconds=lease_s)
        return ClaimResult(True, holder)

    return database.run(work)


def renew_claim(database: Database, kiosk_id: int, instance_id: str, *, lease_s: float = LEASE_S) -> bool:
    """Extend this install's claim; False when another install holds the kiosk now (this one lost it)."""

    def work(session: Session) -> bool:
        now = db_now(session)
        return session.execute(
            update(Kiosk).where(Kiosk.id == kiosk_id, Kiosk.instance_id == instance_id)
            .values(instance_lease_until=now + timedelta(seconds=lease_s))
        ).rowcount == 1

    return bool(database.run(work))


def release_claim(database: Database, kiosk_id: int, instance_id: str) -> bool:
    """A clean exit: the lease ends now (the id stays, so the console shows which install ran last)."""

    def work(session: Session) -> bool:
        now = db_now(session)
        return session.execute(
            update(Kiosk).where(Kiosk.id == kiosk_id, Kiosk.instance_id == instance_id)
            .values(instance_lease_until=now)
        ).rowcount == 1

    return bool(database.run(work))


def kiosk_holder(session: Session, kiosk_id: int) -> KioskHolder | None:
    """The install holding (or that last held) a kiosk, read in the caller's transaction."""
    kiosk = session.get(Kiosk, kiosk_id)
    return _holder(kiosk, db_now(session)) if kiosk is not None else None


def holds_kiosk(session: Session, kiosk_id: int, instance_id: str, now: datetime) -> bool:
    """May ``instance_id`` work as this kiosk now: it holds the row, or no live install does."""
    row = session.execute(select(Kiosk.instance_id, Kiosk.instance_lease_until).where(Kiosk.id == kiosk_id)).first()
    if row is None:
        return False
    holder, lease = row
    return not holder or holder == instance_id or lease is None or lease <= now
