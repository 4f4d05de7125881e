"""Pilot tests of the submission flow end to end: real SQLite, the real virtual printer over TCP."""

from __future__ import annotations

from sqlalchemy import func, select

from db.calendar import to_local
from db.models import Consent, Dossier, DossierDocument, PrintJob, StaffCall, StatusEvent, Ticket
from tests.fixtures.pilot import _original_click
from tests.kiosk.test_submit_support import (
    enter_phone,
    read_id,
    BAD_ID,
    GOOD_ID,
    SIZE,
    Taps,
    decode_png_qr,
    scan,
    start,
    text_of,
    wait_for,
    wait_printed,
    wait_screen,
    walk_to_review,
)


def _rows(app, model, *where):  # noqa: ANN001
    with app.ctx.database.session() as s:
        return list(s.scalars(select(model).where(*where)))


async def _submit_and_check(app, pilot, taps, virtual_printer, *, postal: bool) -> Dossier:  # noqa: ANN001
    await walk_to_review(app, pilot, taps, postal=postal)
    review = text_of(app, "#review-summary")
    assert "0010******56" in review and "001090123456" not in review
    await taps.tap("#review-submit")
    await wait_screen(pilot, "DoneScreen")
    await wait_printed(pilot, app)
    jobs = virtual_printer.wait_for_jobs(2, timeout=10)
    assert len(jobs) == 2, "ticket and receipt, each exactly once"

    [dossier] = _rows(app, Dossier)
    assert text_of(app, "#done-reference") == dossier.reference
    assert text_of(app, "#done-secret") == dossier.lookup_secret
    assert dossier.applicant_id_number == "001090123456"
    assert dossier.applicant_phone == "0912345678"
    assert dossier.consent_id is not None
    docs = _rows(app, DossierDocument, DossierDocument.dossier_id == dossier.id)
    assert docs and all(d.at_counter for d in docs if "xuất trình" not in d.name)  # the ID card was shown
    assert [e.status for e in _rows(app, StatusEvent, StatusEvent.dossier_id == dossier.id)] == ["received"]
    [ticket] = _rows(app, Ticket, Ticket.id == dossier.ticket_id)
    assert text_of(app, "#done-ticket") == ticket.number
    print_jobs = _rows(app, PrintJob, PrintJob.dossier_id == dossier.id)
    assert sorted(j.kind for j in print_jobs) == ["receipt", "ticket"]
    assert all(j.state == "done" for j in print_jobs)

    receipt_png = jobs[1].png_path
    assert f"HS|{dossier.reference}|{dossier.lookup_secret}" in decode_png_qr(receipt_png)
    return dossier


async def test_submit_with_counter_return(kiosk_app_factory, virtual_printer):
    app = kiosk_app_factory(printer=virtual_printer)
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        dossier = await _submit_and_check(app, pilot, Taps(pilot), virtual_printer, postal=False)
        assert dossier.return_method == "counter"
        assert dossier.delivery_address == ""
        await pilot.click("#done-finish")
        await wait_screen(pilot, "WelcomeScreen")
        assert app.session.id_card is None and app.session.phone == ""


async def test_submit_with_postal_return_and_edited_address(kiosk_app_factory, virtual_printer, monkeypatch):
    from kiosk.screens.done import DoneScreen

    monkeypatch.setattr(DoneScreen, "return_after_s", 0.5)
    app = kiosk_app_factory(printer=virtual_printer)
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        taps = Taps(pilot)
        await taps.tap("#consent-agree")
        await wait_screen(pilot, "IdCardScreen")
        await read_id(pilot)
        await taps.digits_of("912345678")
        await wait_screen(pilot, "DocumentsScreen")
        await taps.tap("#docs-all-counter")
        await wait_screen(pilot, "ReturnMethodScreen")
        assert "Số 1 Phố X, Phường Y, Hà Nội" in text_of(app, "#return-address")  # prefilled from the ID
        await taps.tap("#return-edit")
        field = app.screen.query_one("#return-address-input")
        field.value = "Số 5 Ngõ 10, Phường Láng, Hà Nội"
        for key in ("kb-space", "kb-x", "kb-backspace", "kb-backspace"):  # the on-screen keyboard edits it
            await taps.tap(f"#{key}")
        field.value = "Ngõ"
        for key in ("kb-space", "kb-1", "kb-0", "kb-slash", "kb-2", "kb-comma"):  # house numbers and separators
            await taps.tap(f"#{key}")
        assert field.value == "Ngõ 10/2,"
        field.value = "Số 5 Ngõ 10, Phường Láng, Hà Nội"
        await taps.tap("#return-address-save")
        assert "Ngõ 10" in text_of(app, "#return-address")
        await taps.tap("#return-post")
        await wait_screen(pilot, "ReviewScreen")
        await wait_for(pilot, lambda: "hẹn trả" in text_of(app, "#review-appointment"), what="appointment")
        shown = text_of(app, "#review-appointment")
        await taps.tap("#review-submit")
        await wait_screen(pilot, "DoneScreen")
        await wait_printed(pilot, app)
        [dossier] = _rows(app, Dossier)
        assert to_local(dossier.due_at).strftime("%d/%m/%Y") in shown  # the date seen before submitting is kept
        assert dossier.return_method == "post"
        assert dossier.delivery_address == "Số 5 Ngõ 10, Phường Láng, Hà Nội"
        jobs = virtual_printer.wait_for_jobs(2, timeout=10)
        assert f"HS|{dossier.reference}|{dossier.lookup_secret}" in decode_png_qr(jobs[1].png_path)
        await wait_screen(pilot, "WelcomeScreen")  # by itself, once printed
        assert app.session.id_card is None and app.session.procedure_code is None


async def test_consent_declined_records_refusal_and_ends_politely(kiosk_app_factory):
    app = kiosk_app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        assert not app.screen.query_one("#consent-agree").disabled  # nothing chosen for the citizen
        await pilot.click("#consent-decline")
        await wait_for(pilot, lambda: bool(app.screen.query("#consent-bye-text")), what="goodbye")
        [consent] = _rows(app, Consent)
        assert consent.accepted is False and consent.purpose == "dossier_submission" and consent.text_version
        assert app.session.consent_id is None
        await pilot.click("#consent-home")
        await wait_screen(pilot, "WelcomeScreen")
        assert _rows(app, Dossier) == []


async def test_declining_consent_offers_a_queue_number_for_the_counter(kiosk_app_factory):
    app = kiosk_app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        await pilot.click("#consent-decline")
        await wait_for(pilot, lambda: bool(app.screen.query("#consent-ticket")), what="ticket offer")
        await pilot.click("#consent-ticket")
        await wait_screen(pilot, "TicketOnlyScreen")
        assert app.session.procedure_code is None  # the refused session is gone; only a number is offered
        assert [type(s).__name__ for s in app.screen_stack[-2:]] == ["WelcomeScreen", "TicketOnlyScreen"]


async def test_bad_id_payload_asks_to_scan_again(kiosk_app_factory):
    app = kiosk_app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        await pilot.click("#consent-agree")
        await wait_screen(pilot, "IdCardScreen")
        scan(app, BAD_ID)
        await wait_for(pilot, lambda: "quét lại" in text_of(app, "#scan-error"), what="rescan request")
        assert app.screen.panel == "scan"
        error = text_of(app, "#scan-error")
        assert "giới tính" in error.lower()  # the reason is given, in plain words
        assert "IDC-" not in error and "trường" not in error and "thế kỷ" not in error
        scan(app, "[bold red]not an ID[/]")
        await wait_for(pilot, lambda: "[bold red]" not in text_of(app, "#scan-error")
                       and "thẻ căn cước" in text_of(app, "#scan-error"), what="second rejection")
        await read_id(pilot, GOOD_ID.replace("Nguyễn Văn A", "Nguyễn [b]Văn[/b] A").replace("Phố X", "[red]Phố X"))
        id_screen = next(s for s in app.screen_stack if type(s).__name__ == "IdCardScreen")
        applicant = text_of(app, "#phone-applicant")  # scanned text is shown literally, markup and all
        assert "Nguyễn [b]Văn[/b] A" in applicant and "0010******56" in applicant
        fields = str(id_screen.query_one("#id-fields").render())  # what Back to the ID step shows
        assert "Nguyễn [b]Văn[/b] A" in fields and "[red]Phố X" in fields
        assert "0010******56" in fields and "001090123456" not in fields


async def test_camera_missing_offers_scanner_and_staff(kiosk_app_factory):
    app = kiosk_app_factory(camera_source="")
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        await pilot.click("#consent-agree")
        await wait_screen(pilot, "IdCardScreen")
        await wait_for(pilot, lambda: "Không tìm thấy camera" in text_of(app, "#scan-status"), what="camera missing")
        await pilot.click("#id-call-staff")
        await wait_for(pilot, lambda: "Đã gọi nhân viên" in text_of(app, "#scan-error"), what="staff called")
        calls = _rows(app, StaffCall)
        assert [c.reason for c in calls] == ["camera"]
        await read_id(pilot)  # the handheld scanner still works


async def test_language_toggle_keeps_the_step_state(kiosk_app_factory):
    app = kiosk_app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        await pilot.click("#consent-agree")
        await wait_screen(pilot, "IdCardScreen")
        await read_id(pilot)
        await pilot.press(*"9123")
        await pilot.click("#phone-continue")
        assert "10 chữ số" in text_of(app, "#phone-error")
        await pilot.click("#lang-toggle")
        await wait_for(pilot, lambda: "10 digits" in text_of(app, "#phone-error"), what="English error")
        assert text_of(app, "#phone-display").startswith("0912 3")
        assert "Step 3/6" in text_of(app, "#flow-step")
        await pilot.click("#back")
        await wait_screen(pilot, "IdCardScreen")
        await wait_for(pilot, lambda: "Full name" in text_of(app, "#id-fields"), what="English fields")
        assert "0010******56" in text_of(app, "#id-fields")


async def test_agent_types_the_id_by_hand_and_is_recorded(kiosk_app_factory, virtual_printer):
    from db.services.accounts import ensure_demo_agent

    app = kiosk_app_factory(printer=virtual_printer)
    with app.ctx.database.session() as s:
        agent, _pin = ensure_demo_agent(s, app.ctx.site_id)
    async with app.run_test(size=SIZE) as pilot:
        app.set_agent(agent)
        await start(app, pilot)
        await pilot.click("#consent-agree")
        await wait_screen(pilot, "IdCardScreen")
        await pilot.click("#id-manual")
        assert app.screen.panel == "manual"
        values = {"number": "001090123456", "name": "Nguyễn Văn A", "dob": "01011990", "sex": "Nam",
                  "address": "Số 1 Phố X, Phường Y, Hà Nội"}
        for key, value in values.items():
            app.screen.query_one(f"#id-manual-{key}").value = value
        await pilot.click("#id-manual-use")
        await wait_for(pilot, lambda: app.screen.panel == "confirm", what="typed ID accepted")
        await pilot.click("#id-confirm")
        assert app.session.manual_id is True
        await wait_screen(pilot, "PhoneScreen")
        await enter_phone(pilot)
        await wait_screen(pilot, "DocumentsScreen")
        await pilot.click("#docs-all-counter")
        await wait_screen(pilot, "ReturnMethodScreen")
        await pilot.click("#return-counter")
        await wait_screen(pilot, "ReviewScreen")
        assert agent.full_name in text_of(app, "#review-summary")
        await pilot.click("#review-submit")
        await wait_screen(pilot, "DoneScreen")
        [dossier] = _rows(app, Dossier)
        assert dossier.assisting_agent_id == agent.user_id


async def test_id_step_without_agent_has_no_manual_entry(kiosk_app_factory):
    app = kiosk_app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        await pilot.click("#consent-agree")
        await wait_screen(pilot, "IdCardScreen")
        assert not app.screen.query_one("#id-manual").display
        # nothing to tap for a citizen (the raw click: the suite's steady click refuses hidden targets)
        assert await _original_click(pilot, "#id-manual") is False


async def test_no_postal_choice_when_the_procedure_does_not_allow_it(kiosk_app_factory):
    app = kiosk_app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot, "1.000894")  # Đăng ký kết hôn: personal presence, no postal return
        assert "Bước 1/5" in text_of(app, "#flow-step")
        await pilot.click("#consent-agree")
        await wait_screen(pilot, "IdCardScreen")
        await read_id(pilot)
        await enter_phone(pilot)
        await wait_screen(pilot, "DocumentsScreen")
        await pilot.click("#docs-continue")
        assert "Còn giấy tờ bắt buộc" in text_of(app, "#docs-error")  # nothing decided yet
        await pilot.click("#docs-all-counter")
        await wait_screen(pilot, "ReviewScreen")
        assert app.session.return_method == "counter"
        assert "Bước 5/5" in text_of(app, "#flow-step")
        assert not app.screen.query("#review-edit-return-method")  # no postal choice to change
        await pilot.click("#review-edit-phone")
        await wait_screen(pilot, "PhoneScreen")
        assert text_of(app, "#phone-display") == "0912 345 678"  # kept
        for key in ("#kp-back", "#kp-9", "#kp-ok"):
            await pilot.click(key)
        await wait_screen(pilot, "DocumentsScreen")
        await pilot.click("#docs-continue")  # the choices are kept too
        await wait_screen(pilot, "ReviewScreen")
        assert app.session.phone == "0912345679"


async def test_failed_submissions_save_nothing_then_retry_succeeds(kiosk_app_factory):
    from db.engine import Database

    app = kiosk_app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        await walk_to_review(app, pilot, Taps(pilot), postal=True)
        real = app.ctx.database
        app.ctx.database = Database("postgresql+psycopg://kiosk:x@127.0.0.1:9/kiosk?connect_timeout=2")
        try:
            await pilot.click("#review-submit")
            await wait_for(pilot, lambda: "Chưa gửi được" in text_of(app, "#review-status"), timeout=30,
                           what="database error shown")
            assert "chưa có gì được lưu" in text_of(app, "#review-status")
            assert "DB-" not in text_of(app, "#review-status")  # codes go to the log, not to the citizen
            assert type(app.screen).__name__ == "ReviewScreen"
        finally:
            app.ctx.database.dispose()
            app.ctx.database = real
        with real.session() as s:
            assert s.scalar(select(func.count()).select_from(Dossier)) == 0

        consent_id = app.session.consent_id
        app.session.consent_id = 999_999  # a consent that does not exist: the service refuses the draft
        await pilot.click("#review-submit")
        await wait_for(pilot, lambda: "Chưa có đồng ý" in text_of(app, "#review-status"), what="refusal shown")
        assert "DOS-" not in text_of(app, "#review-status")
        assert not app.screen.query_one("#review-submit").disabled
        with real.session() as s:
            assert s.scalar(select(func.count()).select_from(Dossier)) == 0
            assert s.scalar(select(func.count()).select_from(PrintJob)) == 0

        app.session.consent_id = consent_id
        # the refusal came back within the button's 0.2 s press effect, during which Button ignores a click
        await wait_for(pilot, lambda: not app.screen.query_one("#review-submit").has_class("-active"))
        await pilot.click("#review-submit")  # the same dossier now goes through
        await wait_screen(pilot, "DoneScreen")


async def test_unknown_procedure_does_not_start_the_flow(kiosk_app_factory):
    from kiosk.screens.flow import begin_submission

    app = kiosk_app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await wait_screen(pilot, "WelcomeScreen")
        begin_submission(app, "9.999999")
        await wait_for(pilot, lambda: not app.screen.query_one("#error").has_class("hidden"), what="error shown")
        assert type(app.screen).__name__ == "WelcomeScreen"
        assert app.session.documents == []


async def test_a_citizen_without_a_mobile_submits_for_the_counter(kiosk_app_factory):
    from tests.kiosk.test_submit_support import read_id

    app = kiosk_app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        await pilot.click("#consent-agree")
        await wait_screen(pilot, "IdCardScreen")
        await read_id(pilot)
        await wait_screen(pilot, "PhoneScreen")
        assert "chỉ nhận kết quả tại quầy" in text_of(app, "#phone-none-note")  # the consequence is said
        await pilot.click("#phone-none")
        await wait_screen(pilot, "DocumentsScreen")
        await pilot.click("#docs-all-counter")
        await wait_screen(pilot, "ReturnMethodScreen")
        assert app.screen.query_one("#return-post").disabled  # the postman would have no number to call
        await pilot.click("#return-counter")
        await wait_screen(pilot, "ReviewScreen")
        await pilot.click("#review-submit")
        await wait_screen(pilot, "DoneScreen")
        [dossier] = _rows(app, Dossier)
        assert dossier.applicant_phone == "" and dossier.return_method == "counter"


async def test_the_scanned_id_card_is_not_asked_for_again_and_the_receipt_says_shown(kiosk_app_factory):
    app = kiosk_app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)  # Đăng ký khai sinh: "Giấy tờ tùy thân (…) – xuất trình" is on its list
        await pilot.click("#consent-agree")
        await wait_screen(pilot, "IdCardScreen")
        await read_id(pilot)
        await enter_phone(pilot)
        await wait_screen(pilot, "DocumentsScreen")
        shown = [d for d in app.session.documents if "xuất trình" in d.name]
        assert shown and all(d.presented for d in shown)
        index = app.session.documents.index(shown[0])
        assert "Đã xuất trình" in text_of(app, f"#doc-{index}-status")
        assert app.screen.query_one(f"#doc-{index}-counter").disabled
        await pilot.click("#docs-all-counter")
        await wait_screen(pilot, "ReturnMethodScreen")
        await pilot.click("#return-counter")
        await wait_screen(pilot, "ReviewScreen")
        await pilot.click("#review-submit")
        await wait_screen(pilot, "DoneScreen")
        [job] = [j for j in _rows(app, PrintJob) if j.kind == "receipt"]
        [line] = [d for d in job.payload["documents"] if "xuất trình" in d["name"]]
        assert line["at_counter"] is False and not line["pages"]  # printed as "đã xuất trình tại kiosk"
        assert all(d.at_counter for d in _rows(app, DossierDocument) if "xuất trình" not in d.name)


async def test_a_lost_commit_is_checked_and_a_saved_dossier_shown_not_submitted_twice(kiosk_app_factory, monkeypatch):
    """The COMMIT went through but its answer was lost: the kiosk finds the dossier by its consent."""
    import kiosk.submission as submission
    from db.engine import CommitInDoubt

    real_submit = submission.submit_dossier

    def saved_then_lost(database, draft, *, now):  # noqa: ANN001, ANN202
        real_submit(database, draft, now=now)
        raise CommitInDoubt("lost")

    monkeypatch.setattr(submission, "submit_dossier", saved_then_lost)
    monkeypatch.setattr(submission, "DOUBT_CHECK_S", (0.0,))
    app = kiosk_app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        await walk_to_review(app, pilot, Taps(pilot), postal=False)
        await pilot.click("#review-submit")
        await wait_screen(pilot, "DoneScreen")
        [dossier] = _rows(app, Dossier)
        assert dossier.reference in text_of(app, "#done-reference")


def _outage(monkeypatch) -> dict[str, bool]:  # noqa: ANN001
    """Every COMMIT is saved but its answer lost, and the database answers nothing, until ``on`` is False."""
    import kiosk.submission as submission
    from db.engine import CommitInDoubt, DatabaseUnavailable

    real_submit, real_find = submission.submit_dossier, submission.find_submission
    outage = {"on": True}

    def lost(database, draft, *, now):  # noqa: ANN001, ANN202
        result = real_submit(database, draft, now=now)  # saved, but the kiosk may never hear back
        if outage["on"]:
            raise CommitInDoubt("lost")
        return result

    def unreachable(database, consent_id):  # noqa: ANN001, ANN202
        if outage["on"]:
            raise DatabaseUnavailable("down")
        return real_find(database, consent_id)

    monkeypatch.setattr(submission, "submit_dossier", lost)
    monkeypatch.setattr(submission, "find_submission", unreachable)
    monkeypatch.setattr(submission, "DOUBT_CHECK_S", (0.0, 0.0))
    return outage


async def test_an_unanswered_commit_says_so_and_keeps_the_scans(kiosk_app_factory, monkeypatch, tmp_path):
    from kiosk.state import CapturedDocument

    _outage(monkeypatch)
    app = kiosk_app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        await walk_to_review(app, pilot, Taps(pilot), postal=False)
        page = tmp_path / "page-1.png"
        page.write_bytes(b"scan")
        app.session.documents.append(CapturedDocument(None, "Trang thêm", pages=[page]))
        await pilot.click("#review-submit")
        await wait_for(pilot, lambda: "Chưa rõ hồ sơ đã được lưu" in text_of(app, "#review-status"), timeout=15,
                       what="in-doubt message")
        status = text_of(app, "#review-status")
        assert "chưa có gì được lưu" not in status and "KIO-" not in status and "DB-" not in status
        assert app.session.in_doubt
        app.session.wipe()  # the citizen walks away: the scans may belong to the saved dossier
        assert page.exists()
        assert len(_rows(app, Dossier)) == 1


async def test_a_retry_after_doubt_returns_the_saved_dossier(kiosk_app_factory, monkeypatch):
    outage = _outage(monkeypatch)
    app = kiosk_app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        await walk_to_review(app, pilot, Taps(pilot), postal=False)
        await pilot.click("#review-submit")
        await wait_for(pilot, lambda: "Chưa rõ hồ sơ đã được lưu" in text_of(app, "#review-status"), timeout=15)
        outage["on"] = False  # the server is back; the citizen taps again
        await wait_for(pilot, lambda: not app.screen.query_one("#review-submit").disabled)
        await wait_for(pilot, lambda: not app.screen.query_one("#review-submit").has_class("-active"))
        await pilot.click("#review-submit")
        await wait_screen(pilot, "DoneScreen")
        [dossier] = _rows(app, Dossier)  # one dossier, one ticket, one pair of print jobs
        assert len(_rows(app, PrintJob)) == 2
        assert dossier.reference in text_of(app, "#done-reference")
        assert not app.session.in_doubt
