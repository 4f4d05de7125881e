"""Fixtures for dossier tests: the seeded site and kiosk, a recorded consent, draft builders."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import func, select

from db.calendar import VN_TZ
from db.engine import Database
from db.models import Counter, Dossier, DossierDocument, Kiosk, PrintJob, Procedure, Site, StatusEvent, Ticket
from db.services.dossiers import DocumentDraft, DossierDraft
from db.services.feedback import record_consent

COUNTED = (Dossier, DossierDocument, Ticket, StatusEvent, PrintJob, Counter)


def vn(y: int, m: int, d: int, hh: int = 9, mm: int = 0) -> datetime:
    """A Hà Nội local time."""
    return datetime(y, m, d, hh, mm, tzinfo=VN_TZ)


@pytest.fixture
def row_counts(database: Database):
    """A function returning the row counts of every table a submission writes."""

    def counts() -> dict[str, int]:
        with database.session() as s:
            return {m.__tablename__: s.scalar(select(func.count()).select_from(m)) for m in COUNTED}

    return counts


@pytest.fixture
def place(database: Database) -> dict[str, int]:
    """Ids of the seeded site and kiosk plus an accepted consent."""
    with database.session() as s:
        site = s.scalars(select(Site).order_by(Site.id)).first()
        kiosk = s.scalars(select(Kiosk).where(Kiosk.site_id == site.id)).first()
        ids = {"site_id": site.id, "kiosk_id": kiosk.id}
    ids["consent_id"] = record_consent(database, purpose="dossier", text_version="2026-01", accepted=True,
                                       now=vn(2026, 11, 19, 8), **ids)
    return ids


@pytest.fixture
def make_draft(database: Database, place: dict[str, int]):
    """Build a valid draft for a procedure code, with keyword overrides.

    Each draft has its own consent (one consent is given for one submission: a second submission under the
    same consent returns the first dossier); the first draft uses ``place``'s.
    """
    used: list[int] = []

    def fresh_consent() -> int:
        if not used:
            used.append(place["consent_id"])
            return place["consent_id"]
        ids = {"site_id": place["site_id"], "kiosk_id": place["kiosk_id"]}
        consent = record_consent(database, purpose="dossier", text_version="2026-01", accepted=True,
                                 now=vn(2026, 11, 19, 8), **ids)
        used.append(consent)
        return consent

    def build(code: str = "1.004873", **overrides) -> DossierDraft:
        with database.session() as s:
            proc = s.scalars(select(Procedure).where(Procedure.code == code)).one()
            reqs = proc.versions[-1].documents
            docs = [DocumentDraft(requirement_id=r.id, name=r.name, originals=r.originals, copies=r.copies,
                                  at_counter=True) for r in reqs[:2]]
        values = dict(
            site_id=place["site_id"], kiosk_id=place["kiosk_id"], procedure_code=code,
            consent_id=overrides.pop("consent_id") if "consent_id" in overrides else fresh_consent(),
            applicant_name="Nguyễn Văn A", applicant_id_number="001090123456",
            applicant_address="Số 1 Phố X, Phường Y, Hà Nội", applicant_phone="+84 912 345 678",
            documents=docs,
        )
        values.update(overrides)
        return DossierDraft(**values)

    return build
