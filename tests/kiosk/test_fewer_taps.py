"""Taps removed from the submission path keep their safety: what still asks, and how a mistake is fixed."""

from __future__ import annotations

from sqlalchemy import func, select

from db.models import Consent, Dossier
from tests.fixtures.kiosk_app import settle
from tests.kiosk.test_submit_support import (
    SIZE,
    WARN_ID,
    read_id,
    scan,
    start,
    text_of,
    wait_for,
    wait_screen,
)


async def _to_phone(app, pilot) -> None:  # noqa: ANN001
    await start(app, pilot)
    await pilot.click("#consent-agree")
    await wait_screen(pilot, "IdCardScreen")
    await read_id(pilot)


async def test_a_complete_mobile_number_goes_on_by_itself(kiosk_app_factory):
    app = kiosk_app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await _to_phone(app, pilot)
        for digit in "912345678":
            await pilot.click(f"#kp-{digit}")
        await wait_screen(pilot, "DocumentsScreen")
        assert app.session.phone == "0912345678"


async def test_the_last_digit_can_be_fixed_before_it_goes_on(kiosk_app_factory, monkeypatch):
    from kiosk.screens import phone

    monkeypatch.setattr(phone, "AUTO_ADVANCE_S", 60.0)  # a slow citizen: the correction surely comes first
    app = kiosk_app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await _to_phone(app, pilot)
        for digit in "912345670":  # wrong last digit
            await pilot.click(f"#kp-{digit}")
        assert "Cần sửa, chạm “Xóa”" in text_of(app, "#phone-error")  # says it will go on, and how to stop it
        await pilot.click("#kp-back")  # "Xóa" stops the automatic step
        await settle(app, pilot)
        assert text_of(app, "#phone-error") == ""
        assert type(app.screen).__name__ == "PhoneScreen"
        assert text_of(app, "#phone-display") == "0912 345 67_"
        assert not any(t.name == "phone-auto-advance" and t._active.is_set() for t in app.screen._timers)
        await pilot.click("#kp-8")
        await pilot.click("#kp-ok")  # OK still goes on at once
        await wait_screen(pilot, "DocumentsScreen")
        assert app.session.phone == "0912345678"


async def test_a_complete_number_that_is_not_a_mobile_says_so_at_once(kiosk_app_factory):
    app = kiosk_app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await _to_phone(app, pilot)
        for digit in "212345678":  # 0212… is a landline prefix
            await pilot.click(f"#kp-{digit}")
        await wait_for(pilot, lambda: "không phải số di động" in text_of(app, "#phone-error"), what="error")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "PhoneScreen" and app.session.phone == ""


async def test_a_card_with_a_warning_still_asks_to_confirm(kiosk_app_factory):
    app = kiosk_app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        await pilot.click("#consent-agree")
        await wait_screen(pilot, "IdCardScreen")
        scan(app, WARN_ID)
        await wait_for(pilot, lambda: app.screen.panel == "confirm", what="fields shown")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "IdCardScreen"  # no going on by itself
        assert "ngày cấp" in text_of(app, "#id-warnings")
        assert app.session.id_card is None
        await pilot.click("#id-confirm")
        await wait_screen(pilot, "PhoneScreen")
        assert app.session.id_card.id == "001090123456"


async def test_wrong_card_is_caught_before_anything_is_saved(kiosk_app_factory):
    other = "079185000123|123456789|Trần Thị B|02021985|Nữ|Số 9 Đường Z, Phường W, TP Hồ Chí Minh|01012022"
    app = kiosk_app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        await pilot.click("#consent-agree")
        await wait_screen(pilot, "IdCardScreen")
        await read_id(pilot, other)  # a relative's card went on by itself
        assert "Trần Thị B" in text_of(app, "#phone-applicant")  # …but whose dossier it is shows at once
        await pilot.click("#back")
        await wait_screen(pilot, "IdCardScreen")
        assert app.screen.panel == "confirm" and "Trần Thị B" in text_of(app, "#id-fields")
        await pilot.click("#id-rescan")
        await wait_for(pilot, lambda: app.screen.panel == "scan", what="scanning again")
        await read_id(pilot)
        assert "Nguyễn Văn A" in text_of(app, "#phone-applicant")
        assert app.session.id_card.id == "001090123456"
    with app.ctx.database.session() as s:
        assert s.scalar(select(func.count()).select_from(Dossier)) == 0
        assert s.scalar(select(func.count()).select_from(Consent)) == 1  # only the consent, before the card
