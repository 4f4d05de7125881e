"""On-screen keyboard: capitals, digits and punctuation reach the dossier; Telex off for search; a row above the nav."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest
from sqlalchemy import select
from textual.widgets import Button, Input

from db.models import Dossier, PrintJob
from kiosk.widgets.keyboard import OnScreenKeyboard
from tests.fixtures.kiosk_app import settle
from tests.kiosk.test_submit_support import (
    PHONE_DIGITS,
    SIZE,
    enter_phone,
    read_id,
    start,
    text_of,
    wait_for,
    wait_screen,
)

#: "Số 12/3 Ngõ 5-7, P. Láng, Hà Nội" tapped key by key (Telex on: oo → ô, s á, x ~, f `, j .).
ADDRESS = "Số 12/3 Ngõ 5-7, P. Láng, Hà Nội"
ADDRESS_KEYS = (
    "shift s o o s space 1 2 slash 3 space shift n g o x space 5 dash 7 comma space shift p dot space "
    "shift l a s n g comma space shift h a f space shift n o o j i"
).split()
SIZES = [(80, 24), (120, 40), (200, 60)]


async def _tap(pilot, *keys: str) -> None:  # noqa: ANN001
    for key in keys:
        await pilot.click(f"#kb-{key}")


def _labels(app, selector: str) -> list[str]:  # noqa: ANN001
    return [str(b.label) for b in app.screen.query(selector).results(Button)]


def _rows(app, model, *where):  # noqa: ANN001
    with app.ctx.database.session() as s:
        return list(s.scalars(select(model).where(*where)))


async def _act(pilot, selector: str, press: bool) -> None:  # noqa: ANN001
    """Tap ``selector``, or press it (on a short screen it may be below the fold, out of a finger's reach)."""
    if press:
        pilot.app.screen.query_one(selector, Button).press()
        await pilot.pause()
    else:
        await pilot.click(selector)


async def _to_return_editor(app, pilot, *, press: bool = False) -> None:  # noqa: ANN001
    """Walk to the return step with a scanned card and open the address editor."""
    await start(app, pilot)
    await _act(pilot, "#consent-agree", press)
    await wait_screen(pilot, "IdCardScreen")
    await read_id(pilot)
    for digit in PHONE_DIGITS:
        await _act(pilot, f"#kp-{digit}", press)
    await wait_screen(pilot, "DocumentsScreen")
    await _act(pilot, "#docs-all-counter", press)
    await wait_screen(pilot, "ReturnMethodScreen")
    await _act(pilot, "#return-edit", press)
    await settle(app, pilot)


async def test_address_typed_with_capitals_digits_and_punctuation_reaches_dossier_and_receipt(kiosk_app_factory):
    app = kiosk_app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await _to_return_editor(app, pilot)
        field = app.screen.query_one("#return-address-input", Input)
        shift = app.screen.query_one("#kb-shift", Button)
        assert "Gõ dấu: Bật" in _labels(app, "#kb-telex")  # diacritics matter on the printed slip
        await _tap(pilot, "clear")
        assert field.value == ""
        # Shift: the letter keys show capitals while it is on, and it lets go after one letter
        assert str(app.screen.query_one("#kb-a", Button).label) == "a" and not shift.has_class("-on")
        await _tap(pilot, "shift")
        assert shift.has_class("-on") and str(app.screen.query_one("#kb-a", Button).label) == "A"
        await _tap(pilot, "s")
        assert field.value == "S" and not shift.has_class("-on")
        assert str(app.screen.query_one("#kb-a", Button).label) == "a"
        await _tap(pilot, *ADDRESS_KEYS[2:])
        assert field.value == ADDRESS
        await pilot.click("#return-address-save")
        assert ADDRESS in text_of(app, "#return-address")
        await pilot.click("#return-post")
        await wait_screen(pilot, "ReviewScreen")
        await pilot.click("#review-submit")
        await wait_screen(pilot, "DoneScreen")
        [dossier] = _rows(app, Dossier)
        assert dossier.delivery_address == ADDRESS
        assert unicodedata.is_normalized("NFC", dossier.delivery_address)
        [receipt] = _rows(app, PrintJob, PrintJob.dossier_id == dossier.id, PrintJob.kind == "receipt")
        assert ADDRESS in receipt.payload["return_place"]  # the slip prints it as typed, capitals and all


async def test_shift_tapped_twice_keeps_capitals_until_tapped_again(kiosk_app_factory):
    app = kiosk_app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.click("#choice-submit")
        await settle(app, pilot)
        await _tap(pilot, "shift", "shift")
        assert _labels(app, "#kb-shift") == ["⇪ CHỮ HOA"]
        await _tap(pilot, "c", "m", "n", "d")
        assert app.screen.query_one("#search-input", Input).value == "CMND"
        await _tap(pilot, "shift")
        assert _labels(app, "#kb-shift") == ["⇧ Chữ hoa"]
        assert not app.screen.query_one("#kb-shift").has_class("-on")
        await _tap(pilot, "a")
        assert app.screen.query_one("#search-input", Input).value == "CMNDa"


async def _search_results(app, pilot) -> list[str]:  # noqa: ANN001
    await settle(app, pilot)
    return [str(b.label) for b in app.screen.query(".result").results(Button) if b.display]


async def test_search_keyboard_keeps_latin_words_and_finds_them(kiosk_app_factory):
    app = kiosk_app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.click("#choice-submit")
        await settle(app, pilot)
        field = app.screen.query_one("#search-input", Input)
        assert _labels(app, "#kb-telex") == ["Gõ dấu: Tắt"]  # search folds diacritics: Telex starts off
        await _tap(pilot, "v", "i", "s", "a")
        assert field.value == "visa"  # not "vía"
        hits = await _search_results(app, pilot)
        # the catalogue has no visa procedure: no unrelated guesses from "vía", an honest "not found"
        # with browsing and a member of staff offered
        assert not hits
        assert app.screen.query_one("#no-results").display and app.screen.query_one("#unsure-actions").display
        await _tap(pilot, "clear", "shift", "shift", "c", "m", "n", "d")
        assert field.value == "CMND"
        hits = await _search_results(app, pilot)
        assert hits and "căn cước" in hits[0]
        await _tap(pilot, "shift", "clear", *"ho", "space", *"chieu")
        assert field.value == "ho chieu"
        hits = await _search_results(app, pilot)
        assert hits and "hộ chiếu" in hits[0]


async def _to_manual_entry(app, pilot, *, press: bool = False) -> None:  # noqa: ANN001
    """Agent mode on, then the ID step's manual entry."""
    from db.services.accounts import ensure_demo_agent

    with app.ctx.database.session() as s:
        agent, _pin = ensure_demo_agent(s, app.ctx.site_id)
    app.set_agent(agent)
    await start(app, pilot)
    await _act(pilot, "#consent-agree", press)
    await wait_screen(pilot, "IdCardScreen")
    await _act(pilot, "#id-manual", press)
    await wait_for(pilot, lambda: app.screen.panel == "manual", what="manual entry")
    await settle(app, pilot)


async def _open_keyboard(app, pilot, which: str) -> OnScreenKeyboard:  # noqa: ANN001
    """Open the screen with keyboard ``which`` using presses (they work below the fold of a short screen)."""
    if which == "search":
        app.screen.query_one("#choice-submit", Button).press()
        await wait_screen(pilot, "SearchScreen")
    elif which == "lookup":
        app.screen.query_one("#choice-lookup", Button).press()
        await wait_screen(pilot, "LookupScreen")
    elif which == "rating":
        app.screen.query_one("#choice-rating", Button).press()
        await wait_screen(pilot, "RatingScreen")
        app.screen.query_one("#toggle-keyboard", Button).press()
    elif which == "address":
        await _to_return_editor(app, pilot, press=True)
    elif which == "manual":
        await _to_manual_entry(app, pilot, press=True)
        app.screen.query_one("#id-manual-name", Input).focus()  # the full keyboard, taller than the digit keys
    await settle(app, pilot)
    await pilot.pause(0.2)
    return app.screen.query_one(OnScreenKeyboard)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("which", ["search", "lookup", "rating", "address", "manual"])
async def test_keyboard_leaves_a_row_free_above_the_nav_bar(kiosk_app_factory, which, size):
    app = kiosk_app_factory()
    async with app.run_test(size=size) as pilot:
        keyboard = await _open_keyboard(app, pilot, which)
        if not keyboard.display:
            # a short terminal has a real keyboard: the on-screen one hides (the app's ``-short`` rule)
            assert size[1] < 34 and app.screen.has_class("-short")
            return
        nav = app.screen.query_one("#nav")
        header = app.screen.query_one("#header")
        assert keyboard.region.bottom + 1 <= nav.region.y, f"keyboard {keyboard.region} touches nav {nav.region}"
        assert keyboard.region.y >= header.region.bottom, "the whole keyboard is in view"
        keys = [k for k in keyboard.query(".kb-key").results(Button) if k.display and k.parent.display]
        assert keys and all(k.region.height >= 3 for k in keys)
        assert all(keyboard.region.contains_region(k.region) for k in keys)


async def test_agent_enters_a_card_on_the_on_screen_keyboard_with_its_issue_date(kiosk_app_factory):
    app = kiosk_app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await _to_manual_entry(app, pilot)
        keyboard = app.screen.query_one("#id-manual-keyboard", OnScreenKeyboard)
        assert keyboard.has_class("-digits-only")  # the ID number is first: digit keys only
        assert app.screen.query_one("#kb-a").region.area == 0 and app.screen.query_one("#kb-1").region.area
        await _tap(pilot, *"001090123456")
        await pilot.click("#id-manual-dob")
        await _tap(pilot, *"01011990")
        await pilot.click("#id-manual-issued")
        await _tap(pilot, *"15042031")  # in the future: refused like a card's
        await pilot.click("#id-manual-sex")
        assert not keyboard.has_class("-digits-only")
        await _tap(pilot, "shift", *"nam")
        await pilot.click("#id-manual-name")
        await _tap(pilot, "shift", *"nguyeexn", "space", "shift", *"vawn", "space", "shift", "a")
        await pilot.click("#id-manual-address")
        await _tap(pilot, "shift", *"soos", "space", "7", "space", "shift", *"ngox", "space", "5", "comma",
                   "space", "shift", *"haf", "space", "shift", *"nooji")
        values = {key: app.screen.query_one(f"#id-manual-{key}", Input).value
                  for key in ("number", "dob", "issued", "sex", "name", "address")}
        assert values == {"number": "001090123456", "dob": "01011990", "issued": "15042031", "sex": "Nam",
                          "name": "Nguyễn Văn A", "address": "Số 7 Ngõ 5, Hà Nội"}
        await pilot.click("#id-manual-use")
        await wait_for(pilot, lambda: "Ngày cấp" in text_of(app, "#id-manual-error"), what="issue date refused")
        assert app.screen.panel == "manual"
        await pilot.click("#id-manual-issued")
        await _tap(pilot, "clear", *"15042021")
        await pilot.click("#id-manual-use")
        await wait_for(pilot, lambda: app.screen.panel == "confirm", what="typed card accepted")
        assert "Ngày cấp: 15/04/2021" in text_of(app, "#id-fields")
        await pilot.click("#id-confirm")
        await wait_screen(pilot, "PhoneScreen")
        assert app.session.id_card.issued == date(2021, 4, 15) and app.session.manual_id
        await enter_phone(pilot)
        await pilot.click("#docs-all-counter")
        await wait_screen(pilot, "ReturnMethodScreen")
        await pilot.click("#return-counter")
        await wait_screen(pilot, "ReviewScreen")
        assert app.session.id_card.issued == date(2021, 4, 15)  # the card the dossier is built from
        await pilot.click("#review-submit")
        await wait_screen(pilot, "DoneScreen")
        [dossier] = _rows(app, Dossier)
        assert (dossier.applicant_name, dossier.applicant_id_number, dossier.applicant_dob, dossier.applicant_sex,
                dossier.applicant_address) == ("Nguyễn Văn A", "001090123456", date(1990, 1, 1), "Nam",
                                               "Số 7 Ngõ 5, Hà Nội")
        assert dossier.applicant_id_issued_on == date(2021, 4, 15)  # stored, not only shown


async def test_agent_may_leave_the_issue_date_empty(kiosk_app_factory):
    app = kiosk_app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await _to_manual_entry(app, pilot)
        values = {"number": "001090123456", "dob": "01011990", "sex": "Nam", "name": "Nguyễn Văn A",
                  "address": "Số 7 Ngõ 5, Hà Nội"}
        for key, value in values.items():
            app.screen.query_one(f"#id-manual-{key}", Input).value = value
        await pilot.click("#id-manual-use")
        await wait_for(pilot, lambda: app.screen.panel == "confirm", what="typed card accepted")
        assert "Ngày cấp: —" in text_of(app, "#id-fields")
        assert "Không có ngày cấp" in text_of(app, "#id-warnings")  # as for a card whose QR has none
        await pilot.click("#id-confirm")
        await wait_screen(pilot, "PhoneScreen")
        assert app.session.id_card.issued is None
