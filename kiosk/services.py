"""Kiosk-side facade over the database services: typed results for screens, called from worker threads."""

from __future__ import annotations

import logging
import threading
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import wraps
from typing import Any, TypeVar

from sqlalchemy import case, func, select
from sqlalchemy.exc import SQLAlchemyError

from core.errors import KioskError
from core.text import sanitize
from db import models as m
from db.engine import Database

T = TypeVar("T")
_log = logging.getLogger(__name__)


class ServiceError(KioskError):
    """A kiosk service call failed; ``domain`` is True when the message is meant for the citizen.

    Database trouble (unreachable, locked) is not a domain error: screens show a generic message and
    nothing was saved (every write is one transaction).
    """

    code = "KIO-010"

    def __init__(self, message: str, code: str | None = None, *, domain: bool = False) -> None:
        super().__init__(message, code)
        self.domain = domain


def _guard(fn: Callable[..., T]) -> Callable[..., T]:
    """Turn database and domain errors into :class:`ServiceError` so screens handle one type."""

    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> T:
        try:
            return fn(*args, **kwargs)
        except ServiceError:
            raise
        except KioskError as exc:
            from db.engine import DatabaseUnavailable

            raise ServiceError(exc.message, exc.code, domain=not isinstance(exc, DatabaseUnavailable)) from exc
        except (SQLAlchemyError, OSError) as exc:
            raise ServiceError(f"{type(exc).__name__}: {exc}".splitlines()[0][:300], "KIO-011") from exc

    return wrapper


# --- typed results -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SiteInfo:
    """The service point this kiosk stands in."""

    id: int
    code: str
    name: str
    address: str
    opening_hours: str
    opening_days: str
    hotline: str
    #: The public look-up page printed receipts' QRs point to ("" = the bare ``HS|…`` code).
    public_lookup_url: str = ""
    #: Step instructions are spoken (``Site.voice_guidance``; ``Settings.voice_guidance`` turns it on too).
    voice_guidance: bool = False


@dataclass(frozen=True)
class ProcedureHit:
    """One search/browse result, with whether this point accepts it."""

    code: str
    name: str
    field: str
    score: float = 0.0
    accepted: bool = True
    redirect_note: str = ""
    #: False when even the search is unsure (``SearchHit.confident``): a guess, not an answer.
    confident: bool = True


@dataclass(frozen=True)
class DocumentLine:
    """One document to bring."""

    name: str
    originals: int
    copies: int
    required: bool
    condition: str = ""


@dataclass(frozen=True)
class ProcedureDetail:
    """Everything the procedure-detail screen shows."""

    code: str
    name: str
    field: str
    level: str
    agency: str
    processing_days: int | None
    fee_vnd: int | None
    fee_text: str
    postal_allowed: bool
    postal_note: str
    personal_presence: bool
    online_level: str
    result: str
    documents: list[DocumentLine]
    accepted: bool
    redirect_note: str
    version_id: int
    received_at: datetime
    appointment_at: datetime | None


@dataclass(frozen=True)
class QueueChoice:
    """A queue a citizen can take a number for."""

    id: int
    prefix: str
    name: str
    counter_group: str
    fields: list[str]
    waiting: int


@dataclass(frozen=True)
class TicketResult:
    """A ticket that was issued and queued for printing."""

    ticket_id: int
    number: str
    queue_name: str
    counter_group: str
    people_ahead: int
    job_id: int


# --- database set-up ---------------------------------------------------------------------------


def ensure_database(database: Database, settings: Any) -> None:
    """Migrate and seed the database (``db.migrate.ensure_ready``)."""
    from db.migrate import ensure_ready

    ensure_ready(database, settings)


@_guard
def resolve_ids(database: Database, site_code: str, kiosk_code: str) -> tuple[int, int]:
    """Return ``(site_id, kiosk_id)`` for the configured codes (the kiosk row is created if missing)."""
    from db.seed import get_kiosk, get_site

    def work(s: Any) -> tuple[int, int]:
        site = get_site(s, site_code)
        if site is None:
            raise ServiceError(f"site {site_code!r} is not in the database", "KIO-012", domain=True)
        kiosk = get_kiosk(s, site.id, kiosk_code)
        if kiosk is None:
            kiosk = m.Kiosk(site_id=site.id, code=kiosk_code, name=kiosk_code)
            s.add(kiosk)
            s.flush()
        return site.id, kiosk.id

    return database.run(work)


# --- site and catalogue ------------------------------------------------------------------------


@_guard
def load_site(ctx: Any) -> SiteInfo:
    """Return this kiosk's site."""

    def work(s: Any) -> SiteInfo:
        site = s.get(m.Site, ctx.site_id)
        return SiteInfo(site.id, site.code, site.name, site.address, site.opening_hours, site.opening_days,
                        site.hotline, site.public_lookup_url or "",
                        voice_guidance=bool(site.voice_guidance))

    return ctx.database.run(work, read_only=True)


_engines: weakref.WeakKeyDictionary[Database, Any] = weakref.WeakKeyDictionary()
_engines_lock = threading.Lock()
_rebuilding: weakref.WeakSet[Database] = weakref.WeakSet()
_rules_cache: weakref.WeakKeyDictionary[Database, dict[int, tuple[tuple, dict[int, tuple[bool, str]]]]] = (
    weakref.WeakKeyDictionary())


def _search_engine(database: Database, s: Any) -> Any:
    """The catalogue search index of ``database``; never rebuilt inside a citizen's keystroke.

    The index is built at start (:func:`warm_search`). When the catalogue changed, the previous index
    keeps answering while a background thread builds the new one and swaps it in; a change of usage
    counts only is applied in place (cheap).
    """
    from db.catalogue.search import CatalogueSearch, revision

    with _engines_lock:
        engine = _engines.get(database)
    if engine is None:  # not warmed (tests, a start-up that failed): build once, here
        engine = CatalogueSearch.load(s)
        with _engines_lock:
            return _engines.setdefault(database, engine)
    current = revision(s)
    old = engine.revision
    if old is not None and current.content == old.content:
        if current != old:
            engine.refresh(s)  # usage counts only: updated in place
        return engine
    _rebuild_in_background(database)
    return engine


def _rebuild_in_background(database: Database) -> None:
    from db.catalogue.search import CatalogueSearch

    with _engines_lock:
        if database in _rebuilding:
            return
        _rebuilding.add(database)

    def rebuild() -> None:
        try:
            fresh = database.run(lambda s: CatalogueSearch.load(s), read_only=True)
            with _engines_lock:
                _engines[database] = fresh
        except Exception as exc:  # noqa: BLE001 - the previous index keeps serving; the next search retries
            _log.warning("KIO-011 search index not rebuilt: %s", type(exc).__name__)
        finally:
            with _engines_lock:
                _rebuilding.discard(database)

    threading.Thread(target=rebuild, name="search-index", daemon=True).start()


def warm_search(ctx: Any) -> None:
    """Build the search index before the first citizen types (call from a worker thread at start)."""
    try:
        ctx.database.run(lambda s: _search_engine(ctx.database, s), read_only=True)
    except Exception as exc:  # noqa: BLE001 - the first search builds it instead
        _log.warning("KIO-011 search index not built at start: %s", type(exc).__name__)


def _rules(s: Any, database: Database, site_id: int) -> dict[int, tuple[bool, str]]:
    """The site's accept/redirect rules by procedure id, re-read only when they changed.

    A keystroke costs one small aggregate (a fingerprint of the site's rules) instead of loading every
    rule as an object.
    """
    rule = m.SiteProcedureRule
    fingerprint = tuple(s.execute(
        select(func.count(rule.id), func.coalesce(func.max(rule.id), 0),
               func.coalesce(func.sum(case((rule.accepted.is_(True), rule.procedure_id), else_=0)), 0),
               func.coalesce(func.sum(func.length(rule.redirect_note)), 0))
        .where(rule.site_id == site_id)
    ).one())
    per_site = _rules_cache.setdefault(database, {})
    cached = per_site.get(site_id)
    if cached is not None and cached[0] == fingerprint:
        return cached[1]
    rows = s.execute(select(rule.procedure_id, rule.accepted, rule.redirect_note).where(rule.site_id == site_id))
    rules = {pid: (bool(accepted), note or "") for pid, accepted, note in rows}
    per_site[site_id] = (fingerprint, rules)
    return rules


def _hits(ctx: Any, query: str, limit: int, field: str | None = None) -> list[ProcedureHit]:
    def work(s: Any) -> list[ProcedureHit]:
        raw = _search_engine(ctx.database, s).search(query, limit=limit, field=field)
        rules = _rules(s, ctx.database, ctx.site_id)
        out = []
        for h in raw:
            accepted, note = rules.get(h.procedure_id, (True, ""))
            out.append(ProcedureHit(h.code, h.name, h.field, float(h.score), accepted, note,
                                    bool(getattr(h, "confident", True))))
        return out

    return ctx.database.run(work, read_only=True)


@_guard
def search(ctx: Any, query: str, limit: int = 20) -> list[ProcedureHit]:
    """Rank procedures for ``query`` (diacritics optional, typos tolerated); empty query → most used."""
    return _hits(ctx, sanitize(query)[:200], limit)


@_guard
def popular(ctx: Any, limit: int = 12) -> list[ProcedureHit]:
    """Return the most used procedures first."""
    return _hits(ctx, "", limit)


@_guard
def list_fields(ctx: Any) -> list[str]:
    """Return the fields (lĩnh vực) that have active procedures, alphabetically."""
    from db.catalogue.service import list_fields as fields_of

    return [name for name, count in ctx.database.run(fields_of, read_only=True) if name and count]


@_guard
def in_field(ctx: Any, field_name: str) -> list[ProcedureHit]:
    """Return the procedures of one field, most used first."""
    return _hits(ctx, "", 200, field=field_name)


@_guard
def procedure_detail(ctx: Any, code: str) -> ProcedureDetail:
    """Return a procedure's current version with the appointment if submitted now (injected clock)."""
    from db.catalogue.service import get_procedure, site_rule
    from db.services.calendar_db import appointment_for

    now = ctx.clock()

    def work(s: Any) -> ProcedureDetail:
        p = get_procedure(s, code)
        rule = site_rule(s, ctx.site_id, p.id)
        version = s.get(m.ProcedureVersion, p.version_id)
        docs = [DocumentLine(d.name, d.originals, d.copies, d.required, d.condition) for d in p.documents]
        return ProcedureDetail(
            code=p.code, name=p.name, field=p.field, level=p.level, agency=p.agency,
            processing_days=p.processing_days, fee_vnd=p.fee_vnd, fee_text=p.fee_text,
            postal_allowed=p.postal_allowed, postal_note=p.postal_note, personal_presence=p.personal_presence,
            online_level=p.online_level, result=p.result, documents=docs, accepted=rule.accepted,
            redirect_note=rule.redirect_note, version_id=p.version_id, received_at=now,
            appointment_at=appointment_for(s, ctx.site_id, version, now),
        )

    return ctx.database.run(work, read_only=True)


# --- queues and tickets -----------------------------------------------------------------------


@_guard
def list_queues(ctx: Any) -> list[QueueChoice]:
    """Return the active queues of this site (general queue first) with how many people wait today."""
    from db.numbering import business_day
    from db.services import queue as queues

    def work(s: Any) -> list[QueueChoice]:
        today = business_day(ctx.clock())
        waiting = dict(s.execute(
            select(m.Ticket.queue_id, func.count()).where(
                m.Ticket.site_id == ctx.site_id, m.Ticket.business_day == today, m.Ticket.state == "waiting")
            .group_by(m.Ticket.queue_id)).all())
        return [QueueChoice(q.id, q.prefix, q.name, q.counter_group, list(q.fields or []), int(waiting.get(q.id, 0)))
                for q in queues.list_queues(s, ctx.site_id)]

    return ctx.database.run(work, read_only=True)


@_guard
def issue_ticket(ctx: Any, queue_id: int, priority_class: str | None = None, priority_reason: str = "") -> TicketResult:
    """Issue a ticket in one queue and write its print job in the same transaction.

    Args:
        ctx: The kiosk context.
        queue_id: Queue to join.
        priority_class: Declared priority group (e.g. ``elderly``) or None.
        priority_reason: Why (logged on the ticket and printed on it).
    """
    from db.services import outbox
    from db.services import queue as queues
    from db.services.queue_ahead import people_ahead
    from kiosk.clock import check_plausible

    now = ctx.clock()
    check_plausible(now)  # a reset hardware clock must not issue numbers for a day long gone

    def work(s: Any) -> TicketResult:
        issued = queues.issue_ticket(s, site_id=ctx.site_id, queue_id=queue_id, kiosk_id=ctx.kiosk_id, now=now,
                                     priority_class=priority_class, priority_reason=priority_reason)
        # issue_ticket counts everyone waiting; a priority ticket jumps the normal ones (per the queue's rule).
        ahead = people_ahead(s, issued.ticket_id)
        payload = {**issued.payload, "people_ahead": ahead}
        job_id = outbox.enqueue(s, kiosk_id=ctx.kiosk_id, kind="ticket", payload=payload, ticket_id=issued.ticket_id)
        return TicketResult(issued.ticket_id, issued.number, issued.queue_name, issued.counter_group, ahead, job_id)

    return ctx.database.run(work)


@_guard
def pending_jobs(ctx: Any) -> int:
    """Return how many print jobs of this kiosk wait in the outbox."""
    from db.services.outbox import pending_count

    return int(pending_count(ctx.database, ctx.kiosk_id))


# --- the submission flow's procedure, print progress and agent unlock ------------------------------


@dataclass(frozen=True)
class RequirementFacts:
    """One document of the checklist, as the catalogue version lists it."""

    id: int
    name: str
    originals: int
    copies: int
    required: bool
    condition: str = ""


@dataclass(frozen=True)
class ProcedureFacts:
    """What the flow needs to know of the chosen procedure's current version."""

    code: str
    name: str
    field: str
    agency: str
    version_id: int
    postal_allowed: bool
    postal_note: str
    personal_presence: bool
    processing_days: int | None
    fee_text: str
    documents: tuple[RequirementFacts, ...] = field(default_factory=tuple)


class ProcedureNotFound(LookupError):
    """The procedure code is unknown or retired."""


def load_procedure(ctx: Any, code: str) -> ProcedureFacts:
    """Read the current version of procedure ``code`` with its document checklist.

    Raises:
        ProcedureNotFound: Unknown or inactive code.
    """
    with ctx.database.read_session() as s:
        proc = s.scalar(select(m.Procedure).where(m.Procedure.code == code))
        if proc is None or not proc.active:
            raise ProcedureNotFound(code)
        version = s.scalar(
            select(m.ProcedureVersion).where(
                m.ProcedureVersion.procedure_id == proc.id,
                m.ProcedureVersion.version_no == proc.current_version_no,
            )
        )
        if version is None:
            raise ProcedureNotFound(code)
        from core.fees import fee_label

        fee = fee_label(version.fee_vnd, version.fee_text or "")
        docs = tuple(
            RequirementFacts(d.id, d.name, d.originals, d.copies, d.required, d.condition or "")
            for d in version.documents
        )
        return ProcedureFacts(
            code=proc.code,
            name=version.name,
            field=version.field,
            agency=version.agency,
            version_id=version.id,
            postal_allowed=bool(version.postal_allowed),
            postal_note=version.postal_note or "",
            personal_presence=bool(version.personal_presence),
            processing_days=version.processing_days,
            fee_text=fee,
            documents=docs,
        )


def job_states(ctx: Any, job_ids: list[int]) -> list[tuple[int, str, str, str]]:
    """``(id, kind, state, last_outcome)`` of this kiosk's print jobs ``job_ids`` (the Done screen's catch-up)."""
    if not job_ids:
        return []

    def work(s: Any) -> list[tuple[int, str, str, str]]:
        rows = s.execute(select(m.PrintJob.id, m.PrintJob.kind, m.PrintJob.state, m.PrintJob.last_outcome)
                         .where(m.PrintJob.id.in_(job_ids), m.PrintJob.kiosk_id == ctx.kiosk_id)).all()
        return [tuple(r) for r in rows]

    return ctx.database.run(work, read_only=True)


@_guard
def verify_agent(ctx: Any, *, pin: str = "", badge: str = "") -> Any:
    """The agent a PIN or a badge scan unlocks at this site (``AgentIdentity``), or None.

    Digits typed fast on a keyboard look like a scan: a "badge" that is a valid PIN is tried as one.
    """
    from db.services import accounts

    with ctx.database.session() as s:
        if badge:
            agent = accounts.verify_agent_badge(s, badge, site_id=ctx.site_id)
            if agent is None and accounts.valid_pin(badge):
                agent = accounts.verify_agent_pin(s, badge, site_id=ctx.site_id)
            return agent
        return accounts.verify_agent_pin(s, pin, site_id=ctx.site_id)


def _staff(agent: Any) -> Any:
    """The unlocked agent as the audit trail records a user (id and username)."""
    from types import SimpleNamespace

    return SimpleNamespace(id=agent.user_id, username=agent.username)


@_guard
def held_jobs(ctx: Any) -> list[Any]:
    """Tickets and receipts of this kiosk that did not print and wait for staff (``outbox.HeldJob``)."""
    from db.services import outbox

    return outbox.held_jobs(ctx.database, ctx.kiosk_id)


@_guard
def reprint_held(ctx: Any, job_id: int, agent: Any, reason: str = "") -> bool:
    """Print a held (or maybe-printed, tray checked: ``reason``) job again now; audited under the agent."""
    from db.services import outbox

    return outbox.reprint_held(ctx.database, job_id, user=_staff(agent), reason=reason)


@_guard
def confirm_printed(ctx: Any, job_id: int, reason: str, agent: Any) -> bool:
    """The agent found a maybe-printed slip in the tray: done, never printed again; audited with ``reason``."""
    from db.services import outbox

    return outbox.confirm_printed(ctx.database, job_id, reason, user=_staff(agent))


@_guard
def cancel_held(ctx: Any, job_id: int, reason: str, agent: Any) -> bool:
    """Cancel a held job with a reason; audited under the agent."""
    from db.services import outbox

    return outbox.cancel_held(ctx.database, job_id, reason, user=_staff(agent))


# --- look-up, rating, staff calls ----------------------------------------------------------------


def parse_ticket_qr(text: str) -> tuple[str, str, str] | None:
    """Split a queue ticket QR ``VE|<site code>|<yyyy-mm-dd>|<number>``; None for other codes."""
    parts = [p.strip() for p in sanitize(text or "").split("|")]
    if len(parts) != 4 or parts[0].upper() != "VE" or not all(parts[1:]):
        return None
    return parts[1], parts[2], parts[3].upper()


@_guard
def ticket_place(ctx: Any, qr_text: str) -> Any:
    """Where the scanned ticket of this site stands today (``queue_ahead.TicketPlace``), or None.

    A ticket of another site or day, or a code that is not a ticket, gives None.
    """
    from datetime import date

    from db.numbering import business_day
    from db.services.queue_ahead import ticket_place as place

    parsed = parse_ticket_qr(qr_text)
    if parsed is None:
        return None
    site_code, day_text, number = parsed
    try:
        day = date.fromisoformat(day_text)
    except ValueError:
        return None
    if day != business_day(ctx.clock()):
        return None

    def work(s: Any) -> Any:
        site = s.get(m.Site, ctx.site_id)
        if site is None or site.code != site_code:
            return None
        return place(s, ctx.site_id, day, number)

    return ctx.database.run(work, read_only=True)


# --- look-up by receipt, by code + secret, by CCCD + phone digits (issues 9 and 10) ----------------------


def parse_receipt_qr(text: str, public_url: str = "") -> tuple[str, str] | None:
    """``(reference, secret)`` from a receipt QR, else None.

    ``HS|<reference>|<secret>``, or ``<url>?ma=<reference>&k=<secret>`` when the URL's host is the one of
    ``public_url`` (the site's ``SiteInfo.public_lookup_url``); a URL of another host is an unknown code.
    """
    from db.services.dossier_lookup import parse_receipt_qr as parse

    return parse(sanitize(text), sanitize(public_url or ""))


def _refuse_if_throttled(ctx: Any, key: str, kind: str, now: datetime) -> None:
    """Raise a citizen-facing :class:`ServiceError` when look-ups are refused now (``kiosk.throttle``)."""
    from db.services.dossier_lookup import lookup_failures

    from kiosk.messages import _

    throttle = ctx.lookup_throttle
    refusal = throttle.refusal(lookup_failures(ctx.database, kiosk_id=ctx.kiosk_id, key=key,
                                               since=now - throttle.memory), now, kind)
    if refusal is None:
        return
    messages = {
        "kiosk": ("KIO-020", _("Quý khách đã nhập sai nhiều lần. Vui lòng thử lại sau {n} giây hoặc gọi nhân viên.",
                               n=refusal.wait_s)),
        "kiosk_day": ("KIO-022", _("Máy này tạm ngừng tra cứu vì có quá nhiều lần nhập sai. "
                                   "Quý khách vui lòng hỏi nhân viên tại quầy.")),
        "reference": ("KIO-021", _("Mã hồ sơ này đã bị nhập sai mã tra cứu quá nhiều lần nên tạm khóa tra cứu tại "
                                   "máy. Quý khách vui lòng hỏi nhân viên tại quầy.")),
        "id": ("KIO-023", _("Thẻ căn cước này đã được thử quá nhiều lần nên tạm khóa tra cứu tại máy. "
                            "Quý khách vui lòng hỏi nhân viên tại quầy.")),
    }
    code, text = messages[refusal.reason]
    _log.info("look-up refused: %s", code)  # the code for staff; never the reference or the ID
    raise ServiceError(text, code, domain=True)


def _record_failure(ctx: Any, key: str, now: datetime) -> None:
    from db.services.dossier_lookup import record_lookup_failure

    record_lookup_failure(ctx.database, kiosk_id=ctx.kiosk_id, key=key, now=now,
                          forget_before=now - ctx.lookup_throttle.memory)


@_guard
def lookup(ctx: Any, reference: str, secret: str) -> Any:
    """Find a dossier by reference and lookup secret (``db.services.dossier_status.LookupResult``) or None.

    Refused (``ServiceError``, domain) while this kiosk or this reference is throttled; a failure is logged
    for this kiosk and this reference; a success resets nothing (``kiosk.throttle``).
    """
    from db.services.dossier_lookup import lookup as find
    from db.services.dossier_lookup import reference_failure_key

    reference, secret = sanitize(reference), sanitize(secret)
    if not reference or not secret:
        return None
    now = ctx.clock()
    key = reference_failure_key(reference)
    _refuse_if_throttled(ctx, key, "reference", now)
    result = find(ctx.database, reference, secret, now=now)
    if result is None:
        _record_failure(ctx, key, now)
    return result


#: Consent purpose and notice version logged when a citizen looks up by CCCD ("Đồng ý" under the notice).
LOOKUP_CONSENT_PURPOSE = "dossier_lookup"
LOOKUP_CONSENT_VERSION = "lookup-id-1"


@_guard
def lookup_by_id_card(ctx: Any, id_number: str, phone_digits: str, issued_on: Any = None) -> tuple[Any, ...]:
    """Open dossiers of the scanned CCCD whose phone ends in ``phone_digits`` (``dossier_lookup.PersonDossier``).

    An empty tuple when nothing matches (wrong digits, no dossier and no phone are one answer). Refused while
    this kiosk or this ID is throttled; a failure is logged under a hash of the ID number, never the number.
    The citizen's "Đồng ý" under the purpose notice is logged as consent for this look-up.
    """
    from db.services.dossier_lookup import id_failure_key
    from db.services.dossier_lookup import lookup_by_id_card as find
    from db.services.feedback import record_consent

    now = ctx.clock()
    key = id_failure_key(id_number)
    _refuse_if_throttled(ctx, key, "id", now)
    record_consent(ctx.database, site_id=ctx.site_id, kiosk_id=ctx.kiosk_id, purpose=LOOKUP_CONSENT_PURPOSE,
                   text_version=LOOKUP_CONSENT_VERSION, accepted=True, now=now)
    found = find(ctx.database, id_number, sanitize(phone_digits), issued_on=issued_on, now=now)
    if not found:
        _record_failure(ctx, key, now)
    return found


@_guard
def record_rating(ctx: Any, level: str, criteria: dict[str, str], comment: str,
                  dossier_reference: str | None = None) -> int:
    """Store a satisfaction rating and return its id."""
    from db.services.feedback import record_rating as record

    return record(ctx.database, site_id=ctx.site_id, kiosk_id=ctx.kiosk_id, level=level, criteria=criteria,
                  comment=comment, dossier_reference=dossier_reference, now=ctx.clock())


@_guard
def raise_staff_call(ctx: Any, reason: str = "citizen", detail: str = "") -> int:
    """Raise a staff call the admin console sees; return its id."""
    from db.services.devices import raise_staff_call as raise_call

    return raise_call(ctx.database, ctx.site_id, ctx.kiosk_id, reason, detail)
