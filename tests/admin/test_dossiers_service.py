"""Dossier admin service on both databases: search, paging, audited status change with the deadline pause, reprint."""

from __future__ import annotations

import time
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, insert, select

from db.calendar import VN_TZ
from db.engine import Database
from db.models import AuditEvent, Dossier, Kiosk, PrintJob, Procedure, Site
from db.services import dossier_admin as da
from db.services.dossiers import DocumentDraft, DossierDraft, DossierError, submit_dossier
from db.services.feedback import record_consent


class Staff:
    """A console user as audit.record accepts it."""

    id = None
    username = "agent.b"


def vn(y: int, m: int, d: int, hh: int = 9, mm: int = 0) -> datetime:
    """A Hà Nội local time."""
    return datetime(y, m, d, hh, mm, tzinfo=VN_TZ)


def submit(database: Database, name: str, id_number: str, phone: str, at: datetime, **extra) -> int:
    """Submit a real dossier through the kiosk's service and return its id."""
    with database.session() as s:
        site = s.scalars(select(Site).order_by(Site.id)).first()
        kiosk = s.scalars(select(Kiosk).where(Kiosk.site_id == site.id)).first()
        ids = {"site_id": site.id, "kiosk_id": kiosk.id}
        proc = s.scalars(select(Procedure).where(Procedure.code == "1.004873")).one()
        docs = [DocumentDraft(requirement_id=r.id, name=r.name, at_counter=True)
                for r in proc.versions[-1].documents[:2]]
    consent = record_consent(database, purpose="dossier", text_version="1", accepted=True, now=at, **ids)
    draft = DossierDraft(procedure_code="1.004873", consent_id=consent, applicant_name=name,
                         applicant_id_number=id_number, applicant_phone=phone, documents=docs, **ids, **extra)
    return submit_dossier(database, draft, now=at).dossier_id


@pytest.fixture
def three(database: Database) -> list[int]:
    return [
        submit(database, "Nguyễn Văn An", "001090123456", "0912345678", vn(2026, 11, 16, 9)),
        submit(database, "Trần Thị Bình", "079185000111", "0987654321", vn(2026, 11, 17, 10)),
        submit(database, "Lê Văn Cường", "031200999888", "", vn(2026, 11, 18, 14)),
    ]


def find(database: Database, text: str = "", **kw) -> da.DossierPage:
    query = da.DossierQuery(text=text, **kw)
    return database.run(lambda s: da.search(s, query, vn(2026, 11, 18, 15)), read_only=True)


def test_search_by_reference_name_phone_and_id(database: Database, three: list[int]) -> None:
    refs = database.run(lambda s: {i: s.get(Dossier, i).reference for i in three}, read_only=True)
    assert [r.id for r in find(database, refs[three[1]]).items] == [three[1]]
    assert [r.id for r in find(database, refs[three[1]].lower()).items] == [three[1]]
    assert [r.id for r in find(database, "bình").items] == [three[1]]       # Unicode case-insensitive
    assert [r.id for r in find(database, "văn").items] == [three[2], three[0]]  # newest first
    assert [r.id for r in find(database, "+84 912 345 678").items] == [three[0]]
    assert [r.id for r in find(database, "079185000111").items] == [three[1]]
    assert [r.id for r in find(database, "5678").items] == [three[0]]     # end of a phone number
    assert find(database, "không có ai").total == 0
    row = find(database, "079185000111").items[0]
    assert row.id_masked == "0791******11" and "000111" not in row.id_masked
    assert row.phone_masked == "098****321"


def test_paging_and_filters(database: Database, three: list[int]) -> None:
    page = find(database, limit=2)
    assert page.total == 3 and len(page.items) == 2
    assert [r.id for r in find(database, limit=2, offset=2).items] == [three[0]]
    assert find(database, status="received").total == 3
    assert find(database, status="returned").total == 0


def test_status_change_pauses_deadline_and_is_audited(database: Database, three: list[int]) -> None:
    did = three[0]
    d0 = database.run(lambda s: da.detail(s, did, vn(2026, 11, 16, 10)), read_only=True)
    assert d0.status == "received" and d0.due_at is not None and "needs_supplement" in d0.next_statuses
    with pytest.raises(DossierError) as err:
        da.set_status(database, did, "needs_supplement", user=Staff(), now=vn(2026, 11, 16, 11), note="Thiếu giấy")
    assert err.value.code == "DOS-033"
    da.set_status(database, did, "needs_supplement", user=Staff(), now=vn(2026, 11, 16, 11),
                  note="Thiếu bản sao giấy khai sinh", missing_documents=["Bản sao giấy khai sinh"],
                  expected_version=d0.row_version)
    assert database.run(lambda s: da.deadline_counts(s, vn(2026, 11, 30, 10)), read_only=True) == \
        {"overdue": 2, "due_soon": 0, "paused": 1}
    paused = database.run(lambda s: da.detail(s, did, vn(2026, 11, 30, 10)), read_only=True)
    assert paused.flag == "paused" and paused.clock_paused_at is not None
    assert find(database, flag="paused").total == 1
    # Supplement arrives 3 working days later (Mon 16 -> Thu 19): the due date moves by 3 working days.
    change = da.set_status(database, did, "processing", user=Staff(), now=vn(2026, 11, 19, 9))
    assert change.due_at > d0.due_at
    after = database.run(lambda s: da.detail(s, did, vn(2026, 11, 19, 10)), read_only=True)
    assert after.clock_paused_at is None and after.events[-1].details["paused_working_days"] == 3
    assert [e.status for e in after.events] == ["received", "needs_supplement", "processing"]
    assert after.events[1].details["missing_documents"] == ["Bản sao giấy khai sinh"]
    with database.session() as s:
        rows = s.scalars(select(AuditEvent).where(AuditEvent.action == "dossier.status").order_by(AuditEvent.id)).all()
        assert [r.after["status"] for r in rows] == ["needs_supplement", "processing"]
        assert rows[0].actor == "agent.b" and rows[0].before["status"] == "received"


def test_stale_editor_is_refused(database: Database, three: list[int]) -> None:
    d0 = database.run(lambda s: da.detail(s, three[1], vn(2026, 11, 17, 11)), read_only=True)
    da.set_status(database, three[1], "in_transit", user=Staff(), now=vn(2026, 11, 17, 12))
    with pytest.raises(DossierError) as err:
        da.set_status(database, three[1], "rejected", user=Staff(), now=vn(2026, 11, 17, 13), note="x",
                      expected_version=d0.row_version)
    assert err.value.code == "DOS-030"


def test_reprint_queues_receipt_from_stored_data(database: Database, three: list[int]) -> None:
    from core.i18n import set_language

    set_language("en")  # an English console still queues a Vietnamese receipt
    try:
        job = da.reprint_receipt(database, three[1], user=Staff())
    finally:
        set_language("vi")
    with database.session() as s:
        row = s.get(PrintJob, job)
        ref = s.get(Dossier, three[1]).reference
        assert row.kind == "receipt" and row.state == "pending"
        assert row.payload["reference"] == ref and row.payload["applicant"]["id_masked"] == "0791******11"
        assert row.payload["qr"].startswith(f"HS|{ref}|")
        assert row.payload["copy_label"] == "Liên 2: giao người nộp (Bản in lại)"
        assert row.payload["return_place"].startswith("Quầy trả kết quả, ")
        assert s.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "dossier.reprint")) == 1


def test_reveal_id_number_is_audited(database: Database, three: list[int]) -> None:
    assert da.reveal_id_number(database, three[0], user=Staff()) == "001090123456"
    with database.session() as s:
        assert s.scalar(select(AuditEvent.action).where(AuditEvent.action == "dossier.reveal_id")) is not None


def test_search_stays_fast_with_thousands(database: Database, three: list[int]) -> None:
    """5,000 more dossiers: a search page and its count stay well under the time budget."""
    with database.session() as s:
        base = s.get(Dossier, three[0])
        common = {c: getattr(base, c) for c in ("site_id", "kiosk_id", "procedure_version_id", "lookup_secret")}
        rows = [dict(common, reference=f"X.{i:05d}-261101-{i % 10000:04d}", applicant_name=f"Người Thứ {i}",
                     applicant_id_number=f"0010{i:08d}", applicant_phone=f"09{i:08d}", status="received",
                     received_at=vn(2026, 11, 1) + timedelta(minutes=i), due_at=vn(2026, 11, 20), row_version=1)
                for i in range(5000)]
        s.execute(insert(Dossier), rows)
    timings = {}
    for label, text in (("all", ""), ("name", "thứ 4321"), ("phone", "0900004321"), ("id", "001000004321"),
                        ("reference", "X.04321")):
        t0 = time.perf_counter()
        page = find(database, text)
        timings[label] = time.perf_counter() - t0
        assert page.total >= 1
    assert find(database, "").total == 5003
    assert find(database, flag="overdue").total == 0
    print("search timings (s):", {k: round(v, 4) for k, v in timings.items()})
    assert max(timings.values()) < 0.5, timings


def test_unreachable_scans_are_reported(database: Database, three: list[int], tmp_path) -> None:
    """A scan folder this machine cannot see must stop a hand-over instead of losing pages."""
    from db.models import DossierDocument

    with database.session() as s:
        doc = s.scalars(select(DossierDocument).where(DossierDocument.dossier_id == three[0])).first()
        doc.scan_path, doc.page_count = str(tmp_path / "elsewhere"), 2
        name = doc.name
    assert database.run(lambda s: da.unreachable_scans(s, three[0]), read_only=True) == [name]
    (tmp_path / "elsewhere").mkdir()
    from PIL import Image

    Image.new("RGB", (10, 10)).save(tmp_path / "elsewhere" / "p1.png")
    assert database.run(lambda s: da.unreachable_scans(s, three[0]), read_only=True) == []
    assert database.run(lambda s: da.scan_pages(s, three[0]), read_only=True)[0][0] == name
