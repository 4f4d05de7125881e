"""Default rows for a fresh database: the site, this kiosk, the catalogue and one queue per field."""

from __future__ import annotations

import importlib
import logging
import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.settings import Settings
from core.text import fold
from db.models import Kiosk, ProcedureVersion, Queue, Site

log = logging.getLogger(__name__)

DEFAULT_SITE_NAME = "Bưu điện Trung tâm Hà Nội"
DEFAULT_SITE_ADDRESS = "75 Đinh Tiên Hoàng, phường Hoàn Kiếm, Hà Nội"
# Demo document-exchange code in the national format; each site sets its own in the admin console.
DEFAULT_UNIT_CODE = "000.00.16.H26"
GENERAL_QUEUE_NAME = "Tiếp nhận chung"
GENERAL_PREFIX = "TN"

# Folded keyword in the field name -> ticket prefix (first match wins; order matters).
KNOWN_PREFIXES: tuple[tuple[str, str], ...] = (
    ("ho tich", "HT"),
    ("chung thuc", "CT"),
    ("cu tru", "CTR"),
    ("can cuoc", "CC"),
    ("ho kinh doanh", "KD"),
    ("dat dai", "DD"),
    ("xuat nhap canh", "XNC"),
    ("lai xe", "LX"),
    ("ly lich tu phap", "LL"),
    ("phuong tien", "PT"),
    ("lien thong", "LT"),
    ("bao hiem y te", "BHYT"),
    ("bao hiem xa hoi", "BHXH"),
    ("bao tro xa hoi", "BTXH"),
    ("xay dung", "XD"),
)
_STOP = {"va", "cua", "cac", "dang", "ky", "quan", "ly", "hoat", "dong", "thanh", "lap"}


def get_site(session: Session, code: str) -> Site | None:
    """Return the site with ``code``, or None."""
    return session.scalars(select(Site).where(Site.code == code)).first()


def get_kiosk(session: Session, site_id: int, code: str) -> Kiosk | None:
    """Return the kiosk ``code`` of site ``site_id``, or None."""
    return session.scalars(select(Kiosk).where(Kiosk.site_id == site_id, Kiosk.code == code)).first()


def prefix_for_field(field: str, taken: set[str]) -> str:
    """Return a unique ticket prefix (2–4 capital letters, digits only to break ties) for a field.

    Args:
        field: Field name (lĩnh vực), e.g. ``Hộ tịch``.
        taken: Prefixes already used at the site (not modified).
    """
    folded = fold(field)
    candidates = [p for key, p in KNOWN_PREFIXES if key in folded]
    words = [w for w in re.findall(r"[a-z]+", folded) if w not in _STOP] or re.findall(r"[a-z]+", folded)
    initials = "".join(w[0] for w in words).upper()
    if len(initials) >= 2:
        candidates.append(initials[:4])
    if words:
        candidates.append(words[0][:2].upper())
    for cand in candidates:
        if len(cand) >= 2 and cand not in taken:
            return cand
    base = (candidates[0] if candidates else "Q")[:2]
    for n in range(1, 100):
        cand = f"{base}{n}"
        if cand not in taken:
            return cand
    raise ValueError(f"no free prefix for field {field!r}")


def _seed_catalogue(session: Session) -> int:
    """Call the catalogue team's ``db.catalogue.seed.seed_catalogue`` when it exists."""
    try:
        module = importlib.import_module("db.catalogue.seed")
    except ModuleNotFoundError as exc:
        if exc.name in ("db.catalogue", "db.catalogue.seed"):
            log.info("catalogue seed not available yet; skipped")
            return 0
        raise
    return int(module.seed_catalogue(session) or 0)


def seed_defaults(session: Session, settings: Settings) -> dict[str, int]:
    """Insert the default site, kiosk, catalogue and queues when missing; seeding twice changes nothing.

    Queues are seeded only together with the site they belong to, i.e. once, when the site row is
    created: afterwards they are the admins' to edit, and a queue an admin deleted stays deleted (this
    runs at every start). The catalogue is topped up every time (missing procedures only).

    Args:
        session: Session in the caller's transaction (flushed, not committed).
        settings: Provides ``site_code`` and ``kiosk_code``.

    Returns:
        Counts of rows created: ``sites``, ``kiosks``, ``procedures``, ``queues``.
    """
    counts = {"sites": 0, "kiosks": 0, "procedures": 0, "queues": 0}
    site = get_site(session, settings.site_code)
    new_site = site is None
    if site is None:
        site = Site(
            code=settings.site_code,
            name=DEFAULT_SITE_NAME,
            unit_code=DEFAULT_UNIT_CODE,
            address=DEFAULT_SITE_ADDRESS,
            hotline=settings.hotline,
            opening_days="1,2,3,4,5,6",
            opening_hours="07:30-11:30,13:30-17:00",
            scan_retention_days=settings.scan_retention_days,
        )
        session.add(site)
        session.flush()
        counts["sites"] = 1
    if get_kiosk(session, site.id, settings.kiosk_code) is None:
        session.add(Kiosk(site_id=site.id, code=settings.kiosk_code, name=f"Kiosk {settings.kiosk_code}",
                          printer_url=settings.printer_url, camera_source=settings.camera_source))
        session.flush()
        counts["kiosks"] = 1
    counts["procedures"] = _seed_catalogue(session)
    session.flush()
    if new_site:
        counts["queues"] = seed_queues(session, site.id)
    return counts


def seed_queues(session: Session, site_id: int) -> int:
    """Create the general queue and one queue per catalogue field not yet served at the site.

    Returns:
        Number of queues created.
    """
    queues = list(session.scalars(select(Queue).where(Queue.site_id == site_id).order_by(Queue.id)))
    taken = {q.prefix for q in queues}
    served = {fold(f) for q in queues for f in (q.fields or [])}
    created = 0
    if not any(not q.fields for q in queues):
        prefix = GENERAL_PREFIX if GENERAL_PREFIX not in taken else prefix_for_field(GENERAL_QUEUE_NAME, taken)
        session.add(Queue(site_id=site_id, prefix=prefix, name=GENERAL_QUEUE_NAME, fields=[],
                          counter_group="Quầy 1", priority_rule="strict"))
        taken.add(prefix)
        created += 1
    fields = sorted(set(session.scalars(select(ProcedureVersion.field).distinct())))
    counter_no = len(queues) + created
    for field in fields:
        if not field or fold(field) in served:
            continue
        prefix = prefix_for_field(field, taken)
        taken.add(prefix)
        counter_no += 1
        session.add(Queue(site_id=site_id, prefix=prefix, name=field, fields=[field],
                          counter_group=f"Quầy {counter_no}", priority_rule="every_n", priority_every_n=3))
        served.add(fold(field))
        created += 1
    session.flush()
    return created
