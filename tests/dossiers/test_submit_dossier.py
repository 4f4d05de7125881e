"""submit_dossier on SQLite and PostgreSQL: one transaction, receipt payload, validation, versions."""

from __future__ import annotations

import hashlib
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from db.catalogue.editing import save_procedure
from db.models import Dossier, PrintJob, Procedure, StatusEvent, Ticket
from db.services.dossiers import DocumentDraft, DossierError, submit_dossier

from db.calendar import VN_TZ


def vn(y: int, m: int, d: int, hh: int = 9, mm: int = 0) -> datetime:
    """A Hà Nội local time."""
    return datetime(y, m, d, hh, mm, tzinfo=VN_TZ)

RECEIPT_KEYS = {
    "unit_name", "site_name", "site_address", "place", "reference", "lookup_secret", "applicant", "procedure",
    "documents", "sets", "processing_days", "received_at", "appointment_at", "return_method", "return_place",
    "fee", "hotline", "qr", "copy_label",
}


def test_submit_writes_everything_in_one_transaction(database, place, make_draft):
    with database.session() as s:
        popularity = s.scalars(select(Procedure).where(Procedure.code == "1.004873")).one().popularity
    # Thursday 19/11/2026 10:00, 3 working days; 24/11 (Ngày Văn hóa Việt Nam) is off.
    out = submit_dossier(database, make_draft("1.004873"), now=vn(2026, 11, 19, 10))
    assert out.appointment_at == vn(2026, 11, 25, 10)
    assert out.reference.endswith("-261119-0001") and len(out.lookup_secret) == 4
    assert [j for j in out.print_job_ids] and len(out.print_job_ids) == 2
    with database.session() as s:
        d = s.get(Dossier, out.dossier_id)
        assert d.status == "received" and d.ticket_id == out.ticket.ticket_id
        assert d.due_at == vn(2026, 11, 25, 10) and d.applicant_phone == "0912345678"
        assert len(d.documents) == 2 and d.documents[0].at_counter
        assert [(e.from_status, e.status) for e in d.events] == [(None, "received")]
        jobs = s.scalars(select(PrintJob).where(PrintJob.id.in_(out.print_job_ids)).order_by(PrintJob.id)).all()
        assert [j.kind for j in jobs] == ["ticket", "receipt"] and all(j.state == "pending" for j in jobs)
        assert jobs[1].payload == out.receipt_payload and jobs[0].payload["number"] == out.ticket.number
        assert s.get(Ticket, out.ticket.ticket_id).kiosk_id == place["kiosk_id"]
        assert s.scalars(select(Procedure).where(Procedure.code == "1.004873")).one().popularity == popularity + 1


def test_receipt_payload_matches_contract(database, make_draft):
    out = submit_dossier(database, make_draft("1.001193", return_method="post",
                                              delivery_address="Số 2 Ngõ Z, Hà Nội"), now=vn(2026, 11, 19, 16))
    p = out.receipt_payload
    assert set(p) == RECEIPT_KEYS
    assert p["applicant"]["id_masked"] == "0010******56" and "001090123456" not in str(p)
    assert p["procedure"]["code"] == "1.001193" and p["procedure"]["name"] == "Đăng ký khai sinh"
    # 0 days with a 15:00 cut-off, received at 16:00: next working day at the end of the afternoon.
    assert p["appointment_at"] == "2026-11-20T16:30:00+07:00" and p["received_at"] == "2026-11-19T16:00:00+07:00"
    assert p["qr"] == f"HS|{out.reference}|{out.lookup_secret}" and p["return_place"] == "Số 2 Ngõ Z, Hà Nội"
    assert p["processing_days"] == 0 and p["return_method"] == "post" and p["sets"] == 1


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"consent_id": None}, "DOS-001"),
        ({"applicant_name": "  \u200b "}, "DOS-002"),
        ({"applicant_id_number": "12345"}, "DOS-003"),
        ({"applicant_phone": "0212345678"}, "DOS-004"),
        ({"return_method": "drone"}, "DOS-005"),
        ({"return_method": "post", "delivery_address": ""}, "DOS-007"),
        ({"procedure_code": "9.999999"}, "DOS-008"),
        ({"sets_count": 0}, "DOS-011"),
    ],
)
def test_invalid_drafts_write_nothing(database, make_draft, row_counts, overrides, code):
    before = row_counts()
    with pytest.raises(DossierError) as err:
        submit_dossier(database, make_draft(**overrides), now=vn(2026, 11, 19, 10))
    assert err.value.code == code
    assert row_counts() == before


def test_postal_return_refused_and_refused_consent(database, place, make_draft, row_counts):
    from db.services.feedback import record_consent

    before = row_counts()
    with pytest.raises(DossierError) as err:  # Đăng ký kết hôn needs both people present
        submit_dossier(database, make_draft("1.000894", return_method="post", delivery_address="Hà Nội"),
                       now=vn(2026, 11, 19, 10))
    assert err.value.code == "DOS-006"
    refused = record_consent(database, site_id=place["site_id"], kiosk_id=place["kiosk_id"], purpose="dossier",
                             text_version="2026-01", accepted=False, now=vn(2026, 11, 19, 9))
    with pytest.raises(DossierError) as err:
        submit_dossier(database, make_draft(consent_id=refused), now=vn(2026, 11, 19, 10))
    assert err.value.code == "DOS-001"
    assert row_counts() == before


def test_failure_midway_rolls_back_number_ticket_and_jobs(database, make_draft, row_counts):
    before = row_counts()
    with pytest.raises(DossierError) as err:  # unknown agent: fails after reference and ticket were taken
        submit_dossier(database, make_draft(assisting_agent_id=987654), now=vn(2026, 11, 19, 10))
    assert err.value.code == "DOS-020"
    assert row_counts() == before
    out = submit_dossier(database, make_draft(), now=vn(2026, 11, 19, 10))
    assert out.reference.endswith("-0001")  # the rolled-back number was not lost


def test_catalogue_edit_keeps_dossier_version_and_deadline(database, make_draft):
    first = submit_dossier(database, make_draft("1.004873"), now=vn(2026, 11, 19, 10))
    with database.session() as s:  # an editor publishes version 2 with a longer processing time
        proc = s.scalars(select(Procedure).where(Procedure.code == "1.004873")).one()
        old = proc.versions[-1]
        save_procedure(s, "1.004873", {"processing_days": 10}, proc.row_version, "admin")
    second = submit_dossier(database, make_draft("1.004873", documents=[]), now=vn(2026, 11, 19, 10))
    with database.session() as s:
        d1, d2 = s.get(Dossier, first.dossier_id), s.get(Dossier, second.dossier_id)
        assert d1.procedure_version_id == old.id and d1.due_at == vn(2026, 11, 25, 10)
        assert d2.procedure_version_id != old.id and d2.due_at == vn(2026, 12, 4, 10)
    assert first.receipt_payload["processing_days"] == 3 and second.receipt_payload["processing_days"] == 10


def test_scanned_pages_are_hashed_and_kept_by_folder(database, make_draft, tmp_path: Path):
    folder = tmp_path / "scans" / "doc1"
    folder.mkdir(parents=True)
    pages = [folder / "p1.png", folder / "p2.png"]
    for i, page in enumerate(pages):
        page.write_bytes(b"page-%d" % i)
    doc = DocumentDraft(requirement_id=None, name="Tờ khai", originals=1, pages=pages)
    out = submit_dossier(database, make_draft(documents=[doc]), now=vn(2026, 11, 19, 10))
    with database.session() as s:
        stored = s.get(Dossier, out.dossier_id).documents[0]
        assert stored.page_count == 2 and Path(stored.scan_path) == folder.resolve()
        assert stored.file_hash == hashlib.sha256(b"page-0page-1").hexdigest()
    assert out.receipt_payload["documents"][0]["pages"] == 2
    with pytest.raises(DossierError) as err:
        bad = DocumentDraft(requirement_id=None, name="Ảnh", pages=[tmp_path / "missing.png"])
        submit_dossier(database, make_draft(documents=[bad]), now=vn(2026, 11, 19, 10))
    assert err.value.code == "DOS-013"


def test_status_event_is_first_and_only(database, make_draft):
    out = submit_dossier(database, make_draft(priority_class="elderly", priority_reason="Người cao tuổi"),
                         now=vn(2026, 11, 19, 10))
    with database.session() as s:
        events = s.scalars(select(StatusEvent).where(StatusEvent.dossier_id == out.dossier_id)).all()
        assert len(events) == 1 and events[0].actor.startswith("kiosk:")
        assert s.get(Ticket, out.ticket.ticket_id).priority_reason == "Người cao tuổi"


def test_concurrent_submissions_get_distinct_references(database, make_draft):
    from concurrent.futures import ThreadPoolExecutor

    drafts = [make_draft() for _i in range(8)]
    with ThreadPoolExecutor(max_workers=4) as pool:
        outs = list(pool.map(lambda d: submit_dossier(database, d, now=vn(2026, 11, 19, 10)), drafts))
    refs = sorted(o.reference[-4:] for o in outs)
    assert refs == [f"{n:04d}" for n in range(1, 9)]
    assert len({o.ticket.number for o in outs}) == 8


def test_counter_submission_without_kiosk_prints_nothing(database, make_draft):
    out = submit_dossier(database, make_draft(kiosk_id=None), now=vn(2026, 11, 19, 10))
    assert out.print_job_ids == [] and out.receipt_payload["reference"] == out.reference
    with database.session() as s:
        assert s.get(Dossier, out.dossier_id).events[0].actor == "counter"


def test_receipt_and_stored_fee_stay_vietnamese_when_the_kiosk_is_in_english(database, make_draft):
    """A citizen who switched the kiosk to English still gets the Vietnamese legal form (Mẫu 01)."""
    from core.i18n import set_language

    set_language("en")
    try:
        out = submit_dossier(database, make_draft("1.001193"), now=vn(2026, 11, 19, 10))
    finally:
        set_language("vi")
    p = out.receipt_payload
    assert p["copy_label"] == "Liên 2: giao người nộp"
    assert p["return_place"].startswith("Quầy trả kết quả, ")
    with database.session() as s:
        fee = s.get(Dossier, out.dossier_id).fee_text
    assert fee == p["fee"] and "charge" not in fee and "VND" not in fee


def test_card_issue_date_is_stored_and_an_impossible_one_dropped(database, make_draft):
    from datetime import date

    good = submit_dossier(database, make_draft(applicant_dob=date(1990, 1, 1), applicant_id_issued_on=date(2021, 4, 15)),
                          now=vn(2026, 11, 23))
    before_birth = submit_dossier(database, make_draft(applicant_dob=date(1990, 1, 1),
                                                       applicant_id_issued_on=date(1980, 1, 1)), now=vn(2026, 11, 23))
    with database.read_session() as s:
        assert s.get(Dossier, good.dossier_id).applicant_id_issued_on == date(2021, 4, 15)
        assert s.get(Dossier, before_birth.dossier_id).applicant_id_issued_on is None


def test_a_repeat_under_the_same_consent_returns_the_saved_dossier(database, make_draft, row_counts):
    from db.services.dossiers import find_submission

    draft = make_draft()
    first = submit_dossier(database, draft, now=vn(2026, 11, 23))
    counts = row_counts()
    again = submit_dossier(database, draft, now=vn(2026, 11, 23, 9, 5))  # the retry after a lost COMMIT
    assert row_counts() == counts  # nothing written twice: no second dossier, ticket, number or print job
    assert (again.dossier_id, again.reference, again.lookup_secret) == (first.dossier_id, first.reference,
                                                                        first.lookup_secret)
    assert again.ticket.number == first.ticket.number and again.print_job_ids == first.print_job_ids
    assert again.appointment_at == first.appointment_at and again.receipt_payload == first.receipt_payload
    assert find_submission(database, draft.consent_id).reference == first.reference
    assert find_submission(database, 999_999) is None
