"""Citizen look-up by receipt QR: public status and timeline of a dossier, without personal data."""

from __future__ import annotations

import hmac
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.calendar import to_local
from db.engine import Database
from db.models import Dossier
from db.services.dossier_flow import NEEDS_SUPPLEMENT, REASON_REQUIRED, deadline_flag, status_label
from db.types import utcnow

_DUMMY_SECRET = "XXXX"


@dataclass(frozen=True)
class TimelineEntry:
    """One status of the public timeline; reasons only where the citizen must act (02/03 forms)."""

    status: str
    label: str
    at: datetime
    note: str = ""
    missing_documents: tuple[str, ...] = ()


@dataclass(frozen=True)
class LookupResult:
    """What a citizen sees after scanning the receipt: no name, ID, phone or address."""

    reference: str
    procedure_code: str
    procedure_name: str
    status: str
    status_label: str
    received_at: datetime
    appointment_at: datetime | None
    return_method: str
    deadline: str
    timeline: tuple[TimelineEntry, ...]


def parse_receipt_qr(text: str) -> tuple[str, str] | None:
    """Split a receipt QR ``HS|<reference>|<secret>`` into ``(reference, secret)``, upper-cased.

    Tolerates surrounding whitespace, spaces around ``|`` and any letter case; None for other codes
    (e.g. a ticket QR ``VE|...``).
    """
    parts = [p.strip() for p in (text or "").strip().split("|")]
    if len(parts) != 3 or parts[0].upper() != "HS" or not parts[1] or not parts[2]:
        return None
    return parts[1].upper(), parts[2].upper()


#: The short part of a reference a person reads off the slip: received date (yymmdd) and number,
#: e.g. ``261120-0001``, ``2611200001`` or ``261120-1``.
_SHORT_REFERENCE = re.compile(r"^(\d{6})[-./ ]?(\d{1,4})$")


def _find_by_reference(session: Session, reference: str) -> Dossier | None:
    ref = (reference or "").strip()
    if not ref:
        return None
    dossier = session.scalars(select(Dossier).where(Dossier.reference == ref)).first()
    if dossier is None:
        dossier = session.scalars(select(Dossier).where(func.upper(Dossier.reference) == ref.upper())).first()
    return dossier


def _candidates(session: Session, reference: str) -> list[Dossier]:
    """Dossiers the typed reference may mean: the full code, or every dossier ending in its short part.

    A short part can be shared by two units' dossiers of the same day; the secret then decides.
    """
    exact = _find_by_reference(session, reference)
    if exact is not None:
        return [exact]
    short = _SHORT_REFERENCE.match(re.sub(r"\s+", "", reference or ""))
    if short is None:
        return []
    day_text, number = short.groups()
    try:
        day = date(2000 + int(day_text[:2]), int(day_text[2:4]), int(day_text[4:]))
    except ValueError:
        return []
    # The day bounds the search (an indexed range instead of a scan of every reference); a day either
    # side covers the time zone between the local date in the code and the UTC time stored.
    start = datetime.combine(day - timedelta(days=1), time.min, tzinfo=timezone.utc)
    return list(session.scalars(
        select(Dossier)
        .where(Dossier.received_at >= start, Dossier.received_at < start + timedelta(days=3),
               Dossier.reference.like(f"%-{day_text}-{int(number):04d}"))
        .limit(20)
    ))


def find_dossier_id(session: Session, reference: str) -> int | None:
    """Id of the dossier with ``reference`` (case-insensitive), for staff tools and ratings."""
    dossier = _find_by_reference(session, reference)
    return dossier.id if dossier else None


def lookup(database: Database, reference: str, secret: str, *, now: datetime | None = None) -> LookupResult | None:
    """Public status of a dossier when reference and lookup secret match; None otherwise.

    The reference is the full code (any letter case) or its short part as printed on the slip's
    last segments (``261120-0001``); the secret is compared in constant time.
    """
    at = now or utcnow()
    given = (secret or "").strip().upper().encode()

    def work(session: Session) -> LookupResult | None:
        dossier = None
        # Every candidate's secret is compared (a dummy one when there is none), so the time taken
        # does not tell whether a reference exists.
        for candidate in _candidates(session, reference) or [None]:
            stored = (candidate.lookup_secret if candidate else _DUMMY_SECRET).upper().encode()
            if hmac.compare_digest(stored, given) and candidate is not None and dossier is None:
                dossier = candidate
        if dossier is None:
            return None
        version = dossier.procedure_version
        timeline = tuple(
            TimelineEntry(
                e.status, status_label(e.status), to_local(e.at),
                e.note if e.status in REASON_REQUIRED else "",
                tuple((e.details or {}).get("missing_documents", ())) if e.status == NEEDS_SUPPLEMENT else (),
            )
            for e in sorted(dossier.events, key=lambda e: (e.at, e.id))
        )
        return LookupResult(
            dossier.reference, version.procedure.code, version.name, dossier.status,
            status_label(dossier.status), to_local(dossier.received_at),
            to_local(dossier.due_at) if dossier.due_at else None, dossier.return_method,
            deadline_flag(dossier, at), timeline,
        )

    return database.run(work, read_only=True)
