"""Console address label (Pilot): "In nhãn gửi" draws the S10 number once, prints through the outbox or a file."""

from __future__ import annotations

import ast
from pathlib import Path

import cv2
from sqlalchemy import select, update

from admin_tui.messages import _
from admin_tui.modes.dossiers_detail import DossierDetailScreen
from core.i18n import missing
from db.engine import Database
from db.models import AuditEvent, Dossier, Kiosk, PrintJob, Procedure, Site
from db.services import tracking
from db.services.dossier_status import change_status
from db.services.dossiers import DocumentDraft, DossierDraft, submit_dossier
from db.services.feedback import record_consent
from devices.codes import decode_frame
from devices.layouts import render_payload
from devices.printing import send
from tests.admin.test_dossiers_console import Clock, vn
from tests.fixtures.admin_app import USERS, add_staff, sign_in, wait_for

ROOT = Path(__file__).resolve().parents[2] / "admin_tui"


def post_dossier(database: Database, at) -> tuple[int, int]:
    """A kiosk submission returned by post whose result is ready; returns (dossier id, site id)."""
    with database.session() as s:
        site = s.scalars(select(Site).order_by(Site.id)).first()
        kiosk = s.scalars(select(Kiosk).where(Kiosk.site_id == site.id)).first()
        ids = {"site_id": site.id, "kiosk_id": kiosk.id}
        req = s.scalars(select(Procedure).where(Procedure.code == "1.001193")).one().versions[-1].documents[0]
    consent = record_consent(database, purpose="dossier", text_version="1", accepted=True, now=at, **ids)
    draft = DossierDraft(procedure_code="1.001193", consent_id=consent, applicant_name="Phạm Thị Dung",
                         applicant_id_number="001190654321", applicant_phone="0912000111",
                         return_method="post", delivery_address="Số 2 Ngõ Z, Phường Y, Hà Nội",
                         documents=[DocumentDraft(requirement_id=req.id, name=req.name, at_counter=True)], **ids)
    did = submit_dossier(database, draft, now=at).dossier_id
    for status in ("agency_received", "processing", "result_ready"):
        change_status(database, did, status, actor="nhan.vien", now=at)
    return did, ids["site_id"]


async def open_detail(app, pilot, dossier_id: int):
    """Sign in as the agent and open the dossier's detail; returns the screen once the dossier is shown."""
    await sign_in(pilot, USERS["agent"])
    app.push_screen(DossierDetailScreen(app.context, dossier_id))
    await wait_for(pilot, lambda: app.screen.id == "dossier-detail-screen" and app.screen.detail is not None)
    return app.screen


async def test_print_label_button_queues_then_reprints_the_same_number(
        sqlite_database: Database, admin_app_factory, virtual_printer) -> None:
    db = sqlite_database
    add_staff(db)
    did, site_id = post_dossier(db, vn(2026, 11, 16, 9))
    tracking.set_series(db, site_id, prefix="RR", first=47312482, last=47312491, user="quan.tri")
    app = admin_app_factory(db, clock=Clock(vn(2026, 11, 20, 9)))
    async with app.run_test(size=(150, 48)) as pilot:
        detail = await open_detail(app, pilot, did)
        assert detail.query_one("#dossier-label").display
        await pilot.click("#dossier-label")
        await wait_for(pilot, lambda: "RR473124829VN" in str(detail.query_one("#dossier-status-line").render()))
        await wait_for(pilot, lambda: "RR473124829VN" in str(detail.query_one("#dossier-info").render()))
        await pilot.press("l")  # reprint: the same number, no second serial
        await wait_for(pilot, lambda: "In lại" in str(detail.query_one("#dossier-status-line").render()))
    with db.session() as s:
        jobs = s.scalars(select(PrintJob).where(PrintJob.dossier_id == did, PrintJob.kind == "label")
                         .order_by(PrintJob.id)).all()
        assert [j.payload["tracking_number"] for j in jobs] == ["RR473124829VN"] * 2
        assert s.get(Dossier, did).tracking_number == "RR473124829VN"
        assert s.scalars(select(AuditEvent.action).where(AuditEvent.action == "dossier.label")).all() == \
            ["dossier.label"] * 2
        payload = dict(jobs[0].payload)
    # The label as the kiosk's print worker sends it, read back from the emulator's image.
    assert send(virtual_printer.url, render_payload("label", payload, 80, None)).ok
    printed = virtual_printer.wait_for_jobs(1)[0]
    codes = decode_frame(cv2.imread(str(printed.png_path)), formats=["Code128"])
    assert "RR473124829VN" in {c.text for c in codes}


async def test_no_kiosk_writes_the_label_file_and_warns_at_ninety_percent(
        sqlite_database: Database, admin_app_factory, tmp_path: Path) -> None:
    db = sqlite_database
    add_staff(db)
    did, site_id = post_dossier(db, vn(2026, 11, 16, 9))
    db.run(lambda s: s.execute(update(Dossier).where(Dossier.id == did).values(kiosk_id=None)))
    db.run(lambda s: s.execute(update(Kiosk).values(active=False)))
    tracking.set_series(db, site_id, prefix="RR", first=1, last=10, user="quan.tri")
    db.run(lambda s: s.execute(tracking.TrackingSeries.__table__.update().values(last_used=8)))
    app = admin_app_factory(db, clock=Clock(vn(2026, 11, 20, 9)))
    async with app.run_test(size=(150, 48)) as pilot:
        detail = await open_detail(app, pilot, did)
        await pilot.click("#dossier-label")
        await wait_for(pilot, lambda: ".png" in str(detail.query_one("#dossier-status-line").render()))
        line = str(detail.query_one("#dossier-status-line").render())
        assert "100%" in line or "⚠" in line
    number = db.run(lambda s: s.get(Dossier, did).tracking_number, read_only=True)
    files = list((tmp_path / "handover").glob(f"*{number}.png"))
    assert len(files) == 1 and oct(files[0].stat().st_mode)[-3:] == "600"
    assert number in {c.text for c in decode_frame(cv2.imread(str(files[0])), formats=["Code128"])}


def test_delivery_strings_are_translated() -> None:
    texts: list[str] = []
    for name in ("modes/dossiers_label.py", "modes/dossiers_detail.py", "modes/dossiers_delivery.py"):
        path = ROOT / name
        if not path.exists():
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "_"
                    and node.args and isinstance(node.args[0], ast.Constant)):
                texts.append(node.args[0].value)
    assert _("In nhãn gửi", lang="en") == "Print address label"
    assert missing("admin", texts) == []


async def fill_delivery(app, pilot, **values: str) -> None:
    """Open the delivery form, fill ``values`` (by field key) and save."""
    await pilot.click("#dossier-delivery")
    await wait_for(pilot, lambda: app.screen.query("#form-dialog"))
    form = app.screen
    for key, value in values.items():
        form.query_one(f"#form-{key}").value = value
    await pilot.pause()
    form.query_one("#form-ok").press()


async def test_delivery_form_records_a_failed_attempt_then_delivery(
        sqlite_database: Database, admin_app_factory) -> None:
    db = sqlite_database
    add_staff(db)
    did, site_id = post_dossier(db, vn(2026, 11, 16, 9))
    tracking.set_series(db, site_id, prefix="RR", first=1, last=10, user="quan.tri")
    tracking.print_label(db, did, user="nhan.vien", now=vn(2026, 11, 20, 9))
    change_status(db, did, "result_in_transit", actor="nhan.vien", now=vn(2026, 11, 20, 9))
    app = admin_app_factory(db, clock=Clock(vn(2026, 11, 20, 15)))
    async with app.run_test(size=(150, 48)) as pilot:
        detail = await open_detail(app, pilot, did)
        assert detail.query_one("#dossier-delivery").display
        await fill_delivery(app, pilot, outcome="not_delivered", reason="wrong_address", next_on="23/11/2026")
        await wait_for(pilot, lambda: "1/3" in str(detail.query_one("#dossier-status-line").render()))
        await wait_for(pilot, lambda: "Sai địa chỉ" in str(detail.query_one("#dossier-timeline").get_row_at(
            detail.query_one("#dossier-timeline").row_count - 1)))
        await fill_delivery(app, pilot, receiver="Nguyễn Thị B", relation="Vợ", last4="12")
        await wait_for(pilot, lambda: "DOS-093" in str(detail.query_one("#dossier-status-line").render()))
        await fill_delivery(app, pilot, receiver="Nguyễn Thị B", relation="Vợ", last4="1234")
        await wait_for(pilot, lambda: db.run(lambda s: s.get(Dossier, did).status, read_only=True) == "returned")
        await wait_for(pilot, lambda: not detail.query_one("#dossier-delivery").display)


async def open_mode(app, pilot, key: str, screen_id: str):
    """Sign in as the admin and open a mode by its key; returns the mode's screen once shown."""
    await sign_in(pilot, USERS["admin"])
    await pilot.press(key)
    await wait_for(pilot, lambda: app.screen.id == screen_id)
    return app.screen


async def test_admin_configures_the_series_in_site_settings(sqlite_database: Database, admin_app_factory) -> None:
    add_staff(sqlite_database)
    app = admin_app_factory(sqlite_database)
    async with app.run_test(size=(150, 48)) as pilot:
        screen = await open_mode(app, pilot, "f7", "settings-screen")
        for first, last, expect in (("5", "1", "S10-010"), ("1000", "1999", "RR")):
            await pilot.click("#settings-site-tracking")
            await wait_for(pilot, lambda: app.screen.query("#form-dialog"))
            form = app.screen
            form.query_one("#form-first").value = first
            form.query_one("#form-last").value = last
            await pilot.pause()
            form.query_one("#form-ok").press()
            await wait_for(pilot, lambda: expect in str(screen.query_one("#settings-status").render())
                           or (expect == "RR" and "dải số" in str(screen.query_one("#settings-status").render())))
    with sqlite_database.read_session() as s:
        site_id = s.scalars(select(Site.id)).first()
        series = tracking.active_series(s, site_id)
    assert (series.prefix, series.first, series.last, series.country) == ("RR", 1000, 1999, "VN")
