"""Dossier life on both databases: transitions, reasons, the deadline pause, flags, look-up, purge."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from db.calendar import VN_TZ
from db.models import Dossier, Site, StatusEvent
from db.services.dossier_status import (
    TRANSITIONS,
    change_status,
    deadline_flag,
    lookup,
    mark_handed_over,
    parse_receipt_qr,
    purge_due_scans,
    purge_scans,
)
from db.services.dossiers import DocumentDraft, DossierError, submit_dossier


def vn(y: int, m: int, d: int, hh: int = 9, mm: int = 0) -> datetime:
    """A Hà Nội local time."""
    return datetime(y, m, d, hh, mm, tzinfo=VN_TZ)


def _submit(database, make_draft, **kw):
    return submit_dossier(database, make_draft("1.004873", **kw), now=vn(2026, 11, 19, 10))


def test_transition_table_is_closed():
    assert set().union(*TRANSITIONS.values()) <= set(TRANSITIONS)
    assert not TRANSITIONS["returned"] and not TRANSITIONS["withdrawn"]


def test_life_with_supplement_pause(database, make_draft):
    out = _submit(database, make_draft)  # due Wed 25/11/2026 10:00
    did = out.dossier_id
    change_status(database, did, "in_transit", actor="agent1", now=vn(2026, 11, 19, 15))
    change_status(database, did, "agency_received", actor="agent1", details={"agency_code": "H26.22-261120-0001"},
                  now=vn(2026, 11, 20, 9))
    change_status(database, did, "processing", actor="agency", now=vn(2026, 11, 20, 10))
    with pytest.raises(DossierError) as err:
        change_status(database, did, "needs_supplement", actor="agency", now=vn(2026, 11, 20, 11))
    assert err.value.code == "DOS-032"
    with pytest.raises(DossierError) as err:
        change_status(database, did, "needs_supplement", actor="agency", note="Thiếu giấy", now=vn(2026, 11, 20, 11))
    assert err.value.code == "DOS-033"
    change_status(database, did, "needs_supplement", actor="agency", note="Thiếu giấy tờ",
                  details={"missing_documents": ["Bản sao giấy khai sinh"]}, now=vn(2026, 11, 20, 11))
    with database.session() as s:
        d = s.get(Dossier, did)
        assert deadline_flag(d, vn(2026, 12, 30)) == "paused"
    # Paused Fri 20/11, supplement arrives Wed 25/11: Fri, Mon, (Tue 24/11 off) = 2 working days.
    res = change_status(database, did, "processing", actor="agency", note="Đã bổ sung", now=vn(2026, 11, 25, 9))
    assert res.due_at == vn(2026, 11, 27, 10)
    change_status(database, did, "result_ready", actor="agency", now=vn(2026, 11, 26, 9))
    change_status(database, did, "returned", actor="agent1", now=vn(2026, 11, 27, 9))
    with database.session() as s:
        d = s.get(Dossier, did)
        assert d.status == "returned" and d.returned_at == vn(2026, 11, 27, 9)
        assert d.agency_code == "H26.22-261120-0001" and d.clock_paused_at is None
        assert deadline_flag(d, vn(2026, 12, 30)) == "done"
        events = s.scalars(select(StatusEvent).where(StatusEvent.dossier_id == did).order_by(StatusEvent.id)).all()
        assert [e.status for e in events] == ["received", "in_transit", "agency_received", "processing",
                                              "needs_supplement", "processing", "result_ready", "returned"]
        assert events[5].details["paused_working_days"] == 2 and events[4].note == "Thiếu giấy tờ"
        assert all(e.from_status == p.status for p, e in zip(events, events[1:]))


def test_forbidden_transitions_and_post_only_transit(database, make_draft):
    out = _submit(database, make_draft)
    with pytest.raises(DossierError) as err:
        change_status(database, out.dossier_id, "returned", actor="x", now=vn(2026, 11, 19, 11))
    assert err.value.code == "DOS-031"
    with pytest.raises(DossierError) as err:
        change_status(database, out.dossier_id, "rejected", actor="x", now=vn(2026, 11, 19, 11))
    assert err.value.code == "DOS-032"
    change_status(database, out.dossier_id, "rejected", actor="x", note="Không thuộc thẩm quyền",
                  now=vn(2026, 11, 19, 11))
    with pytest.raises(DossierError) as err:
        change_status(database, out.dossier_id, "result_in_transit", actor="x", now=vn(2026, 11, 19, 12))
    assert err.value.code == "DOS-035"
    with pytest.raises(DossierError) as err:
        change_status(database, 987654, "processing", actor="x", now=vn(2026, 11, 19, 12))
    assert err.value.code == "DOS-034"


def test_optimistic_concurrency(database, make_draft):
    out = _submit(database, make_draft)
    with database.session() as s:
        seen = s.get(Dossier, out.dossier_id).row_version
    change_status(database, out.dossier_id, "in_transit", actor="a", now=vn(2026, 11, 19, 11), expected_version=seen)
    with pytest.raises(DossierError) as err:  # a second console still holds the old version
        change_status(database, out.dossier_id, "withdrawn", actor="b", now=vn(2026, 11, 19, 11),
                      expected_version=seen)
    assert err.value.code == "DOS-030"


def test_deadline_flags(database, make_draft):
    out = _submit(database, make_draft)
    with database.session() as s:
        d = s.get(Dossier, out.dossier_id)
    due = vn(2026, 11, 25, 10)
    assert deadline_flag(d, due - timedelta(days=3)) == "on_time"
    assert deadline_flag(d, due - timedelta(hours=5)) == "due_soon"
    assert deadline_flag(d, due + timedelta(minutes=1)) == "overdue"


def test_lookup_shows_no_personal_data(database, make_draft):
    out = _submit(database, make_draft)
    change_status(database, out.dossier_id, "needs_supplement", actor="a", note="Thiếu",
                  details={"missing_documents": ["Ảnh 4x6"]}, now=vn(2026, 11, 20, 9))
    ref, secret = parse_receipt_qr(f"  hs | {out.reference.lower()} | {out.lookup_secret.lower()}\n")
    found = lookup(database, ref, secret, now=vn(2026, 11, 20, 10))
    assert found is not None and found.reference == out.reference and found.status == "needs_supplement"
    assert found.procedure_code == "1.004873" and found.deadline == "paused"
    assert [t.status for t in found.timeline] == ["received", "needs_supplement"]
    assert found.timeline[1].missing_documents == ("Ảnh 4x6",)
    text = str(asdict(found))
    assert "Nguyễn" not in text and "001090123456" not in text and "0912345678" not in text
    assert lookup(database, out.reference.lower(), out.lookup_secret) is not None
    assert lookup(database, out.reference, "AAAA") is None
    assert lookup(database, "000.00.00.X00-000000-0000", out.lookup_secret) is None


def test_parse_receipt_qr_rejects_other_codes():
    assert parse_receipt_qr("VE|BD-HN-001|2026-11-19|HT-012") is None
    assert parse_receipt_qr("HS||7KQM") is None and parse_receipt_qr("") is None
    assert parse_receipt_qr("HS|000.00.16.H26-261119-0001|7kqm") == ("000.00.16.H26-261119-0001", "7KQM")


def _one_page_dossier(database, make_draft, tmp_path: Path):
    """Submit a dossier with one scanned page; returns (submission, page file, its folder)."""
    folder = tmp_path / "doc"
    folder.mkdir()
    page = folder / "p1.png"
    page.write_bytes(b"scan")
    out = _submit(database, make_draft, documents=[DocumentDraft(None, "Tờ khai", pages=[page])])
    return out, page, folder


def test_purge_after_hand_over_keeps_hash(database, make_draft, tmp_path: Path):
    out, page, folder = _one_page_dossier(database, make_draft, tmp_path)
    with pytest.raises(DossierError) as err:
        purge_scans(database, out.dossier_id, now=vn(2026, 11, 20))
    assert err.value.code == "DOS-040" and page.exists()
    first = mark_handed_over(database, out.dossier_id, now=vn(2026, 11, 20))
    assert mark_handed_over(database, out.dossier_id, now=vn(2026, 11, 21)) == first
    with database.session() as s:
        s.get(Site, s.get(Dossier, out.dossier_id).site_id).scan_retention_days = 2
    assert purge_due_scans(database, now=vn(2026, 11, 21)) == 0 and page.exists()
    assert purge_due_scans(database, now=vn(2026, 11, 22, 10)) == 1
    assert not page.exists() and not folder.exists()
    assert purge_due_scans(database, now=vn(2026, 11, 23)) == 0
    with database.session() as s:
        doc = s.get(Dossier, out.dossier_id).documents[0]
        assert doc.scan_path is None and doc.purged_at == vn(2026, 11, 22, 10) and len(doc.file_hash) == 64


def test_purge_never_shreds_through_a_symlink(database, make_draft, tmp_path: Path):
    """A scan path that became a link to some other file: the link goes, the other file is untouched."""
    out, _page, _folder = _one_page_dossier(database, make_draft, tmp_path)
    precious = tmp_path / "precious.txt"
    precious.write_bytes(b"not a scan")
    with database.session() as s:
        link = tmp_path / "link.png"
        link.symlink_to(precious)
        s.get(Dossier, out.dossier_id).documents[0].scan_path = str(link)
    mark_handed_over(database, out.dossier_id, now=vn(2026, 11, 20))
    assert purge_scans(database, out.dossier_id, now=vn(2026, 11, 21)) == 1
    assert not link.exists() and not link.is_symlink() and precious.read_bytes() == b"not a scan"


def test_lookup_by_the_short_part_of_the_reference(database, make_draft):
    out = _submit(database, make_draft)
    short = out.reference.split("-", 1)[1]  # e.g. 261120-0001: what a person reads off the slip's end
    date_part, number = short.split("-")
    for typed in (short, f" {short.lower()} ", f"{date_part}{number}", f"{date_part}-{int(number)}",
                  f"{date_part} {number}"):
        found = lookup(database, typed, out.lookup_secret)
        assert found is not None and found.reference == out.reference, typed
    assert lookup(database, short, "ZZZZ") is None  # the secret still decides
    assert lookup(database, f"{date_part}-{int(number) + 1:04d}", out.lookup_secret) is None
    assert lookup(database, "991399-0001", out.lookup_secret) is None  # not a date: nothing, no error
    assert lookup(database, "0001", out.lookup_secret) is None  # the number alone is too little
