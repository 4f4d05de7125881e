"""Dossiers mode (Pilot): search, detail, status change with the deadline pause, reprint, PDF hand-over."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from PIL import Image
from sqlalchemy import select

from db.calendar import VN_TZ
from db.engine import Database
from db.models import AuditEvent, Dossier, Kiosk, PrintJob, Procedure, Site
from db.services.dossiers import DocumentDraft, DossierDraft, submit_dossier
from db.services.feedback import record_consent
from devices.layouts import render_payload
from devices.printing import send
from tests.fixtures.admin_app import USERS, add_staff, sign_in, wait_for


def vn(y: int, m: int, d: int, hh: int = 9, mm: int = 0) -> datetime:
    """A Hà Nội local time."""
    return datetime(y, m, d, hh, mm, tzinfo=VN_TZ)


def submit_with_scans(database: Database, folder: Path, at: datetime) -> int:
    """A real kiosk submission whose first document has two scanned pages (one with transparency)."""
    pages_dir = folder / "scans" / "doc1"
    pages_dir.mkdir(parents=True)
    Image.new("RGB", (200, 280), "white").save(pages_dir / "page-1.png")
    Image.new("RGBA", (200, 280), (0, 0, 0, 0)).save(pages_dir / "page-2.png")
    with database.session() as s:
        site = s.scalars(select(Site).order_by(Site.id)).first()
        kiosk = s.scalars(select(Kiosk).where(Kiosk.site_id == site.id)).first()
        ids = {"site_id": site.id, "kiosk_id": kiosk.id}
        reqs = s.scalars(select(Procedure).where(Procedure.code == "1.004873")).one().versions[-1].documents
        docs = [DocumentDraft(requirement_id=reqs[0].id, name=reqs[0].name,
                              pages=sorted(pages_dir.iterdir())),
                DocumentDraft(requirement_id=reqs[1].id, name=reqs[1].name, at_counter=True)]
    consent = record_consent(database, purpose="dossier", text_version="1", accepted=True, now=at, **ids)
    draft = DossierDraft(procedure_code="1.004873", consent_id=consent, applicant_name="Phạm Thị Dung",
                         applicant_id_number="001190654321", applicant_phone="0912000111", documents=docs, **ids)
    return submit_dossier(database, draft, now=at).dossier_id


class Clock:
    """A settable console clock."""

    def __init__(self, at: datetime) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at


async def test_status_change_with_deadline_pause_reprint_and_handover(
        sqlite_database: Database, admin_app_factory, tmp_path: Path, virtual_printer) -> None:
    db = sqlite_database
    add_staff(db)
    did = submit_with_scans(db, tmp_path, vn(2026, 11, 16, 9))
    due_before = db.run(lambda s: s.get(Dossier, did).due_at, read_only=True)
    clock = Clock(vn(2026, 11, 16, 11))
    app = admin_app_factory(db, clock=clock)
    async with app.run_test(size=(150, 48)) as pilot:
        await sign_in(pilot, USERS["agent"])
        await pilot.press("f4")
        await wait_for(pilot, lambda: app.screen.id == "dossiers-screen")
        app.screen.query_one("#dossiers-search").value = "dung"
        table = app.screen.query_one("#dossiers-table")
        await wait_for(pilot, lambda: table.row_count == 1)
        row = [str(c) for c in table.get_row_at(0)]
        assert "0 quá hạn" in str(app.screen.query_one("#dossiers-summary").render())
        assert "Phạm Thị Dung" in row and "0011******21" in row and "001190654321" not in " ".join(row)
        status = app.screen.query_one("#dossiers-status")
        status.value = "returned"
        await wait_for(pilot, lambda: table.row_count == 0)
        status.clear()  # back to "all statuses"
        await wait_for(pilot, lambda: table.row_count == 1)
        table.focus()
        await pilot.click("#dossiers-open")
        await wait_for(pilot, lambda: app.screen.id == "dossier-detail-screen"
                       and app.screen.query_one("#dossier-timeline").row_count == 1)
        detail = app.screen
        assert "001190654321" not in str(detail.query_one("#dossier-info").render())

        # Supplement request: reason and missing documents are required.
        await pilot.click("#dossier-change-status")
        await wait_for(pilot, lambda: app.screen.query("#status-dialog"))
        dialog = app.screen
        dialog.query_one("#status-new").value = "needs_supplement"
        await pilot.pause()
        app.screen.query_one("#status-ok").press()
        await wait_for(pilot, lambda: "lý do" in str(dialog.query_one("#status-error").render()))
        dialog.query_one("#status-note").text = "Bản sao chưa chứng thực"
        dialog.query_one("#status-missing").text = "Bản sao giấy khai sinh có chứng thực\n"
        await pilot.pause()
        app.screen.query_one("#status-ok").press()
        await wait_for(pilot, lambda: detail.query_one("#dossier-timeline").row_count == 2)
        assert "Tạm dừng" in str(detail.query_one("#dossier-info").render())
        assert "Bản sao giấy khai sinh" in str(detail.query_one("#dossier-timeline").get_row_at(1))

        # Supplement arrives three working days later: processing resumes, due date pushed.
        clock.at = vn(2026, 11, 19, 9)
        await pilot.click("#dossier-change-status")
        await wait_for(pilot, lambda: app.screen.query("#status-dialog"))
        app.screen.query_one("#status-new").value = "processing"
        await pilot.pause()
        app.screen.query_one("#status-ok").press()
        await wait_for(pilot, lambda: detail.query_one("#dossier-timeline").row_count == 3)
        assert "+3" in str(detail.query_one("#dossier-timeline").get_row_at(2))

        await pilot.click("#dossier-reprint")
        await wait_for(pilot, lambda: "lệnh in" in str(detail.query_one("#dossier-status-line").render()))

        await pilot.click("#dossier-reveal")
        await wait_for(pilot, lambda: "001190654321" in str(detail.query_one("#dossier-info").render()))

        await pilot.click("#dossier-handover")
        await wait_for(pilot, lambda: app.screen.query("#confirm-yes"))
        await pilot.click("#confirm-yes")
        await wait_for(pilot, lambda: "PDF" in str(detail.query_one("#dossier-status-line").render()))

    with db.session() as s:
        dossier = s.get(Dossier, did)
        assert dossier.status == "processing" and dossier.clock_paused_at is None
        assert dossier.due_at > due_before and dossier.handed_over_at is not None
        job = s.scalars(select(PrintJob).where(PrintJob.dossier_id == did, PrintJob.kind == "receipt")
                        .order_by(PrintJob.id.desc())).first()
        payload, ref, secret = job.payload, dossier.reference, dossier.lookup_secret
        actions = sorted(a for a, in s.execute(select(AuditEvent.action).where(AuditEvent.entity == "dossier")))
    assert actions == ["dossier.handover", "dossier.reprint", "dossier.reveal_id", "dossier.status",
                       "dossier.status"]
    pdf = tmp_path / "handover" / f"{ref}.pdf"
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF") and len(re.findall(rb"/Type\s*/Page(?!s)", data)) == 2
    # The reprinted receipt is printable as the kiosk's print worker would send it.
    outcome = send(virtual_printer.url, render_payload("receipt", payload, 80, None))
    assert outcome.ok, outcome
    printed = virtual_printer.wait_for_jobs(1)[0]
    assert f"HS|{ref}|{secret}" in printed.qr_texts


async def test_long_and_markup_names_keep_the_columns_in_view(
        sqlite_database: Database, admin_app_factory, tmp_path: Path) -> None:
    """A 90-character name is cut with "…", markup stays literal, and the deadline flag stays on screen."""
    db = sqlite_database
    add_staff(db)
    did = submit_with_scans(db, tmp_path, vn(2026, 11, 16, 9))
    long_name = "Nguyễn Ngọc Hoàng Phương Thảo Tôn Nữ Công Tằng Huyền Tôn Nữ Bảo Ngọc Lan Anh [b]x[/b] Trường Giang"
    with db.session() as s:
        s.get(Dossier, did).applicant_name = long_name
    app = admin_app_factory(db, clock=Clock(vn(2026, 11, 30, 11)))
    async with app.run_test(size=(140, 40)) as pilot:
        await sign_in(pilot, USERS["agent"])
        await pilot.press("f4")
        await wait_for(pilot, lambda: app.screen.id == "dossiers-screen")
        table = app.screen.query_one("#dossiers-table")
        await wait_for(pilot, lambda: table.row_count == 1)
        await pilot.pause()
        assert str(table.get_row_at(0)[1]) == long_name  # stored and shown literally, only cut by the column
        await pilot.press("slash", *"dung")  # the "/" shown in the footer focuses the search, it is not typed
        assert app.screen.query_one("#dossiers-search").value == "dung"
        widths = sum(c.get_render_width(table) for c in table.columns.values())
        assert widths <= 140 - 2, widths  # every column, the "Hạn" flag included, fits without scrolling
