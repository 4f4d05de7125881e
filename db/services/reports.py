"""Statistics per day, field, site or kiosk: dossiers, deadlines, ticket wait/service times, ratings; CSV."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.errors import KioskError
from core.i18n import register_catalogue, translator
from core.inputs import csv_cell
from db.calendar import VN_TZ, to_local
from db.models import Dossier, Kiosk, ProcedureVersion, Queue, Rating, Site, StatusEvent, Ticket
from db.services.dossier_status import DONE_STATUSES, WITHDRAWN

_ = translator("db")
register_catalogue("db", {
    "Khoảng ngày báo cáo không hợp lệ.": "Invalid report date range.",
    "Nhóm báo cáo không hợp lệ: {name}": "Invalid report grouping: {name}",
    "Báo cáo tối đa 366 ngày.": "A report covers at most 366 days.",
})

GROUPS = ("day", "field", "site", "kiosk")
LEVELS = ("very_satisfied", "satisfied", "unsatisfied")
#: Statuses that end the agency's work (on time when reached by the due date). Withdrawn is not judged.
FINISHED = frozenset(DONE_STATUSES - {WITHDRAWN})
NONE_KEY = "—"
CSV_COLUMNS = ("group", "key", "received", "by_post", "on_time", "overdue", "open", "tickets", "avg_wait_s",
               "avg_service_s", *(f"rating_{lv}" for lv in LEVELS))


class ReportError(KioskError):
    """A report was asked for with bad parameters."""

    code = "ADM-200"


@dataclass
class ReportRow:
    """Figures of one group (a day, a field, a site or a kiosk).

    Attributes:
        key: Group label (ISO day, field name, site code or ``site/kiosk`` code; ``—`` when unknown).
        received: Dossiers received.
        by_post: Of those, results to be returned by post.
        on_time: Dossiers finished (result ready, refused, returned) by their due date.
        overdue: Finished late, or still open past the due date at report time.
        open: Still open and not (yet) late, or without a deadline.
        tickets: Tickets issued.
        avg_wait_s: Average wait from issue to first call (called tickets), None without data.
        avg_service_s: Average service time from call (or start) to finish (done tickets), None without data.
        ratings: Level -> count.
    """

    key: str
    received: int = 0
    by_post: int = 0
    on_time: int = 0
    overdue: int = 0
    open: int = 0
    tickets: int = 0
    avg_wait_s: float | None = None
    avg_service_s: float | None = None
    ratings: dict[str, int] = field(default_factory=lambda: dict.fromkeys(LEVELS, 0))
    _waits: list[float] = field(default_factory=list, repr=False)
    _services: list[float] = field(default_factory=list, repr=False)


@dataclass(frozen=True)
class Report:
    """A whole report: parameters, rows sorted by key, and the total row."""

    group: str
    day_from: date
    day_to: date
    site_id: int | None
    rows: list[ReportRow]
    total: ReportRow


def _bounds(day_from: date, day_to: date) -> tuple[datetime, datetime]:
    if day_from > day_to:
        raise ReportError(_("Khoảng ngày báo cáo không hợp lệ."), code="ADM-201")
    if (day_to - day_from).days > 366:
        raise ReportError(_("Báo cáo tối đa 366 ngày."), code="ADM-203")
    start = datetime.combine(day_from, time.min, tzinfo=VN_TZ)
    return start, datetime.combine(day_to + timedelta(days=1), time.min, tzinfo=VN_TZ)


def _kiosk_labels(session: Session) -> tuple[dict[int, str], dict[int, str]]:
    sites = dict(session.execute(select(Site.id, Site.code)).all())
    kiosks = {k: f"{sites.get(s, s)}/{c}" for k, s, c in session.execute(select(Kiosk.id, Kiosk.site_id, Kiosk.code))}
    return sites, kiosks


def build_report(session: Session, *, group: str, day_from: date, day_to: date, now: datetime,
                 site_id: int | None = None) -> Report:
    """Compute the report for local days ``day_from``..``day_to`` (inclusive, Asia/Ho_Chi_Minh).

    Dossiers count by receipt day; tickets by business day (field = the ticket's queue name, one queue
    per field); ratings by their day (field = the rated dossier's field).

    Args:
        session: A read session.
        group: ``day``, ``field``, ``site`` or ``kiosk``.
        day_from: First day.
        day_to: Last day.
        now: Report time (open dossiers past their due date count as overdue).
        site_id: One site only, or None for all.

    Raises:
        ReportError: unknown group (ADM-202), bad range (ADM-201, ADM-203).
    """
    if group not in GROUPS:
        raise ReportError(_("Nhóm báo cáo không hợp lệ: {name}", name=group), code="ADM-202")
    start, end = _bounds(day_from, day_to)
    sites, kiosks = _kiosk_labels(session)
    rows: dict[str, ReportRow] = {}

    def row(key: object) -> ReportRow:
        label = NONE_KEY if key in (None, "") else str(key)
        return rows.setdefault(label, ReportRow(label))

    def key_of(day: date, fld: str | None, site: int | None, kiosk: int | None) -> object:
        return {"day": day.isoformat(), "field": fld, "site": sites.get(site) if site else None,
                "kiosk": kiosks.get(kiosk) if kiosk else None}[group]

    _add_dossiers(session, start, end, site_id, now, row, key_of)
    _add_tickets(session, day_from, day_to, site_id, row, key_of)
    _add_ratings(session, start, end, site_id, row, key_of)
    ordered = [rows[k] for k in sorted(rows, key=lambda k: (k == NONE_KEY, k))]
    total = ReportRow("total")
    for r in ordered:
        _finish(r)
        _merge(total, r)
    _finish(total)
    return Report(group, day_from, day_to, site_id, ordered, total)


def _add_dossiers(session: Session, start: datetime, end: datetime, site_id: int | None, now: datetime,
                  row: Any, key_of: Any) -> None:
    finished_at = (select(StatusEvent.dossier_id, func.min(StatusEvent.at).label("at"))
                   .where(StatusEvent.status.in_(FINISHED)).group_by(StatusEvent.dossier_id).subquery())
    stmt = (select(Dossier.received_at, Dossier.site_id, Dossier.kiosk_id, Dossier.return_method, Dossier.status,
                   Dossier.due_at, Dossier.clock_paused_at, ProcedureVersion.field, finished_at.c.at)
            .join(ProcedureVersion, ProcedureVersion.id == Dossier.procedure_version_id)
            .outerjoin(finished_at, finished_at.c.dossier_id == Dossier.id)
            .where(Dossier.received_at >= start, Dossier.received_at < end))
    if site_id is not None:
        stmt = stmt.where(Dossier.site_id == site_id)
    for received, site, kiosk, method, status, due, paused, fld, done_at in session.execute(stmt):
        r = row(key_of(to_local(received).date(), fld, site, kiosk))
        r.received += 1
        r.by_post += method == "post"
        if done_at is not None and status != WITHDRAWN:
            if due is None or done_at <= due:
                r.on_time += 1
            else:
                r.overdue += 1
        elif status != WITHDRAWN and due is not None and paused is None and now > due:
            r.overdue += 1
        elif status != WITHDRAWN:
            r.open += 1


def _add_tickets(session: Session, day_from: date, day_to: date, site_id: int | None, row: Any,
                 key_of: Any) -> None:
    stmt = (select(Ticket.business_day, Ticket.site_id, Ticket.kiosk_id, Queue.name, Ticket.state,
                   Ticket.issued_at, Ticket.called_at, Ticket.served_at, Ticket.finished_at)
            .join(Queue, Queue.id == Ticket.queue_id)
            .where(Ticket.business_day >= day_from, Ticket.business_day <= day_to))
    if site_id is not None:
        stmt = stmt.where(Ticket.site_id == site_id)
    for day, site, kiosk, queue_name, state, issued, called, served, finished in session.execute(stmt):
        r = row(key_of(day, queue_name, site, kiosk))
        r.tickets += 1
        if called is not None:
            r._waits.append(max(0.0, (called - issued).total_seconds()))
        if state == "done" and finished is not None and (served or called) is not None:
            r._services.append(max(0.0, (finished - (served or called)).total_seconds()))


def _add_ratings(session: Session, start: datetime, end: datetime, site_id: int | None, row: Any,
                 key_of: Any) -> None:
    stmt = (select(Rating.at, Rating.site_id, Rating.kiosk_id, Rating.level, ProcedureVersion.field)
            .outerjoin(Dossier, Dossier.id == Rating.dossier_id)
            .outerjoin(ProcedureVersion, ProcedureVersion.id == Dossier.procedure_version_id)
            .where(Rating.at >= start, Rating.at < end))
    if site_id is not None:
        stmt = stmt.where(Rating.site_id == site_id)
    for at, site, kiosk, level, fld in session.execute(stmt):
        r = row(key_of(to_local(at).date(), fld, site, kiosk))
        if level in r.ratings:
            r.ratings[level] += 1


def _finish(r: ReportRow) -> None:
    r.avg_wait_s = round(sum(r._waits) / len(r._waits), 1) if r._waits else None
    r.avg_service_s = round(sum(r._services) / len(r._services), 1) if r._services else None


def _merge(total: ReportRow, r: ReportRow) -> None:
    for name in ("received", "by_post", "on_time", "overdue", "open", "tickets"):
        setattr(total, name, getattr(total, name) + getattr(r, name))
    total._waits.extend(r._waits)
    total._services.extend(r._services)
    for level, n in r.ratings.items():
        total.ratings[level] = total.ratings.get(level, 0) + n


def report_csv(report: Report) -> str:
    """The report as CSV text (UTF-8, one header row, the total row last; ``avg_*`` in seconds).

    Text cells a spreadsheet would run as a formula (a site, field or kiosk named ``=HYPERLINK(...)``, ``+…``,
    ``-…``, ``@…``) get a leading apostrophe (``core.inputs.csv_cell``).
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for r in [*report.rows, report.total]:
        writer.writerow([csv_cell(report.group), csv_cell(r.key), r.received, r.by_post, r.on_time, r.overdue,
                         r.open, r.tickets,
                         "" if r.avg_wait_s is None else r.avg_wait_s,
                         "" if r.avg_service_s is None else r.avg_service_s,
                         *(r.ratings.get(lv, 0) for lv in LEVELS)])
    return out.getvalue()
