"""Counts the taps from Welcome to a printed receipt for "Đăng ký khai sinh" with postal return."""

from __future__ import annotations

from sqlalchemy import select

from db.models import Dossier
from tests.kiosk.test_submit_support import (
    GOOD_ID,
    KHAI_SINH,
    PHONE_DIGITS,
    SIZE,
    Taps,
    decode_png_qr,
    scan,
    text_of,
    wait_for,
    wait_printed,
    wait_screen,
)

#: Screen taps (buttons), not counting the 9 keypad digits of the phone number. Was 9: the ID confirmation
#: (clean card) and the phone "OK" (complete number) went; the review still shows both before submitting.
MAX_TAPS = 7


def _result_id(app, code: str) -> str | None:  # noqa: ANN001
    """Id of the visible search result button for procedure ``code``."""
    for button in app.screen.query(".result"):
        if getattr(button, "value", None) == code and button.display:
            return button.id
    return None


async def test_taps_from_welcome_to_printed_receipt_khai_sinh_by_post(kiosk_app_factory, virtual_printer):
    app = kiosk_app_factory(printer=virtual_printer)
    async with app.run_test(size=SIZE) as pilot:
        taps = Taps(pilot)
        await wait_screen(pilot, "WelcomeScreen")
        await taps.tap("#choice-submit")
        await wait_screen(pilot, "SearchScreen")
        await wait_for(pilot, lambda: _result_id(app, KHAI_SINH) is not None, what="most used procedures")
        await taps.tap(f"#{_result_id(app, KHAI_SINH)}")  # most used procedures are one tap away
        await wait_screen(pilot, "ProcedureScreen")
        await wait_for(pilot, lambda: not app.screen.query_one("#start-submission").disabled, what="detail loaded")
        await taps.tap("#start-submission")
        await wait_screen(pilot, "ConsentScreen")
        await taps.tap("#consent-agree")
        await wait_screen(pilot, "IdCardScreen")
        scan(app, GOOD_ID)  # the card is read, not tapped; a clean read needs no "that's me" tap
        await wait_screen(pilot, "PhoneScreen")
        assert "Nguyễn Văn A" in text_of(app, "#phone-applicant")  # whose dossier it is stays in view
        await taps.digits_of(PHONE_DIGITS)  # the 10th digit completes a valid number: no "OK" tap
        await wait_screen(pilot, "DocumentsScreen")
        await taps.tap("#docs-all-counter")
        await wait_screen(pilot, "ReturnMethodScreen")
        await taps.tap("#return-post")  # the address is prefilled from the ID card
        await wait_screen(pilot, "ReviewScreen")
        review = text_of(app, "#review-summary")  # the last look before saving: who, which phone, where
        assert "Nguyễn Văn A" in review and "0912 345 678" in review and "Phố X" in review
        await taps.tap("#review-submit")
        await wait_screen(pilot, "DoneScreen")
        await wait_printed(pilot, app)

        jobs = virtual_printer.wait_for_jobs(2, timeout=10)
        with app.ctx.database.session() as s:
            dossier = s.scalars(select(Dossier)).one()
            code = dossier.procedure_version.procedure.code
        assert dossier.return_method == "post" and code == KHAI_SINH
        assert dossier.applicant_phone == "0912345678" and dossier.applicant_id_number == "001090123456"
        assert f"HS|{dossier.reference}|{dossier.lookup_secret}" in decode_png_qr(jobs[1].png_path)
        print(f"\ntaps: {taps.count} screen taps + {taps.digits} keypad digits = {taps.total}: {taps.log}")
        assert taps.count <= MAX_TAPS
        assert "#id-confirm" not in taps.log and "#kp-ok" not in taps.log
        assert taps.digits == len(PHONE_DIGITS)
