"""S10 tracking numbers for results returned by post: the site's series, and the address label that draws one.

A site's admin configures a series (``core.s10.SerialRange``: prefix, first..last serial, country); one series
is active per site. A dossier gets its number the first time its address label is printed: the next serial is
taken with a guarded ``UPDATE tracking_series SET last_used = n WHERE last_used = n - 1`` and stored on the
dossier with a guarded ``UPDATE dossiers SET tracking_number = … WHERE tracking_number IS NULL``, in the
transaction that also queues the label. Two consoles never get the same number (the guard, and the unique
column); a reprint reuses the stored number; a failed transaction consumes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from core.errors import KioskError
from core.i18n import register_catalogue, translator
from core.s10 import SerialRange
from core.text import sanitize
from db.calendar import to_local
from db.engine import Database
from db.models import Dossier, Kiosk, Site, TrackingSeries
from db.services import audit, outbox
from db.services.dossier_flow import REJECTED, RESULT_IN_TRANSIT, RESULT_READY, load_dossier

_ = translator("db")
register_catalogue("db", {
    "Điểm phục vụ chưa khai báo dải số hiệu bưu gửi (S10); quản trị viên cần khai báo trước khi in nhãn.":
        "This service point has no S10 tracking number series; an administrator must configure one first.",
    "Hồ sơ nhận kết quả tại quầy, không in nhãn gửi.":
        "This dossier's result is collected at the counter: no address label.",
    "Chỉ in nhãn gửi khi đã có kết quả (trạng thái hiện tại: {status}).":
        "An address label is printed only once the result is ready (status now: {status}).",
    "Dải {prefix} {first}-{last} trùng với dải đã khai báo {other}; số hiệu bưu gửi sẽ bị lặp.":
        "The series {prefix} {first}-{last} overlaps the series {other}; tracking numbers would repeat.",
    "Không tìm thấy điểm phục vụ.": "Service point not found.",
    "Hồ sơ thiếu họ tên hoặc địa chỉ nhận kết quả qua bưu chính.":
        "The dossier has no recipient name or delivery address.",
    "Kết quả giải quyết thủ tục hành chính": "Result of an administrative procedure",
    "Đã dùng {percent}% dải số hiệu bưu gửi {prefix} (còn {remaining} số); hãy khai báo dải mới.":
        "{percent}% of the {prefix} tracking number series is used ({remaining} left); configure the next series.",
})

#: Statuses in which the result exists and can be sent by post (its label printed or reprinted).
LABEL_STATUSES = frozenset({RESULT_READY, REJECTED, RESULT_IN_TRANSIT})
_ALLOCATION_TRIES = 50


class TrackingError(KioskError):
    """A tracking series or an address label cannot be made as asked (DOS-08x)."""

    code = "DOS-080"


class _NumberRace(Exception):
    """Another transaction stored a number on the dossier first: roll back and read it again."""


@dataclass(frozen=True)
class SeriesView:
    """A site's series and how much of it is used."""

    id: int
    site_id: int
    prefix: str
    first: int
    last: int
    country: str
    last_used: int | None
    active: bool
    used: int
    remaining: int
    used_fraction: float
    warning: bool

    @property
    def range(self) -> SerialRange:
        """The pure series (``core.s10``)."""
        return SerialRange(self.prefix, self.first, self.last, self.country)


@dataclass(frozen=True)
class LabelPrint:
    """The outcome of printing an address label.

    Attributes:
        tracking_number: The dossier's S10 number.
        new_number: True when it was drawn now; False for a reprint.
        payload: The ``label`` print payload (docs/CONTRACTS.md).
        job_id: The outbox job, or None when no kiosk prints it (the caller writes a file).
        kiosk_code: The kiosk that prints it ("" without one).
        warning: Text for the agent when the series is 90 % used (empty otherwise).
        used_fraction: Share of the series used after this number (None for a reprint).
    """

    tracking_number: str
    new_number: bool
    payload: dict[str, Any]
    job_id: int | None
    kiosk_code: str
    warning: str
    used_fraction: float | None


def _view(row: TrackingSeries) -> SeriesView:
    rng = SerialRange(row.prefix, row.first_serial, row.last_serial, row.country)
    return SeriesView(row.id, row.site_id, row.prefix, row.first_serial, row.last_serial, row.country, row.last_used,
                      row.active, rng.used(row.last_used), rng.remaining(row.last_used),
                      rng.used_fraction(row.last_used), rng.nearly_exhausted(row.last_used))


def active_series(session: Session, site_id: int) -> SeriesView | None:
    """The site's active series, or None."""
    row = session.scalar(select(TrackingSeries).where(TrackingSeries.site_id == site_id, TrackingSeries.active)
                         .order_by(TrackingSeries.id.desc()).limit(1))
    return _view(row) if row is not None else None


def list_series(session: Session, site_id: int) -> list[SeriesView]:
    """Every series of the site, newest first."""
    rows = session.scalars(select(TrackingSeries).where(TrackingSeries.site_id == site_id)
                           .order_by(TrackingSeries.id.desc()))
    return [_view(r) for r in rows]


def set_series(database: Database, site_id: int, *, prefix: str, first: int, last: int, country: str = "VN",
               user: Any) -> SeriesView:
    """Configure the site's series (the previous one is retired; its used numbers stay used). Audited.

    Raises:
        S10Error: bad letters (S10-002/004) or range (S10-010).
        TrackingError: unknown site (DOS-084), a range overlapping an earlier series of the same prefix and
            country at any site (DOS-085: numbers would repeat).
    """
    rng = SerialRange(prefix, first, last, country)

    def work(session: Session) -> SeriesView:
        if session.get(Site, site_id) is None:
            raise TrackingError(_("Không tìm thấy điểm phục vụ."), code="DOS-084")
        clash = session.scalar(select(TrackingSeries).where(
            TrackingSeries.prefix == rng.prefix, TrackingSeries.country == rng.country,
            TrackingSeries.first_serial <= rng.last, TrackingSeries.last_serial >= rng.first).limit(1))
        if clash is not None:
            raise TrackingError(_("Dải {prefix} {first}-{last} trùng với dải đã khai báo {other}; số hiệu bưu gửi sẽ "
                                  "bị lặp.", prefix=rng.prefix, first=f"{rng.first:08d}", last=f"{rng.last:08d}",
                                  other=f"{clash.prefix} {clash.first_serial:08d}-{clash.last_serial:08d}"),
                                code="DOS-085")
        session.execute(update(TrackingSeries).where(TrackingSeries.site_id == site_id, TrackingSeries.active)
                        .values(active=False))
        actor = getattr(user, "username", None) or str(user or "")
        row = TrackingSeries(site_id=site_id, prefix=rng.prefix, first_serial=rng.first, last_serial=rng.last,
                             country=rng.country, last_used=None, active=True, created_by=sanitize(actor)[:80])
        session.add(row)
        session.flush()
        audit.record(session, user=user, action="site.tracking_series", entity="site", entity_id=str(site_id),
                     after={"prefix": rng.prefix, "first": rng.first, "last": rng.last, "country": rng.country})
        return _view(row)

    return database.run(work)


def warning_text(series: SeriesView) -> str:
    """The 90 % warning for the agent (empty below it)."""
    if not series.warning:
        return ""
    return _("Đã dùng {percent}% dải số hiệu bưu gửi {prefix} (còn {remaining} số); hãy khai báo dải mới.",
             percent=int(series.used_fraction * 100), prefix=series.prefix, remaining=series.remaining)


def allocate(session: Session, site_id: int) -> tuple[str, SeriesView]:
    """Draw the next number of the site's active series in the caller's transaction (guarded update).

    Raises:
        TrackingError: no active series (DOS-080).
        S10Error: the series is used up (S10-011).
    """
    for _attempt in range(_ALLOCATION_TRIES):
        row = session.execute(
            select(TrackingSeries.id, TrackingSeries.prefix, TrackingSeries.first_serial, TrackingSeries.last_serial,
                   TrackingSeries.country, TrackingSeries.last_used)
            .where(TrackingSeries.site_id == site_id, TrackingSeries.active)
            .order_by(TrackingSeries.id.desc()).limit(1)
            .execution_options(populate_existing=True)).first()
        if row is None:
            raise TrackingError(_("Điểm phục vụ chưa khai báo dải số hiệu bưu gửi (S10); quản trị viên cần khai báo "
                                  "trước khi in nhãn."), code="DOS-080")
        rng = SerialRange(row.prefix, row.first_serial, row.last_serial, row.country)
        drawn = rng.allocate(row.last_used)  # S10-011 when used up: nothing printed, nothing stored
        guard = (TrackingSeries.last_used.is_(None) if row.last_used is None
                 else TrackingSeries.last_used == row.last_used)
        done = session.execute(update(TrackingSeries).where(TrackingSeries.id == row.id, guard)
                               .values(last_used=drawn.serial).execution_options(synchronize_session=False))
        if done.rowcount == 1:
            series = SeriesView(row.id, site_id, rng.prefix, rng.first, rng.last, rng.country, drawn.serial, True,
                                rng.used(drawn.serial), rng.remaining(drawn.serial), drawn.used_fraction,
                                drawn.warning)
            return drawn.number, series
    raise TrackingError(_("Hồ sơ vừa được người khác cập nhật; vui lòng tải lại."), code="DOS-030")


def label_payload(site: Site, dossier: Dossier, tracking_number: str, *, now: datetime) -> dict[str, Any]:
    """The ``label`` print payload of a dossier (docs/CONTRACTS.md), Vietnamese whatever the console's language."""
    return {
        "tracking_number": tracking_number,
        "reference": dossier.reference,
        "sender": {"name": site.name, "address": site.address, "hotline": site.hotline},
        "recipient": {"name": dossier.applicant_name, "phone": dossier.applicant_phone,
                      "address": dossier.delivery_address},
        "cod_vnd": 0,
        "content": _("Kết quả giải quyết thủ tục hành chính", lang="vi"),
        "sent_at": to_local(now).isoformat(timespec="seconds"),
    }


def _check_label(dossier: Dossier) -> None:
    if dossier.return_method != "post":
        raise TrackingError(_("Hồ sơ nhận kết quả tại quầy, không in nhãn gửi."), code="DOS-081")
    if dossier.status not in LABEL_STATUSES:
        from db.services.dossier_flow import status_label

        raise TrackingError(_("Chỉ in nhãn gửi khi đã có kết quả (trạng thái hiện tại: {status}).",
                              status=status_label(dossier.status)), code="DOS-082")
    if not dossier.applicant_name.strip() or not dossier.delivery_address.strip():
        raise TrackingError(_("Hồ sơ thiếu họ tên hoặc địa chỉ nhận kết quả qua bưu chính."), code="DOS-083")


def _label_work(session: Session, dossier_id: int, kiosk_id: int | None, user: Any, now: datetime) -> LabelPrint:
    dossier = load_dossier(session, dossier_id)
    _check_label(dossier)
    site = session.get(Site, dossier.site_id)
    assert site is not None
    kiosk = None
    if kiosk_id is not None:
        kiosk = session.get(Kiosk, kiosk_id)
        if kiosk is None or kiosk.site_id != dossier.site_id:
            raise TrackingError(_("Không tìm thấy ki-ốt của điểm phục vụ này."), code="DOS-071")
    number = dossier.tracking_number
    series: SeriesView | None = None
    if number is None:
        number, series = allocate(session, dossier.site_id)
        stored = session.execute(update(Dossier).where(Dossier.id == dossier.id, Dossier.tracking_number.is_(None))
                                 .values(tracking_number=number).execution_options(synchronize_session=False))
        if stored.rowcount != 1:
            raise _NumberRace()
    payload = label_payload(site, dossier, number, now=now)
    job = None
    if kiosk is not None:
        job = outbox.enqueue(session, kiosk_id=kiosk.id, kind="label", payload=payload, dossier_id=dossier.id)
    audit.record(session, user=user, action="dossier.label", entity="dossier", entity_id=dossier.reference,
                 after={"tracking_number": number, "new": series is not None, "print_job": job,
                        "kiosk": kiosk.code if kiosk else ""})
    return LabelPrint(number, series is not None, payload, job, kiosk.code if kiosk else "",
                      warning_text(series) if series else "", series.used_fraction if series else None)


def print_label(database: Database, dossier_id: int, *, user: Any, now: datetime,
                kiosk_id: int | None = None) -> LabelPrint:
    """Give the dossier its S10 number (first time) and queue its address label to ``kiosk_id``'s printer.

    Without ``kiosk_id`` nothing is queued: the caller renders ``payload`` to a file. The number is drawn and
    stored in the same transaction as the job and the audit row (``dossier.label``), so a failure consumes
    nothing, and a reprint reuses the stored number.

    Raises:
        TrackingError: DOS-080 no series, DOS-081 counter return, DOS-082 no result yet, DOS-083 no recipient,
            DOS-071 kiosk of another site; DossierError DOS-034 unknown dossier.
        S10Error: S10-011 the series is used up (checked before anything is queued).
    """
    to_local(now)
    for _attempt in range(3):
        try:
            return database.run(lambda s: _label_work(s, dossier_id, kiosk_id, user, now))
        except _NumberRace:
            continue  # another console stored a number meanwhile: read it and reuse it
    raise TrackingError(_("Hồ sơ vừa được người khác cập nhật; vui lòng tải lại."), code="DOS-030")


def site_kiosks(session: Session, site_id: int) -> list[tuple[int, str, str]]:
    """Active kiosks of a site: ``(id, code, printer_url)``."""
    rows = session.execute(select(Kiosk.id, Kiosk.code, Kiosk.printer_url)
                           .where(Kiosk.site_id == site_id, Kiosk.active).order_by(Kiosk.code))
    return [(r.id, r.code, r.printer_url) for r in rows]


__all__ = ["LABEL_STATUSES", "LabelPrint", "SeriesView", "TrackingError", "active_series", "allocate",
           "label_payload", "list_series", "print_label", "set_series", "site_kiosks", "warning_text"]
