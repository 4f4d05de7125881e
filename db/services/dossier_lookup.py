"""Citizen look-up: by receipt QR or code + secret, or by CCCD + the phone's last digits; failed look-ups counted.

Public status and timeline of a dossier, without personal data. Receipt QRs are ``HS|<reference>|<secret>``
or, when the site sets a public look-up URL, ``<url>?ma=<reference>&k=<secret>``.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from core.i18n import register_catalogue, translator
from core.s10 import spaced
from db.calendar import to_local
from db.engine import Database
from db.models import Dossier, LookupFailure, StatusEvent
from db.services.dossier_flow import (
    NEEDS_SUPPLEMENT,
    REASON_REQUIRED,
    RESULT_IN_TRANSIT,
    RETURNED,
    WITHDRAWN,
    deadline_flag,
    status_label,
)
from db.types import utcnow

_ = translator("db")
register_catalogue("db", {"Số hiệu bưu gửi: {number}": "Tracking number: {number}"})
_DUMMY_SECRET = "XXXX"

#: Query names of the public look-up URL a receipt QR carries: ``<url>?ma=<reference>&k=<secret>``
#: (``ma`` = mã hồ sơ, ``k`` = khóa / mã tra cứu).
URL_REFERENCE_PARAM = "ma"
URL_SECRET_PARAM = "k"
#: Statuses a citizen's "open dossiers" list leaves out (result handed over, dossier withdrawn).
CLOSED_STATUSES = frozenset({RETURNED, WITHDRAWN})
#: How far back the CCCD look-up goes, and how many dossiers it lists at most.
PERSON_LOOKBACK = timedelta(days=365)
PERSON_LIMIT = 20
#: How many last digits of the phone number the CCCD look-up asks for.
PHONE_DIGITS = 4


@dataclass(frozen=True)
class TimelineEntry:
    """One status of the public timeline; reasons only where the citizen must act (02/03 forms)."""

    status: str
    label: str
    at: datetime
    note: str = ""
    missing_documents: tuple[str, ...] = ()
    tracking_number: str = ""  # S10 number on the "on its way to you" step (issue 14)
    delivery: str = ""  # delivered | not_delivered | returned_to_counter on a delivery step


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
    tracking_number: str = ""  # S10 number once the result's address label is printed

    def as_dict(self) -> dict[str, object]:
        """The ``kiosk-admin dossiers track --json`` shape (ISO times with offset; no personal data)."""
        def iso(at: datetime | None) -> str | None:
            return to_local(at).isoformat(timespec="seconds") if at is not None else None

        return {
            "reference": self.reference, "procedure_code": self.procedure_code, "procedure_name": self.procedure_name,
            "status": self.status, "status_label": self.status_label, "received_at": iso(self.received_at),
            "appointment_at": iso(self.appointment_at), "return_method": self.return_method,
            "deadline": self.deadline, "tracking_number": self.tracking_number,
            "timeline": [{"status": e.status, "label": e.label, "at": iso(e.at), "note": e.note,
                          "missing_documents": list(e.missing_documents), "tracking_number": e.tracking_number,
                          "delivery": e.delivery} for e in self.timeline],
        }


@dataclass(frozen=True)
class PersonDossier:
    """One open dossier of the person whose CCCD was scanned: masked for the list, with its public detail.

    No name, ID number, phone or address: ``short_reference`` is the code's date and number
    (``261120-0001``), ``detail`` is what a receipt look-up shows.
    """

    short_reference: str
    procedure_name: str
    status: str
    status_label: str
    received_at: datetime
    appointment_at: datetime | None
    deadline: str
    detail: LookupResult


@dataclass(frozen=True)
class FailureLog:
    """Failed look-ups the throttle weighs: times at this kiosk, and times for one reference or ID (any kiosk)."""

    kiosk: tuple[datetime, ...]
    key: tuple[datetime, ...]


def receipt_qr_text(reference: str, secret: str, public_url: str = "") -> str:
    """The text a receipt's QR carries: ``HS|<reference>|<secret>``, or the site's public look-up URL.

    With ``public_url`` (e.g. ``https://tracuu.example.vn/hs``) the QR is
    ``https://tracuu.example.vn/hs?ma=<reference>&k=<secret>`` (URL-encoded; a query the URL already has is kept),
    so a phone's camera opens the public look-up page; the kiosk's scanner reads both forms.
    """
    url = (public_url or "").strip()
    if not url:
        return f"HS|{reference}|{secret}"
    parts = urlsplit(url)
    query = urlencode({URL_REFERENCE_PARAM: reference, URL_SECRET_PARAM: secret})
    return urlunsplit(parts._replace(query=f"{parts.query}&{query}" if parts.query else query, fragment=""))


def _host(url: str) -> tuple[str, int | None] | None:
    """``(host, port)`` of an http(s) URL, lower-case; None for anything else."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return parts.hostname.lower(), port


def _parse_receipt_url(text: str, public_url: str) -> tuple[str, str] | None:
    """``(reference, secret)`` from a look-up URL on the site's configured host; None otherwise."""
    own, given = _host(public_url or ""), _host(text)
    if own is None or given is None or own != given:
        return None
    query = parse_qs(urlsplit(text.strip()).query)
    references, secrets = query.get(URL_REFERENCE_PARAM, []), query.get(URL_SECRET_PARAM, [])
    if len(references) != 1 or len(secrets) != 1 or not references[0].strip() or not secrets[0].strip():
        return None
    return references[0].strip().upper(), secrets[0].strip().upper()


def parse_receipt_qr(text: str, public_url: str = "") -> tuple[str, str] | None:
    """Split a receipt QR into ``(reference, secret)``, upper-cased; None for other codes.

    ``HS|<reference>|<secret>`` tolerates surrounding whitespace, spaces around ``|`` and any letter case.
    The URL form ``<url>?ma=<reference>&k=<secret>`` is accepted only when its host (and port) is the one of
    ``public_url``, the site's configured look-up URL; a URL of any other host is not a receipt of this site.
    A ticket QR ``VE|...`` gives None.
    """
    raw = (text or "").strip()
    if "://" in raw:
        return _parse_receipt_url(raw, public_url)
    parts = [p.strip() for p in raw.split("|")]
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
        return None if dossier is None else _public_result(dossier, at)

    return database.run(work, read_only=True)


def staff_lookup(session: Session, reference: str, *, now: datetime | None = None) -> LookupResult | None:
    """The public timeline of a dossier for staff and scripts (no secret): the full code, or a short part that
    names exactly one dossier; None otherwise. Callers check who asks (``kiosk-admin dossiers track``)."""
    found = _candidates(session, reference)
    return _public_result(found[0], now or utcnow()) if len(found) == 1 else None


def _public_result(dossier: Dossier, at: datetime) -> LookupResult:
    """What a citizen may see of ``dossier``: status, dates, timeline (reasons only where they must act)."""
    version = dossier.procedure_version
    timeline = tuple(_entry(dossier, e) for e in sorted(dossier.events, key=lambda e: (e.at, e.id)))
    return LookupResult(
        dossier.reference, version.procedure.code, version.name, dossier.status,
        status_label(dossier.status), to_local(dossier.received_at),
        to_local(dossier.due_at) if dossier.due_at else None, dossier.return_method,
        deadline_flag(dossier, at), timeline, dossier.tracking_number or "",
    )


def _entry(dossier: Dossier, event: StatusEvent) -> TimelineEntry:
    """One public step; delivery steps say what happened (never who received it) and carry the S10 number."""
    details = event.details or {}
    outcome = str(details.get("delivery") or "")
    number = (dossier.tracking_number or "") if event.status == RESULT_IN_TRANSIT else ""
    missing = tuple(details.get("missing_documents", ())) if event.status == NEEDS_SUPPLEMENT else ()
    if outcome:
        from db.services.delivery import delivery_note

        note = delivery_note(outcome, details)
    elif number:
        note = _("Số hiệu bưu gửi: {number}", number=spaced(number))
    else:
        note = event.note if event.status in REASON_REQUIRED else ""
    return TimelineEntry(event.status, status_label(event.status), to_local(event.at), note, missing,
                         tracking_number=number, delivery=outcome)


def short_reference(reference: str) -> str:
    """The part of a dossier code a person reads: ``000.00.16.H26-261120-0001`` → ``261120-0001``."""
    found = re.search(r"(\d{6})-(\d{4,5})$", reference or "")
    return f"{found.group(1)}-{found.group(2)}" if found else (reference or "")


def _phone_ends_with(phone: str, digits: str) -> bool:
    """Whether the stored phone's last digits are ``digits`` (compared in constant time)."""
    stored = re.sub(r"\D", "", phone or "")
    if len(stored) < len(digits):
        return hmac.compare_digest(b"#" * len(digits), digits.encode())  # same work, never a match
    return hmac.compare_digest(stored[-len(digits):].encode(), digits.encode())


def lookup_by_id_card(database: Database, id_number: str, phone_digits: str, *, issued_on: date | None = None,
                      now: datetime | None = None) -> tuple[PersonDossier, ...]:
    """Open dossiers of one person (last 12 months) when the phone given at submission ends in ``phone_digits``.

    "Open" means not returned and not withdrawn. A dossier matches on the 12-digit (or 9-digit) ID number
    and the last :data:`PHONE_DIGITS` digits of its phone; when both the dossier and the scanned card carry
    the card's issue date, they must agree too (a QR made up from a known ID number needs the date as well).
    A dossier without a phone never matches. Wrong digits, no dossier and no phone all give ``()``: the
    answer does not tell whether the ID has dossiers. Newest first, at most :data:`PERSON_LIMIT`.
    """
    at = now or utcnow()
    number = re.sub(r"\s", "", id_number or "")
    digits = (phone_digits or "").strip()
    if not re.fullmatch(r"[0-9]{12}|[0-9]{9}", number) or not re.fullmatch(f"[0-9]{{{PHONE_DIGITS}}}", digits):
        return ()

    def work(session: Session) -> tuple[PersonDossier, ...]:
        rows = session.scalars(
            select(Dossier)
            .where(Dossier.applicant_id_number == number, Dossier.received_at >= at - PERSON_LOOKBACK,
                   Dossier.status.not_in(CLOSED_STATUSES))
            .order_by(Dossier.received_at.desc(), Dossier.id.desc())
            .limit(PERSON_LIMIT)
        ).all()
        found = []
        for dossier in rows:
            same_card = issued_on is None or dossier.applicant_id_issued_on in (None, issued_on)
            if _phone_ends_with(dossier.applicant_phone, digits) and same_card:
                detail = _public_result(dossier, at)
                found.append(PersonDossier(short_reference(detail.reference), detail.procedure_name, detail.status,
                                           detail.status_label, detail.received_at, detail.appointment_at,
                                           detail.deadline, detail))
        return tuple(found)

    return database.run(work, read_only=True)


# --- failed look-ups (the throttle's memory, shared by every kiosk) ------------------------------------------

#: Prefix hashed with an ID number into a failure key (the number itself is never stored).
_ID_KEY_SALT = b"vn-service-kiosk/lookup-failure/cccd/v1:"


def reference_failure_key(reference: str) -> str:
    """The key failed look-ups of a typed or scanned reference count under: its date and number.

    ``000.00.16.H26-261120-0001``, ``261120-0001`` and ``2611200001`` all give ``ref:261120-0001``, so
    typing the code another way does not start a fresh count; text that is no dossier code counts as itself.
    """
    text = re.sub(r"\s+", "", reference or "").upper()
    found = re.search(r"(\d{6})[-./]?(\d{1,5})$", text)
    if found:
        return f"ref:{found.group(1)}-{int(found.group(2)):04d}"
    return "ref:" + text[:56]


def id_failure_key(id_number: str) -> str:
    """The key failed CCCD look-ups count under: a salted sha256 of the ID number (never the number)."""
    number = re.sub(r"\s", "", id_number or "")
    return "id:" + hashlib.sha256(_ID_KEY_SALT + number.encode()).hexdigest()[:56]


def record_lookup_failure(database: Database, *, kiosk_id: int | None, key: str, now: datetime,
                          forget_before: datetime | None = None) -> None:
    """Log one failed look-up; rows older than ``forget_before`` are deleted in the same transaction."""

    def work(session: Session) -> None:
        if forget_before is not None:
            session.execute(delete(LookupFailure).where(LookupFailure.at < forget_before))
        session.add(LookupFailure(at=now, kiosk_id=kiosk_id, reference_key=key[:60]))

    database.run(work)


def lookup_failures(database: Database, *, kiosk_id: int | None, key: str, since: datetime,
                    limit: int = 500) -> FailureLog:
    """Failed look-ups since ``since``: at ``kiosk_id``, and for ``key`` at any kiosk (newest first, at most ``limit``)."""

    def times(session: Session, condition: object) -> tuple[datetime, ...]:
        return tuple(session.scalars(select(LookupFailure.at).where(condition, LookupFailure.at >= since)
                                     .order_by(LookupFailure.at.desc()).limit(limit)))

    def work(session: Session) -> FailureLog:
        mine = times(session, LookupFailure.kiosk_id == kiosk_id) if kiosk_id is not None else ()
        return FailureLog(mine, times(session, LookupFailure.reference_key == key[:60]))

    return database.run(work, read_only=True)
