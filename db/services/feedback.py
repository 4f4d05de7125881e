"""Citizen consent records and satisfaction ratings (Rất hài lòng / Hài lòng / Không hài lòng)."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from core.errors import KioskError
from core.i18n import register_catalogue, translator
from core.text import sanitize
from db.calendar import to_local
from db.engine import Database
from db.models import Consent, Kiosk, Rating, Site
from db.services.dossier_status import find_dossier_id

_ = translator("db")

#: Rating levels, best first, with their Vietnamese labels (QĐ 766/QĐ-TTg wording).
LEVELS = {"very_satisfied": "Rất hài lòng", "satisfied": "Hài lòng", "unsatisfied": "Không hài lòng"}
#: Optional criteria a citizen may rate, with their Vietnamese labels.
CRITERIA = {
    "time": "Thời gian giải quyết so với quy định",
    "trips": "Số lần phải đi lại",
    "attitude": "Thái độ phục vụ",
    "publicity": "Công khai thủ tục",
    "return": "Cách thức trả kết quả",
}
#: Usual consent purposes (per-purpose consent, Luật 91/2025/QH15); any lower-case slug is accepted.
PURPOSES = ("dossier_submission", "dossier", "id_scan", "document_scan", "postal_delivery", "contact")
_PURPOSE = re.compile(r"^[a-z][a-z0-9_]{1,79}$")
COMMENT_MAX = 500

register_catalogue(
    "db",
    {
        "Rất hài lòng": "Very satisfied",
        "Hài lòng": "Satisfied",
        "Không hài lòng": "Unsatisfied",
        CRITERIA["time"]: "Time taken versus the statutory time",
        CRITERIA["trips"]: "Number of trips needed",
        CRITERIA["attitude"]: "Staff attitude",
        CRITERIA["publicity"]: "Publicity of the procedure",
        CRITERIA["return"]: "Way the result was returned",
        "Mức đánh giá không hợp lệ.": "Invalid rating level.",
        "Tiêu chí đánh giá không hợp lệ: {name}": "Invalid rating criterion: {name}",
        "Không tìm thấy hồ sơ có mã này.": "No dossier has this reference.",
        "Mục đích hoặc phiên bản nội dung đồng ý không hợp lệ.": "Invalid consent purpose or text version.",
        "Không tìm thấy điểm phục vụ hoặc ki-ốt.": "Service point or kiosk not found.",
    },
)


class FeedbackError(KioskError):
    """A consent or rating cannot be recorded."""

    code = "DOS-060"


def _check_place(session: Session, site_id: int, kiosk_id: int | None) -> None:
    site = session.get(Site, site_id)
    kiosk = session.get(Kiosk, kiosk_id) if kiosk_id is not None else None
    if site is None or (kiosk_id is not None and (kiosk is None or kiosk.site_id != site_id)):
        raise FeedbackError(_("Không tìm thấy điểm phục vụ hoặc ki-ốt."), code="DOS-064")


def record_consent(
    database: Database,
    *,
    site_id: int,
    kiosk_id: int | None,
    purpose: str,
    text_version: str,
    accepted: bool,
    now: datetime,
) -> int:
    """Log an explicit consent (or refusal) for one purpose with the notice's text version.

    Silence is not consent: ``accepted`` must be a real bool from an explicit tap.

    Returns:
        The consent id (pass it to :class:`db.services.dossiers.DossierDraft`).

    Raises:
        FeedbackError: Purpose not a lower-case slug (see :data:`PURPOSES`), empty text version, non-bool ``accepted`` (DOS-063) or
            unknown site/kiosk (DOS-064).
    """
    to_local(now)
    version = sanitize(text_version or "")
    if not _PURPOSE.match(purpose or "") or not version or len(version) > 40 or not isinstance(accepted, bool):
        raise FeedbackError(_("Mục đích hoặc phiên bản nội dung đồng ý không hợp lệ."), code="DOS-063")

    def work(session: Session) -> int:
        _check_place(session, site_id, kiosk_id)
        consent = Consent(site_id=site_id, kiosk_id=kiosk_id, purpose=purpose, text_version=version,
                          accepted=accepted, at=now)
        session.add(consent)
        session.flush()
        return consent.id

    return database.run(work)


def _clean_criteria(criteria: dict[str, Any] | None) -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in (criteria or {}).items():
        if key not in CRITERIA or value not in LEVELS:
            raise FeedbackError(_("Tiêu chí đánh giá không hợp lệ: {name}", name=sanitize(str(key))[:40]),
                                code="DOS-062")
        out[key] = value
    return out


def clean_comment(text: str | None) -> str:
    """Sanitise a free-text comment (controls, bidi, zero-width removed; NFC) and cut to the limit."""
    return sanitize(text or "", keep_newlines=True)[:COMMENT_MAX].strip()


def record_rating(
    database: Database,
    *,
    site_id: int,
    kiosk_id: int | None,
    level: str,
    criteria: dict[str, Any] | None = None,
    comment: str = "",
    dossier_reference: str | None = None,
    now: datetime,
) -> int:
    """Record a satisfaction rating, optionally per criterion and for one dossier.

    Args:
        database: The database.
        site_id: Site rated.
        kiosk_id: Kiosk where the rating was given, if any.
        level: ``very_satisfied`` | ``satisfied`` | ``unsatisfied``.
        criteria: Optional ``{criterion: level}`` with criteria from :data:`CRITERIA`.
        comment: Free text, sanitised and cut to :data:`COMMENT_MAX` characters.
        dossier_reference: Receipt reference (case-insensitive) when rating one dossier.
        now: Time of the rating.

    Returns:
        The rating id.

    Raises:
        FeedbackError: Invalid level (DOS-060), criterion (DOS-062), unknown reference (DOS-061)
            or site/kiosk (DOS-064).
    """
    to_local(now)
    if level not in LEVELS:
        raise FeedbackError(_("Mức đánh giá không hợp lệ."), code="DOS-060")
    clean = _clean_criteria(criteria)
    text = clean_comment(comment)

    def work(session: Session) -> int:
        _check_place(session, site_id, kiosk_id)
        dossier_id = None
        if dossier_reference and dossier_reference.strip():
            dossier_id = find_dossier_id(session, dossier_reference)
            if dossier_id is None:
                raise FeedbackError(_("Không tìm thấy hồ sơ có mã này."), code="DOS-061")
        rating = Rating(site_id=site_id, kiosk_id=kiosk_id, dossier_id=dossier_id, level=level,
                        criteria=clean, comment=text, at=now)
        session.add(rating)
        session.flush()
        return rating.id

    return database.run(work)
