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
    wait_for,
    wait_printed,
    wait_screen,
)

#: Screen taps (buttons), not counting the 9 keypad digits of the phone number.
MAX_TAPS = 12


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
        scan(app, GOOD_ID)  # the card is read, not tapped
        await wait_for(pilot, lambda: app.screen.panel == "confirm", what="ID read")
        await taps.tap("#id-confirm")
        await wait_screen(pilot, "PhoneScreen")
        await taps.digits_of(PHONE_DIGITS)
        await taps.tap("#kp-ok")
        await wait_screen(pilot, "DocumentsScreen")
        await taps.tap("#docs-all-counter")
        await wait_screen(pilot, "ReturnMethodScreen")
        await taps.tap("#return-post")  # the address is prefilled from the ID card
        await wait_screen(pilot, "ReviewScreen")
        await taps.tap("#review-submit")
        await wait_screen(pilot, "DoneScreen")
        await wait_printed(pilot, app)

        jobs = virtual_printer.wait_for_jobs(2, timeout=10)
        with app.ctx.database.session() as s:
            dossier = s.scalars(select(Dossier)).one()
            code = dossier.procedure_version.procedure.code
        assert dossier.return_method == "post" and code == KHAI_SINH
        assert f"HS|{dossier.reference}|{dossier.lookup_secret}" in decode_png_qr(jobs[1].png_path)
        print(f"\ntaps: {taps.count} screen taps + {taps.digits} keypad digits = {taps.total}: {taps.log}")
        assert taps.count <= MAX_TAPS
        assert taps.digits == len(PHONE_DIGITS)
