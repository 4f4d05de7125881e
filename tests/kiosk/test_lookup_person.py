"""Pilot: a CCCD scanned on the look-up screen + the phone's last 4 digits → one's open dossiers → a detail;
wrong digits and a dossier without a phone get one plain answer; receipt QRs with the site's public URL."""

from __future__ import annotations

from sqlalchemy import select
from textual.widgets import Button, Static

from db import models as m
from tests.fixtures.kiosk_app import settle
from tests.kiosk.test_shell_paths import _make_dossier
from tests.kiosk.test_submit_support import GOOD_ID, SIZE, text_of, wait_for, wait_screen

MASKED = "0010******56"  # GOOD_ID's number, 001090123456 (the applicant of _make_dossier, phone 0912345678)


async def _burst(pilot, text: str) -> None:  # noqa: ANN001
    """Type ``text`` and Enter as a handheld scanner does."""
    pilot.app.scanner.max_gap_s = 1.0  # Pilot types slower than a scanner
    await pilot.press(*[c for c in text if c.isprintable()], "enter")
    await pilot.pause()


async def _to_digits(pilot) -> None:  # noqa: ANN001
    """Welcome → look-up → scan the CCCD → the digits panel."""
    await pilot.click("#choice-lookup")
    await wait_screen(pilot, "LookupScreen")
    await _burst(pilot, GOOD_ID)
    await wait_screen(pilot, "LookupByIdScreen")


async def _digits(pilot, digits: str) -> None:  # noqa: ANN001
    """Tap the digits and "Đồng ý"; wait for the answer."""
    for digit in digits:
        await pilot.click(f"#kp-{digit}")
    await pilot.click("#kp-ok")
    await settle(pilot.app, pilot)


def _screen_text(app) -> str:  # noqa: ANN001
    return " ".join(str(w.render()) for w in app.screen.query(Static)) + " ".join(
        str(b.label) for b in app.screen.query(Button))


async def test_scan_cccd_type_digits_see_the_list_then_the_detail(kiosk_app) -> None:
    reference, _secret = _make_dossier(kiosk_app)
    short = reference.split("-", 1)[1]
    async with kiosk_app.run_test(size=SIZE) as pilot:
        await _to_digits(pilot)
        assert MASKED in text_of(kiosk_app, "#person-card")
        assert kiosk_app.screen.query_one("#person-keypad").region.height >= 12  # keys of 3 rows
        for digit in "5678":
            await pilot.click(f"#kp-{digit}")
        assert text_of(kiosk_app, "#person-digits") == "5  6  7  8"
        await pilot.click("#kp-ok")
        await wait_for(pilot, lambda: kiosk_app.screen.query(".person-dossier"), what="the list")
        item = kiosk_app.screen.query_one("#person-dossier-0", Button)
        label = str(item.label)
        assert "Đăng ký khai sinh" in label and short in label and reference not in label
        assert "Đã tiếp nhận tại điểm phục vụ" in label and "Thứ Sáu 20/11/2026" in label
        assert item.region.height >= 3 and len(kiosk_app.screen.query(".person-dossier")) == 1
        shown = _screen_text(kiosk_app)
        assert "Nguyễn" not in shown and "001090123456" not in shown and "0912345678" not in shown
        await pilot.click("#person-dossier-0")
        await wait_for(pilot, lambda: kiosk_app.screen.query("#person-summary"), what="the detail")
        summary = text_of(kiosk_app, "#person-summary")
        assert reference in summary and "Đăng ký khai sinh" in summary and "Nguyễn" not in summary
        assert text_of(kiosk_app, "#person-timeline")
        await pilot.click("#person-back-list")
        await wait_for(pilot, lambda: kiosk_app.screen.query("#person-dossier-0"), what="the list again")
        with kiosk_app.ctx.database.session() as s:
            purposes = s.scalars(select(m.Consent.purpose)).all()
        assert "dossier_lookup" in purposes  # "Đồng ý" under the notice is logged as consent


async def test_wrong_digits_and_no_phone_get_the_same_plain_answer(kiosk_app) -> None:
    reference, _secret = _make_dossier(kiosk_app)
    async with kiosk_app.run_test(size=SIZE) as pilot:
        await _to_digits(pilot)
        await pilot.click("#kp-ok")  # nothing typed yet: say what to type
        assert "đủ 4 số" in text_of(kiosk_app, "#person-message")
        await _digits(pilot, "1234")
        wrong = text_of(kiosk_app, "#person-message")
        assert "Không tìm thấy hồ sơ" in wrong and "giấy biên nhận" in wrong and "quầy" in wrong
        assert "KIO" not in wrong and not kiosk_app.screen.query(".person-dossier")
        assert text_of(kiosk_app, "#person-digits") == "_  _  _  _"  # cleared for another try
        with kiosk_app.ctx.database.session() as s:  # the same person's dossier, filed without a phone
            s.scalars(select(m.Dossier).where(m.Dossier.reference == reference)).one().applicant_phone = ""
        await _digits(pilot, "5678")
        assert text_of(kiosk_app, "#person-message") == wrong  # does not tell that the ID has a dossier
        await pilot.click("#person-no-phone")
        said = text_of(kiosk_app, "#person-message")
        assert "không kèm số điện thoại" in said and "giấy biên nhận" in said and "quầy" in said


async def test_an_id_tried_too_often_is_sent_to_the_counter(kiosk_app) -> None:
    from kiosk.throttle import LookupThrottle

    _make_dossier(kiosk_app)
    kiosk_app.ctx.lookup_throttle = LookupThrottle(id_limits=((2, 86400.0),))
    async with kiosk_app.run_test(size=SIZE) as pilot:
        await _to_digits(pilot)
        await _digits(pilot, "0000")
        await _digits(pilot, "1111")
        await _digits(pilot, "5678")  # the right digits, too late
        error = text_of(kiosk_app, "#error")
        assert "tạm khóa" in error and "quầy" in error and "KIO" not in error
        assert not kiosk_app.screen.query(".person-dossier")


async def test_a_receipt_scanned_on_the_digits_panel_is_looked_up(kiosk_app) -> None:
    reference, secret = _make_dossier(kiosk_app)
    async with kiosk_app.run_test(size=SIZE) as pilot:
        await _to_digits(pilot)
        await _burst(pilot, f"HS|{reference}|{secret}")
        await wait_screen(pilot, "LookupScreen")
        await wait_for(pilot, lambda: kiosk_app.screen.query("#lookup-summary"), what="the receipt's dossier")
        assert reference in text_of(kiosk_app, "#lookup-summary")


async def test_receipt_url_qr_is_read_for_the_sites_host_only(kiosk_app_factory, sqlite_database) -> None:
    with sqlite_database.session() as s:
        s.scalars(select(m.Site)).first().public_lookup_url = "https://tracuu.example.vn/hs"
    app = kiosk_app_factory()
    reference, secret = _make_dossier(app)
    with app.ctx.database.session() as s:
        job = s.scalars(select(m.PrintJob).where(m.PrintJob.kind == "receipt")).one()
        url = job.payload["qr"]
    assert url == f"https://tracuu.example.vn/hs?ma={reference}&k={secret}"
    async with app.run_test(size=SIZE) as pilot:
        await wait_screen(pilot, "WelcomeScreen")
        await _burst(pilot, url.replace("tracuu.example.vn", "tracuu.example.com"))  # a look-alike host
        await pilot.pause(0.3)
        assert type(app.screen).__name__ == "WelcomeScreen" and not app._failed_pins  # not a badge either
        await _burst(pilot, url)
        await wait_screen(pilot, "LookupScreen")
        await wait_for(pilot, lambda: app.screen.query("#lookup-summary"), what="the dossier")
        assert reference in text_of(app, "#lookup-summary")


async def test_the_digits_panel_and_the_list_fit_80x24_above_the_nav_bar(kiosk_app) -> None:
    _make_dossier(kiosk_app)
    async with kiosk_app.run_test(size=(80, 24)) as pilot:
        await _to_digits(pilot)
        nav_top = kiosk_app.screen.query_one("#nav").region.y
        for selector in ("#person-no-phone", "#kp-ok", "#kp-0", "#person-notice"):
            region = kiosk_app.screen.query_one(selector).region
            assert region.height and region.bottom <= nav_top, selector
        assert str(kiosk_app.screen.query_one("#person-no-phone", Button).label) == "Tôi không khai số điện thoại"
        await _digits(pilot, "5678")
        await wait_for(pilot, lambda: kiosk_app.screen.query(".person-dossier"), what="the list")
        item = kiosk_app.screen.query_one("#person-dossier-0")
        assert item.region.height == 4 and item.region.bottom <= nav_top  # both lines of the label show
