"""Pilot tests of the shell's paths: procedure detail, ticket only, look-up, rating, call staff."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlalchemy import select
from textual.widgets import Button, Input, Static

from db import models as m
from db.services.dossiers import DocumentDraft, DossierDraft, submit_dossier
from db.services.feedback import record_consent
from tests.fixtures.kiosk_app import FIXED_NOW, fixed_clock, settle

SIZE = (120, 40)


def _text(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def _open_procedure(app, pilot, code: str) -> None:
    from kiosk.screens.procedure import ProcedureScreen

    await app.push_screen(ProcedureScreen(code))
    await settle(app, pilot)


async def test_procedure_detail_shows_appointment_for_the_fixed_clock(kiosk_app):
    async with kiosk_app.run_test(size=SIZE) as pilot:
        await _open_procedure(kiosk_app, pilot, "1.001193")  # khai sinh: processing 0 days
        facts = _text(kiosk_app, "#facts")
        # Friday 20/11/2026 09:00 in Hà Nội, same-day procedure → due the same Friday
        assert "20/11/2026" in facts and "Thứ Sáu" in facts
        docs = _text(kiosk_app, "#documents")
        assert "Giấy chứng sinh" in docs and "bản chính" in docs


async def test_procedure_appointment_counts_working_days_by_hand(kiosk_app):
    db = kiosk_app.ctx.database
    with db.session() as s:
        current = (m.ProcedureVersion.procedure_id == m.Procedure.id) \
            & (m.ProcedureVersion.version_no == m.Procedure.current_version_no)
        version = s.scalars(select(m.ProcedureVersion).join(m.Procedure, current)
                            .where(m.Procedure.code == "1.000419")).one()
        assert (version.processing_days, version.cutoff_time) == (5, None)  # khai tử lưu động: 5 working days
        assert s.scalars(select(m.HolidayOverride)).first() is None  # only the national calendar applies
    # Received 09:00 Friday 20/11/2026 (a working day, before closing, no cut-off): the count starts that day.
    #   Sat 21, Sun 22: weekend (the site opens Saturdays, but they do not count)
    #   Mon 23/11 = 1
    #   Tue 24/11: Ngày Văn hóa Việt Nam, a public holiday from 2026
    #   Wed 25 = 2, Thu 26 = 3, Fri 27 = 4
    #   Sat 28, Sun 29: weekend
    #   Mon 30/11 = 5 → due Monday 30/11/2026, the site is open; same clock time as the receipt, 09:00
    async with kiosk_app.run_test(size=SIZE) as pilot:
        await _open_procedure(kiosk_app, pilot, "1.000419")
        assert "09:00, Thứ Hai 30/11/2026" in _text(kiosk_app, "#facts")


async def test_ticket_only_writes_ticket_and_prints_it(kiosk_app_factory, virtual_printer):
    app = kiosk_app_factory(printer=virtual_printer)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.click("#choice-ticket")
        await settle(app, pilot)
        first = app.screen.query(".queue-choice").first(Button)
        await pilot.click(f"#{first.id}")
        await settle(app, pilot)
        number = _text(app, "#ticket-number")
        with app.ctx.database.session() as s:
            ticket = s.scalars(select(m.Ticket)).one()
            job = s.scalars(select(m.PrintJob).where(m.PrintJob.ticket_id == ticket.id)).one()
        assert ticket.number == number and ticket.kiosk_id == app.ctx.kiosk_id
        assert job.kind == "ticket" and job.payload["number"] == number
        jobs = await asyncio.to_thread(virtual_printer.wait_for_jobs, 1, 10.0)
        assert any(number in qr for j in jobs for qr in j.qr_texts)


async def test_ticket_only_with_paper_out_keeps_the_number_and_prints_once_later(kiosk_app_factory, virtual_printer):
    virtual_printer.set_state("paper_out")
    app = kiosk_app_factory(printer=virtual_printer)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.click("#choice-ticket")
        await settle(app, pilot)
        await pilot.click("#queue-tn")
        await settle(app, pilot)
        number = _text(app, "#ticket-number")
        for _ in range(200):
            await asyncio.sleep(0.1)
            if "sự cố" in _text(app, "#ticket-print-note"):
                break
        assert "sự cố" in _text(app, "#ticket-print-note") and number == _text(app, "#ticket-number")
        with app.ctx.database.session() as s:
            assert s.scalars(select(m.StaffCall).where(m.StaffCall.reason == "printer")).first() is not None
        virtual_printer.set_state("ok")
        jobs = await asyncio.to_thread(virtual_printer.wait_for_jobs, 1, 20.0)
        for _ in range(200):
            await asyncio.sleep(0.1)
            if "in xong" in _text(app, "#ticket-print-note"):
                break
        assert "in xong" in _text(app, "#ticket-print-note")
        await asyncio.sleep(1.5)  # a retry tick later: still exactly one ticket printed
        assert len(virtual_printer.jobs) == 1 and any(number in qr for qr in jobs[0].qr_texts)


def _make_dossier(app) -> tuple[str, str]:
    consent = record_consent(app.ctx.database, site_id=app.ctx.site_id, kiosk_id=app.ctx.kiosk_id, purpose="dossier",
                             text_version="test-1", accepted=True, now=FIXED_NOW)
    draft = DossierDraft(
        site_id=app.ctx.site_id, kiosk_id=app.ctx.kiosk_id, procedure_code="1.001193", consent_id=consent,
        applicant_name="Nguyễn Văn [b]A[/b]", applicant_id_number="001090123456", applicant_phone="0912345678",
        documents=[],
    )
    with app.ctx.database.session() as s:
        version = s.scalars(select(m.ProcedureVersion).join(m.Procedure).where(m.Procedure.code == "1.001193")).first()
        draft.documents = [DocumentDraft(d.id, d.name, at_counter=True) for d in version.documents if d.required]
    done = submit_dossier(app.ctx.database, draft, now=FIXED_NOW)
    return done.reference, done.lookup_secret


async def test_lookup_by_typed_reference_and_secret(kiosk_app):
    reference, secret = _make_dossier(kiosk_app)
    async with kiosk_app.run_test(size=SIZE) as pilot:
        await pilot.click("#choice-lookup")
        await settle(kiosk_app, pilot)
        kiosk_app.screen.query_one("#lookup-reference", Input).value = reference
        kiosk_app.screen.query_one("#lookup-secret", Input).value = secret.lower()
        await pilot.click("#lookup-submit")
        await settle(kiosk_app, pilot)
        summary = _text(kiosk_app, "#lookup-summary")
        assert reference in summary and "Đăng ký khai sinh" in summary
        assert "Nguyễn" not in summary and "0912345678" not in summary  # no personal data
        assert _text(kiosk_app, "#lookup-timeline")


async def test_lookup_wrong_secret_says_not_found(kiosk_app):
    reference, _secret = _make_dossier(kiosk_app)
    async with kiosk_app.run_test(size=SIZE) as pilot:
        await pilot.click("#choice-lookup")
        kiosk_app.screen.query_one("#lookup-reference", Input).value = reference
        kiosk_app.screen.query_one("#lookup-secret", Input).value = "ZZZZ"
        await pilot.click("#lookup-submit")
        await settle(kiosk_app, pilot)
        assert "Không tìm thấy" in _text(kiosk_app, "#lookup-message")
        assert not kiosk_app.screen.query("#lookup-summary")


async def test_lookup_by_scanned_receipt_qr_from_welcome(kiosk_app):
    reference, secret = _make_dossier(kiosk_app)
    async with kiosk_app.run_test(size=SIZE) as pilot:
        await settle(kiosk_app, pilot)
        kiosk_app.scanner.max_gap_s = 1.0  # Pilot waits for idle between keys; a real scanner is ~10 ms/key
        await pilot.press(*f"HS|{reference}|{secret}", "enter")
        await settle(kiosk_app, pilot)
        assert type(kiosk_app.screen).__name__ == "LookupScreen"
        assert reference in _text(kiosk_app, "#lookup-summary")


async def test_rating_row_written(kiosk_app):
    async with kiosk_app.run_test(size=SIZE) as pilot:
        await pilot.click("#choice-rating")
        await settle(kiosk_app, pilot)
        assert kiosk_app.screen.query_one("#rating-send", Button).disabled  # nothing pre-selected
        await pilot.click("#level-satisfied")
        await pilot.click("#crit-attitude-satisfied")
        await pilot.click("#crit-time-unsatisfied")
        kiosk_app.screen.query_one("#rating-comment", Input).value = "Nhân viên [red]nhiệt tình[/red]"
        await pilot.click("#rating-send")
        await settle(kiosk_app, pilot)
        assert kiosk_app.screen.query("#rating-thanks")
    with kiosk_app.ctx.database.session() as s:
        rating = s.scalars(select(m.Rating)).one()
    assert rating.level == "satisfied"
    assert rating.criteria == {"attitude": "satisfied", "time": "unsatisfied"}
    assert rating.comment == "Nhân viên [red]nhiệt tình[/red]" and rating.kiosk_id == kiosk_app.ctx.kiosk_id


async def test_call_staff_row_written(kiosk_app):
    async with kiosk_app.run_test(size=SIZE) as pilot:
        await pilot.click("#choice-call-staff")
        await settle(kiosk_app, pilot)
        assert "Đã gọi nhân viên" in _text(kiosk_app, "#call-staff-status")
    with kiosk_app.ctx.database.session() as s:
        call = s.scalars(select(m.StaffCall)).one()
    assert call.reason == "citizen" and call.kiosk_id == kiosk_app.ctx.kiosk_id and call.acknowledged_at is None


async def test_database_unreachable_shows_a_clear_message(kiosk_app):
    kiosk_app.ctx.database.engine.dispose()
    from db.engine import Database

    kiosk_app.ctx.database = Database("sqlite:////nonexistent-dir/forbidden/kiosk.db")
    async with kiosk_app.run_test(size=SIZE) as pilot:
        await pilot.click("#choice-call-staff")
        await settle(kiosk_app, pilot)
        error = kiosk_app.screen.query_one("#error", Static)
        assert "hidden" not in error.classes
        assert "chưa lưu được" in str(error.render())


async def test_fixed_clock_is_injected(kiosk_app_factory):
    later = FIXED_NOW + timedelta(days=1)
    app = kiosk_app_factory(clock=fixed_clock(later))
    assert app.ctx.clock() == later


async def test_procedure_not_accepted_here_shows_where_to_go(kiosk_app):
    with kiosk_app.ctx.database.session() as s:
        proc = s.scalars(select(m.Procedure).where(m.Procedure.code == "1.001193")).one()
        s.add(m.SiteProcedureRule(site_id=kiosk_app.ctx.site_id, procedure_id=proc.id, accepted=False,
                                  redirect_note="UBND phường Hoàn Kiếm, 126 Hàng Trống"))
    async with kiosk_app.run_test(size=SIZE) as pilot:
        await pilot.click("#choice-submit")
        await pilot.press(*"khai sinh")
        await settle(kiosk_app, pilot)
        hit = next(b for b in kiosk_app.screen.query(".result").results(Button) if b.value == "1.001193")
        assert "not-accepted" in hit.classes and "UBND phường Hoàn Kiếm" in str(hit.label)
        hit.press()
        await settle(kiosk_app, pilot)
        assert "126 Hàng Trống" in _text(kiosk_app, "#redirect-note")
        assert kiosk_app.screen.query_one("#start-submission", Button).disabled


async def test_heartbeat_row_written(kiosk_app_factory, virtual_printer):
    from kiosk import heartbeat

    app = kiosk_app_factory(printer=virtual_printer)
    assert heartbeat.beat(app.ctx, camera_state="missing") == 0
    with app.ctx.database.session() as s:
        row = s.get(m.DeviceHeartbeat, app.ctx.kiosk_id)
    assert row.printer_online is True and row.printer_paper == "ok" and row.camera_state == "missing"
    virtual_printer.set_state("paper_out")
    heartbeat.beat(app.ctx, camera_state="demo")
    with app.ctx.database.session() as s:
        assert s.get(m.DeviceHeartbeat, app.ctx.kiosk_id).printer_paper == "out"


async def test_lookup_by_receipt_qr_in_front_of_the_camera(kiosk_app_factory, tmp_path):
    import qrcode

    frames = tmp_path / "frames"
    frames.mkdir()
    probe = kiosk_app_factory()
    reference, secret = _make_dossier(probe)
    qrcode.make(f"HS|{reference}|{secret}", border=4, box_size=8).save(frames / "frame-001.png")
    app = kiosk_app_factory(camera_source=str(frames))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.click("#choice-lookup")
        await settle(app, pilot)
        await pilot.click("#lookup-camera")
        for _ in range(100):
            await asyncio.sleep(0.1)
            if app.screen.query("#lookup-summary"):
                break
        await settle(app, pilot)
        assert reference in _text(app, "#lookup-summary")


async def test_lookup_typed_on_the_on_screen_keyboard(kiosk_app):
    reference, secret = _make_dossier(kiosk_app)
    async with kiosk_app.run_test(size=SIZE) as pilot:
        await pilot.click("#choice-lookup")
        await settle(kiosk_app, pilot)
        keys = {"-": "dash", ".": "dot"}
        for ch in reference:
            await pilot.click(f"#kb-{keys.get(ch, ch.lower())}")
        await pilot.click("#lookup-secret")
        for ch in secret:
            await pilot.click(f"#kb-{ch.lower()}")
        assert kiosk_app.screen.query_one("#lookup-reference", Input).value == reference
        assert kiosk_app.screen.query_one("#lookup-secret", Input).value == secret
        await pilot.click("#lookup-submit")
        await settle(kiosk_app, pilot)
        assert reference in _text(kiosk_app, "#lookup-summary")


async def test_priority_ticket_logs_its_reason(kiosk_app):
    async with kiosk_app.run_test(size=SIZE) as pilot:
        await pilot.click("#choice-ticket")
        await settle(kiosk_app, pilot)
        await pilot.click("#prio-elderly")
        await pilot.click("#queue-tn")
        await settle(kiosk_app, pilot)
        assert "Người cao tuổi" in _text(kiosk_app, "#ticket-priority")
    with kiosk_app.ctx.database.session() as s:
        ticket = s.scalars(select(m.Ticket)).one()
        job = s.scalars(select(m.PrintJob)).one()
    assert ticket.priority_class == "elderly" and ticket.priority_reason == "Người cao tuổi"
    assert job.payload["priority_reason"] == "Người cao tuổi"


async def test_ticket_only_says_at_once_when_the_printer_is_already_known_faulted(kiosk_app_factory, virtual_printer):
    virtual_printer.set_state("paper_out")
    app = kiosk_app_factory(printer=virtual_printer)
    async with app.run_test(size=SIZE) as pilot:
        app.kick_printing()
        spooler = app.print_spooler
        with app.ctx.database.session() as s:  # an earlier citizen's ticket is stuck in the printer
            from db.services import outbox

            outbox.enqueue(s, kiosk_id=app.ctx.kiosk_id, kind="ticket", payload={"number": "TN-000"})
        spooler.kick()
        for _ in range(100):
            await asyncio.sleep(0.1)
            if spooler.fault:
                break
        assert spooler.fault == "paper_out"
        spooler.retry_interval_s = 3600  # no retry of the old job happens while this citizen looks
        await pilot.click("#choice-ticket")
        await settle(app, pilot)
        await pilot.click("#queue-tn")
        await settle(app, pilot)
        assert _text(app, "#ticket-number")
        assert "sự cố" in _text(app, "#ticket-print-note") and "đang được in" not in _text(app, "#ticket-print-note")


async def test_lookup_by_short_reference_and_clear_messages(kiosk_app):
    reference, secret = _make_dossier(kiosk_app)
    async with kiosk_app.run_test(size=SIZE) as pilot:
        await pilot.click("#choice-lookup")
        await settle(kiosk_app, pilot)
        await pilot.click("#lookup-submit")  # nothing typed: say what to type, do not sit silent
        await settle(kiosk_app, pilot)
        assert "Vui lòng nhập mã hồ sơ" in _text(kiosk_app, "#lookup-message")
        kiosk_app.scanner.max_gap_s = 1.0
        await pilot.press(*"VE|BD-HN-001|2026-11-20|HT-012", "enter")  # a ticket (an ID card opens its own look-up)
        await settle(kiosk_app, pilot)
        assert kiosk_app.screen.query_one("#lookup-reference", Input).value == ""  # the code did not land there
        assert "không phải giấy biên nhận" in _text(kiosk_app, "#lookup-message")
        kiosk_app.screen.query_one("#lookup-reference", Input).value = reference.split("-", 1)[1]
        kiosk_app.screen.query_one("#lookup-secret", Input).value = secret.lower()
        await pilot.click("#lookup-submit")
        await settle(kiosk_app, pilot)
        assert reference in _text(kiosk_app, "#lookup-summary")


async def test_ticket_number_in_large_digits_and_a_hint_when_fields_continue_below(kiosk_app_factory):
    from textual.widgets import Digits

    kiosk_app = kiosk_app_factory()
    async with kiosk_app.run_test(size=(80, 24)) as pilot:  # a small screen: not every field fits
        await pilot.click("#choice-ticket")
        await settle(kiosk_app, pilot)
        assert kiosk_app.screen.query_one("#queue-choices").max_scroll_y > 0  # 80x24 cannot show them all
        assert "còn tiếp ở phía dưới" in _text(kiosk_app, "#queue-more")
        await pilot.click("#queue-tn")
        await settle(kiosk_app, pilot)
        number = _text(kiosk_app, "#ticket-number")
        digits = kiosk_app.screen.query_one("#ticket-digits", Digits)
        assert number.endswith("-" + digits.value) and digits.region.height >= 3  # three rows tall
    kiosk_app = kiosk_app_factory()
    async with kiosk_app.run_test(size=(200, 60)) as pilot:  # a big screen: everything fits, no hint
        await pilot.click("#choice-ticket")
        await settle(kiosk_app, pilot)
        assert kiosk_app.screen.query_one("#queue-choices").max_scroll_y == 0
        assert kiosk_app.screen.query_one("#queue-more").has_class("hidden")
