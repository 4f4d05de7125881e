"""Scans of any text on any screen never crash the kiosk, never open the staff dialog by mistake,
and an unexpected error shows an out-of-service notice, logs nothing personal and exits non-zero."""

from __future__ import annotations

import logging

import pytest

from db.services import accounts
from tests.fixtures.credentials import AGENT_PIN, PASSWORD
from tests.kiosk.test_submit_support import GOOD_ID, SIZE, wait_for, wait_screen

#: What handheld scanners deliver in the wild: a CCCD with Vietnamese text, a ticket, markup, controls.
HOSTILE = [
    GOOD_ID,
    "VE|BD-HN-001|2026-11-20|A012",
    "Nguyễn Thị Ánh Tuyết — Đắk Lắk",
    "[bold red]ADMIN[/] 1234",
    "AGENT-DEMO-0001\u202e\u200b",
    "漢字テスト",  # (Pilot cannot type emoji: it sends them without a character)
]


async def _burst(pilot, text: str) -> None:  # noqa: ANN001
    """Type ``text`` and Enter as a handheld scanner does (one fast burst of key events)."""
    pilot.app.scanner.max_gap_s = 1.0  # Pilot types slower than a scanner
    await pilot.press(*[c for c in text if c.isprintable()], "enter")
    await pilot.pause()


def test_badge_check_takes_any_text(sqlite_database) -> None:  # noqa: ANN001
    with sqlite_database.session() as s:
        accounts.create_user(s, "an", role="agent", password=PASSWORD, full_name="An", pin=AGENT_PIN,
                             badge_code="B-Đ-1", site_id=1)
    with sqlite_database.session() as s:
        for text in HOSTILE + ["", "\x00", "B-Đ-"]:
            assert accounts.verify_agent_badge(s, text, site_id=1) is None
        assert accounts.verify_agent_badge(s, "B-Đ-1", site_id=1).username == "an"


def _notified(app, words: str) -> bool:  # noqa: ANN001
    return any(words in str(n.message) for n in app._notifications)


@pytest.mark.parametrize(("payload", "words"), [
    (GOOD_ID, "Nộp hồ sơ"),
    ("VE|BD-HN-001|2026-11-20|A012", "Không tìm thấy vé này"),  # no such ticket today
    ("VE|OTHER-SITE|2026-11-20|TN-001", "Không tìm thấy vé này"),
], ids=["cccd", "unknown-ticket", "other-site-ticket"])
async def test_a_citizen_document_scanned_on_welcome_gets_a_hint_not_the_staff_dialog(kiosk_app, payload,
                                                                                       words) -> None:
    async with kiosk_app.run_test(size=SIZE) as pilot:
        await wait_screen(pilot, "WelcomeScreen")
        await _burst(pilot, payload)
        await wait_for(pilot, lambda: _notified(kiosk_app, words), what="hint")
        assert type(kiosk_app.screen).__name__ == "WelcomeScreen"
        assert not kiosk_app.pin_attempts_blocked() and not kiosk_app._failed_pins
        assert kiosk_app.return_code is None


@pytest.mark.parametrize("payload", HOSTILE[2:], ids=["vietnamese", "markup", "bidi", "cjk"])
async def test_any_scan_on_the_staff_dialog_is_a_wrong_badge(kiosk_app, payload) -> None:
    async with kiosk_app.run_test(size=SIZE) as pilot:
        await wait_screen(pilot, "WelcomeScreen")
        await pilot.press("f12")
        await wait_screen(pilot, "AgentUnlockScreen")
        await _burst(pilot, payload)
        await wait_for(pilot, lambda: "không đúng" in str(kiosk_app.screen.query_one("#agent-message").render()),
                       what="wrong badge message")
        assert kiosk_app.agent is None and kiosk_app.return_code is None


async def test_an_unexpected_error_shows_out_of_service_logs_no_personal_data_and_exits_70(
    kiosk_app, caplog: pytest.LogCaptureFixture
) -> None:
    kiosk_app.OUT_OF_SERVICE_S = 0.5

    class Boom(RuntimeError):
        pass

    def explode(text: str) -> bool:
        raise Boom(f"bad card {text}")  # the message carries the citizen's data: it must not reach the log

    caplog.set_level(logging.ERROR, logger="kiosk.app")
    with pytest.raises(Boom):  # Pilot re-raises the recorded error when the app ends: tests still see crashes
        async with kiosk_app.run_test(size=SIZE) as pilot:
            await wait_screen(pilot, "WelcomeScreen")
            kiosk_app.screen.on_scan = explode
            await _burst(pilot, GOOD_ID)
            await wait_screen(pilot, "OutOfServiceScreen")
            shown = " ".join(str(w.render()) for w in kiosk_app.screen.query("Static"))
            assert "tạm ngừng phục vụ" in shown and "Nguyễn" not in shown and "001090123456" not in shown
            await wait_for(pilot, lambda: kiosk_app.return_code == 70 and not kiosk_app.is_running, timeout=5,
                           what="exit")
    assert kiosk_app.return_code == 70
    logged = caplog.text
    assert "GEN-500" in logged and "Boom" in logged and "test_hostile_scans.py" in logged
    assert "001090123456" not in logged and "Nguyễn" not in logged and "bad card" not in logged


async def _to_submission_step(pilot, step: str) -> None:  # noqa: ANN001
    from tests.kiosk.test_submit_support import enter_phone, read_id, start

    await start(pilot.app, pilot)
    if step == "ConsentScreen":
        return
    await pilot.click("#consent-agree")
    await wait_screen(pilot, "IdCardScreen")
    if step == "IdCardScreen":
        return
    await read_id(pilot)
    if step == "PhoneScreen":
        await wait_screen(pilot, "PhoneScreen")
        return
    await enter_phone(pilot)


@pytest.mark.parametrize("where", [
    "#choice-submit", "#choice-ticket", "#choice-lookup", "#choice-rating",
    "ConsentScreen", "IdCardScreen", "PhoneScreen", "DocumentsScreen",
])
async def test_every_hostile_scan_on_every_screen_leaves_the_kiosk_running(kiosk_app, where: str) -> None:
    async with kiosk_app.run_test(size=SIZE) as pilot:
        await wait_screen(pilot, "WelcomeScreen")
        if where.startswith("#"):
            await pilot.click(where)
            await pilot.pause(0.3)
        else:
            await _to_submission_step(pilot, where)
        for payload in HOSTILE:
            await _burst(pilot, payload)
            await pilot.pause(0.2)
            assert not kiosk_app.crashed, payload
        assert kiosk_app.return_code is None and kiosk_app.is_running
        shown = " ".join(str(w.render()) for w in kiosk_app.screen.query("Static"))
        assert "Traceback" not in shown and "[bold red]" not in shown


async def test_a_queue_ticket_scanned_on_welcome_shows_its_place(kiosk_app) -> None:
    from kiosk import services

    queue = next(q for q in services.list_queues(kiosk_app.ctx) if q.prefix == "TN")
    first = services.issue_ticket(kiosk_app.ctx, queue.id)
    second = services.issue_ticket(kiosk_app.ctx, queue.id)
    async with kiosk_app.run_test(size=SIZE) as pilot:
        await wait_screen(pilot, "WelcomeScreen")
        await _burst(pilot, f"VE|BD-HN-001|2026-11-20|{second.number}")
        await wait_for(pilot, lambda: _notified(kiosk_app, f"Số {second.number}: còn 1 người trước Quý khách"),
                       what="place of the second ticket")
        assert first.number != second.number and type(kiosk_app.screen).__name__ == "WelcomeScreen"

