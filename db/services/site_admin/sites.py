"""Sites, kiosks, holiday overrides, scan retention, test prints and staff calls; every change audited."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from core.errors import KioskError
from core.i18n import register_catalogue, translator
from core.text import sanitize
from db.calendar import parse_opening_days, parse_opening_hours
from db.engine import Database
from db.models import HolidayOverride, Kiosk, PrintJob, Site
from db.services import audit, outbox
from db.types import utcnow

_ = translator("db")
register_catalogue("db", {
    "Không tìm thấy điểm phục vụ.": "Service point not found.",
    "Không tìm thấy ki-ốt.": "Kiosk not found.",
    "Tên không được để trống.": "The name cannot be empty.",
    "Mã đơn vị không hợp lệ (chữ, số, dấu chấm hoặc gạch ngang, tối đa 40 ký tự).":
        "Invalid unit code (letters, digits, dots or dashes, at most 40 characters).",
    "Thời hạn lưu bản quét phải từ 0 đến 3650 ngày.": "The scan retention period must be 0 to 3650 days.",
    "Địa chỉ trang tra cứu không hợp lệ: cần bắt đầu bằng https:// hoặc http://, có tên máy chủ, "
    "không có dấu cách, tối đa 300 ký tự.":
        "Invalid look-up page address: it must start with https:// or http://, name a host, have no spaces and "
        "be at most 300 characters.",
    "Địa chỉ máy in không hợp lệ: {url}": "Invalid printer address: {url}",
    "Mã ki-ốt không hợp lệ hoặc đã tồn tại.": "The kiosk code is invalid or already used.",
    "Ngày này đã có điều chỉnh lịch.": "This day already has a calendar override.",
    "Loại điều chỉnh phải là ngày nghỉ hoặc ngày làm bù.": "The override must be a day off or a make-up working day.",
    "Không tìm thấy điều chỉnh lịch.": "Calendar override not found.",
    "Quy tắc ưu tiên không hợp lệ.": "Invalid priority rule.",
    "N phải từ 2 đến 20.": "N must be between 2 and 20.",
    "Vé không còn chờ; có thể quầy khác đã gọi.": "The ticket is no longer waiting; another counter may have called it.",
    "Không tìm thấy hàng đợi.": "Queue not found.",
    "Trường không được phép sửa: {name}": "Field cannot be edited: {name}",
    "IN THỬ": "TEST PRINT",
    "Ki-ốt: {kiosk}": "Kiosk: {kiosk}",
    "Điểm phục vụ: {site}": "Service point: {site}",
    "Người yêu cầu: {user}": "Requested by: {user}",
    "Thời điểm: {at}": "Time: {at}",
    "Tiếng Việt: ăâđêôơư ÀÁẢÃẠ Đ": "Vietnamese: ăâđêôơư ÀÁẢÃẠ Đ",
})

PRINTER_SCHEMES = ("tcp", "usb", "serial", "file", "cups", "virtual")
SITE_FIELDS = ("name", "unit_code", "address", "hotline", "opening_days", "opening_hours", "scan_retention_days",
               "active", "public_lookup_url")
KIOSK_FIELDS = ("name", "printer_url", "camera_source", "active")
_UNIT_CODE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z.\-]{0,39}$")
_KIOSK_CODE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._\-]{0,39}$")


class SiteAdminError(KioskError):
    """A settings change was refused; the message says why."""

    code = "ADM-100"


@dataclass(frozen=True)
class SiteRow:
    """A site as the settings mode lists it."""

    id: int
    code: str
    name: str
    unit_code: str
    address: str
    hotline: str
    opening_days: str
    opening_hours: str
    scan_retention_days: int
    active: bool
    #: Printed receipts' QRs point here (``<url>?ma=<reference>&k=<secret>``); "" = the bare ``HS|…`` code.
    public_lookup_url: str = ""


@dataclass(frozen=True)
class KioskRow:
    """A kiosk as the settings and devices modes list it."""

    id: int
    site_id: int
    site_code: str
    code: str
    name: str
    printer_url: str
    camera_source: str
    active: bool


@dataclass(frozen=True)
class OverrideRow:
    """A holiday override: ``kind`` ``off`` (extra day off) or ``work`` (make-up working day)."""

    id: int
    site_id: int | None
    day: date
    kind: str
    name: str




def _site_row(s: Site) -> SiteRow:
    return SiteRow(s.id, s.code, s.name, s.unit_code, s.address, s.hotline, s.opening_days, s.opening_hours,
                   s.scan_retention_days or 0, bool(s.active), s.public_lookup_url or "")


def _kiosk_row(k: Kiosk, site_code: str) -> KioskRow:
    return KioskRow(k.id, k.site_id, site_code, k.code, k.name, k.printer_url, k.camera_source, bool(k.active))


# --- reads ---------------------------------------------------------------------------------------


def list_sites(session: Session) -> list[SiteRow]:
    """Every site, by code."""
    return [_site_row(s) for s in session.scalars(select(Site).order_by(Site.code))]


def list_kiosks(session: Session, site_id: int | None = None) -> list[KioskRow]:
    """Every kiosk (of one site when given), by site and code."""
    stmt = select(Kiosk, Site.code).join(Site, Site.id == Kiosk.site_id).order_by(Site.code, Kiosk.code)
    if site_id is not None:
        stmt = stmt.where(Kiosk.site_id == site_id)
    return [_kiosk_row(k, code) for k, code in session.execute(stmt).all()]


def list_overrides(session: Session, site_id: int | None = None, *, year: int | None = None) -> list[OverrideRow]:
    """Holiday overrides: the global ones plus those of ``site_id`` (all sites when None), by day."""
    stmt = select(HolidayOverride).order_by(HolidayOverride.day, HolidayOverride.id)
    if site_id is not None:
        stmt = stmt.where((HolidayOverride.site_id.is_(None)) | (HolidayOverride.site_id == site_id))
    if year is not None:
        stmt = stmt.where(HolidayOverride.day >= date(year, 1, 1), HolidayOverride.day <= date(year, 12, 31))
    return [OverrideRow(o.id, o.site_id, o.day, o.kind, o.name) for o in session.scalars(stmt)]


# --- validation ----------------------------------------------------------------------------------


def check_printer_url(url: str) -> str:
    """Return a cleaned printer URL whose scheme is one the kiosk's printing layer knows.

    Raises:
        SiteAdminError: ADM-104 for an empty URL or an unknown scheme.
    """
    clean = sanitize(url or "")
    scheme = clean.split("://", 1)[0].lower() if "://" in clean else ""
    if scheme not in PRINTER_SCHEMES or len(clean) > 300:
        raise SiteAdminError(_("Địa chỉ máy in không hợp lệ: {url}", url=clean), code="ADM-104")
    return clean


def check_public_lookup_url(url: str) -> str:
    """Return a cleaned public look-up URL ("" clears it): http(s), a host, no spaces, at most 300 characters.

    Raises:
        SiteAdminError: ADM-118 otherwise.
    """
    from urllib.parse import urlsplit

    clean = sanitize(url or "")
    if not clean:
        return ""
    try:
        parts = urlsplit(clean)
        ok = parts.scheme.lower() in ("http", "https") and bool(parts.hostname) and parts.port != 0
    except ValueError:
        ok = False
    if not ok or " " in clean or len(clean) > 300:
        raise SiteAdminError(_("Địa chỉ trang tra cứu không hợp lệ: cần bắt đầu bằng https:// hoặc http://, có tên "
                               "máy chủ, không có dấu cách, tối đa 300 ký tự."), code="ADM-118")
    return clean


def _clean_site(changes: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in changes.items():
        if key not in SITE_FIELDS:
            raise SiteAdminError(_("Trường không được phép sửa: {name}", name=key), code="ADM-109")
        if key == "active":
            out[key] = bool(value)
        elif key == "scan_retention_days":
            try:
                days = int(value)
            except (TypeError, ValueError):
                days = -1
            if not 0 <= days <= 3650:
                raise SiteAdminError(_("Thời hạn lưu bản quét phải từ 0 đến 3650 ngày."), code="ADM-103")
            out[key] = days
        elif key == "public_lookup_url":
            out[key] = check_public_lookup_url(str(value or ""))
        else:
            text = sanitize(str(value or ""))
            if key == "name" and not text:
                raise SiteAdminError(_("Tên không được để trống."), code="ADM-101")
            if key == "unit_code" and not _UNIT_CODE.match(text):
                raise SiteAdminError(
                    _("Mã đơn vị không hợp lệ (chữ, số, dấu chấm hoặc gạch ngang, tối đa 40 ký tự)."), code="ADM-102")
            if key == "opening_days":
                text = ",".join(str(d) for d in sorted(parse_opening_days(text)))  # CAL-004 on bad input
            if key == "opening_hours":
                parse_opening_hours(text)  # CAL-003 on bad input
                text = text.replace(" ", "")
            out[key] = text[:300]
    return out


def _clean_kiosk(changes: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in changes.items():
        if key not in KIOSK_FIELDS:
            raise SiteAdminError(_("Trường không được phép sửa: {name}", name=key), code="ADM-109")
        if key == "active":
            out[key] = bool(value)
        elif key == "printer_url":
            out[key] = check_printer_url(str(value or ""))
        else:
            out[key] = sanitize(str(value or ""))[:300]
    return out


# --- writes (each in one transaction with its audit event) ---------------------------------------


def update_site(database: Database, site_id: int, changes: dict[str, Any], *, user: Any) -> SiteRow:
    """Change a site's fields (name, unit code, address, hotline, opening days/hours, retention, active, look-up URL).

    Args:
        database: The database.
        site_id: Site to change.
        changes: Field -> new value (only :data:`SITE_FIELDS`).
        user: Console user (audit actor).

    Raises:
        SiteAdminError: unknown site (ADM-105) or invalid value (ADM-101..103, ADM-109, ADM-118 look-up URL);
        CalendarError: invalid opening days or hours (CAL-003/004).
    """
    clean = _clean_site(changes)

    def work(session: Session) -> SiteRow:
        site = session.get(Site, site_id)
        if site is None:
            raise SiteAdminError(_("Không tìm thấy điểm phục vụ."), code="ADM-105")
        before = asdict(_site_row(site))
        for key, value in clean.items():
            setattr(site, key, value)
        session.flush()
        after = asdict(_site_row(site))
        old, new = audit.changes(before, after)
        if new:
            audit.record(session, user=user, action="site.update", entity="site", entity_id=site.code,
                         before=old, after=new)
        return _site_row(site)

    return database.run(work)


def update_kiosk(database: Database, kiosk_id: int, changes: dict[str, Any], *, user: Any) -> KioskRow:
    """Change a kiosk's name, printer URL, camera source or active flag (audited ``kiosk.update``).

    Raises:
        SiteAdminError: unknown kiosk (ADM-106), bad printer URL (ADM-104), bad field (ADM-109).
    """
    clean = _clean_kiosk(changes)

    def work(session: Session) -> KioskRow:
        kiosk = session.get(Kiosk, kiosk_id)
        if kiosk is None:
            raise SiteAdminError(_("Không tìm thấy ki-ốt."), code="ADM-106")
        site_code = kiosk.site.code
        before = asdict(_kiosk_row(kiosk, site_code))
        for key, value in clean.items():
            setattr(kiosk, key, value)
        session.flush()
        old, new = audit.changes(before, asdict(_kiosk_row(kiosk, site_code)))
        if new:
            audit.record(session, user=user, action="kiosk.update", entity="kiosk",
                         entity_id=f"{site_code}/{kiosk.code}", before=old, after=new)
        return _kiosk_row(kiosk, site_code)

    return database.run(work)


def add_kiosk(database: Database, site_id: int, code: str, *, user: Any, name: str = "",
              printer_url: str = "virtual://", camera_source: str = "") -> KioskRow:
    """Register a new kiosk at a site (audited ``kiosk.add``).

    Raises:
        SiteAdminError: unknown site (ADM-105), code invalid or taken (ADM-107), bad printer URL (ADM-104).
    """
    code = sanitize(code or "")
    if not _KIOSK_CODE.match(code):
        raise SiteAdminError(_("Mã ki-ốt không hợp lệ hoặc đã tồn tại."), code="ADM-107")
    fields = _clean_kiosk({"name": name, "printer_url": printer_url, "camera_source": camera_source})

    def work(session: Session) -> KioskRow:
        site = session.get(Site, site_id)
        if site is None:
            raise SiteAdminError(_("Không tìm thấy điểm phục vụ."), code="ADM-105")
        taken = session.scalar(select(Kiosk.id).where(Kiosk.site_id == site_id, Kiosk.code == code))
        if taken is not None:
            raise SiteAdminError(_("Mã ki-ốt không hợp lệ hoặc đã tồn tại."), code="ADM-107")
        kiosk = Kiosk(site_id=site_id, code=code, active=True, **fields)
        session.add(kiosk)
        session.flush()
        row = _kiosk_row(kiosk, site.code)
        audit.record(session, user=user, action="kiosk.add", entity="kiosk", entity_id=f"{site.code}/{code}",
                     after=asdict(row))
        return row

    return database.run(work)


def add_override(database: Database, day: date, kind: str, *, user: Any, name: str = "",
                 site_id: int | None = None) -> OverrideRow:
    """Add an extra day off (``off``) or a make-up working day (``work``), for one site or all (audited).

    Raises:
        SiteAdminError: bad kind (ADM-110), the day already has an override in that scope (ADM-111),
        unknown site (ADM-105).
    """
    if kind not in ("off", "work"):
        raise SiteAdminError(_("Loại điều chỉnh phải là ngày nghỉ hoặc ngày làm bù."), code="ADM-110")
    label = sanitize(name or "")[:200]

    def work(session: Session) -> OverrideRow:
        if site_id is not None and session.get(Site, site_id) is None:
            raise SiteAdminError(_("Không tìm thấy điểm phục vụ."), code="ADM-105")
        scope = HolidayOverride.site_id.is_(None) if site_id is None else HolidayOverride.site_id == site_id
        if session.scalar(select(HolidayOverride.id).where(scope, HolidayOverride.day == day)) is not None:
            raise SiteAdminError(_("Ngày này đã có điều chỉnh lịch."), code="ADM-111")
        row = HolidayOverride(site_id=site_id, day=day, kind=kind, name=label)
        session.add(row)
        session.flush()
        view = OverrideRow(row.id, site_id, day, kind, label)
        audit.record(session, user=user, action="holiday.add", entity="holiday_override", entity_id=row.id,
                     after=asdict(view))
        return view

    return database.run(work)


def remove_override(database: Database, override_id: int, *, user: Any) -> None:
    """Delete a holiday override (audited ``holiday.remove`` with what it was).

    Raises:
        SiteAdminError: ADM-112 when it does not exist.
    """

    def work(session: Session) -> None:
        row = session.get(HolidayOverride, override_id)
        if row is None:
            raise SiteAdminError(_("Không tìm thấy điều chỉnh lịch."), code="ADM-112")
        before = asdict(OverrideRow(row.id, row.site_id, row.day, row.kind, row.name))
        session.delete(row)
        session.flush()
        audit.record(session, user=user, action="holiday.remove", entity="holiday_override",
                     entity_id=override_id, before=before)

    database.run(work)


def queue_test_print(database: Database, kiosk_id: int, *, user: Any, now: datetime | None = None) -> int:
    """Queue a ``test`` print job for a kiosk; its print worker prints it like any other job (audited).

    Returns:
        The print job id.

    Raises:
        SiteAdminError: ADM-106 unknown kiosk.
    """
    from db.numbering import local_time

    at = now or utcnow()
    actor = getattr(user, "username", None) or str(user)

    def work(session: Session) -> int:
        kiosk = session.get(Kiosk, kiosk_id)
        if kiosk is None:
            raise SiteAdminError(_("Không tìm thấy ki-ốt."), code="ADM-106")
        payload = {
            "title": _("IN THỬ"),
            "lines": [_("Ki-ốt: {kiosk}", kiosk=kiosk.code), _("Điểm phục vụ: {site}", site=kiosk.site.name),
                      _("Người yêu cầu: {user}", user=actor),
                      _("Thời điểm: {at}", at=local_time(at).strftime("%H:%M:%S %d/%m/%Y")),
                      _("Tiếng Việt: ăâđêôơư ÀÁẢÃẠ Đ")],
            "qr": f"TEST|{kiosk.site.code}|{kiosk.code}|{int(at.timestamp())}",
        }
        job = outbox.enqueue(session, kiosk_id=kiosk.id, kind="test", payload=payload)
        audit.record(session, user=user, action="kiosk.test_print", entity="kiosk",
                     entity_id=f"{kiosk.site.code}/{kiosk.code}", after={"print_job": job})
        return job

    return database.run(work)


def retry_failed_jobs(database: Database, kiosk_id: int, *, user: Any) -> int:
    """Put every ``failed`` print job of a kiosk back to ``pending`` (its worker prints them again); audited.

    Held jobs (not printed in time, see ``outbox.HOLD_AFTER_S``) are released too: staff stand at the
    printer when they ask for this, so the slips reach the right hands.

    Returns:
        Number of jobs queued again.
    """

    def work(session: Session) -> int:
        ids = list(session.scalars(select(PrintJob.id).where(PrintJob.kiosk_id == kiosk_id,
                                                              PrintJob.state == outbox.FAILED,
                                                              PrintJob.last_outcome != outbox.CANCELLED)))
        if ids:
            session.execute(update(PrintJob).where(PrintJob.id.in_(ids), PrintJob.state == outbox.FAILED)
                            .values(state=outbox.PENDING, claimed_at=None, last_outcome=outbox.RELEASED))
            audit.record(session, user=user, action="kiosk.retry_failed", entity="kiosk", entity_id=kiosk_id,
                         after={"print_jobs": ids})
        return len(ids)

    return database.run(work)


def acknowledge_call(database: Database, call_id: int, *, user: Any) -> bool:
    """Acknowledge a kiosk's staff call and audit it; False when someone else already did."""
    from db.services.devices import acknowledge_staff_call

    actor = getattr(user, "username", None) or str(user)
    done = acknowledge_staff_call(database, call_id, actor)
    if done:
        database.run(lambda s: audit.record(s, user=user, action="staff_call.ack", entity="staff_call",
                                            entity_id=call_id))
    return done
