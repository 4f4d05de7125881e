"""Helpers of the submission-flow tests: taps that count, waiting for workers, the sample ID payloads."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from pathlib import Path

import cv2

SIZE = (120, 40)
KHAI_SINH = "1.001193"  # Đăng ký khai sinh (postal return allowed)
#: A consistent CCCD payload (male, born 1990, Hà Nội code 001).
GOOD_ID = "001090123456|012345678|Nguyễn Văn A|01011990|Nam|Số 1 Phố X, Phường Y, Hà Nội|15042021"
#: The century/sex digit says male but the sex field says Nữ (IDC-004).
BAD_ID = "001090123456|012345678|Nguyễn Thị B|01011990|Nữ|Số 1 Phố X, Phường Y, Hà Nội|15042021"
#: A valid card without an issue date: the ``no_issue_date`` warning, so the citizen confirms the fields.
WARN_ID = "001090123456|012345678|Nguyễn Văn A|01011990|Nam|Số 1 Phố X, Phường Y, Hà Nội|"
PHONE_DIGITS = "912345678"  # after the pre-filled leading 0


class Taps:
    """Clicks like a finger and counts them (keypad digits counted apart)."""

    def __init__(self, pilot) -> None:  # noqa: ANN001
        self.pilot = pilot
        self.count = 0
        self.digits = 0
        self.log: list[str] = []

    async def tap(self, selector: str) -> None:
        """Tap one widget (must be visible, like for a person)."""
        ok = await self.pilot.click(selector)
        assert ok, f"tap on {selector} did not land on it"
        if selector.startswith("#kp-") and selector[4:].isdigit():
            self.digits += 1
        else:
            self.count += 1
        self.log.append(selector)
        await self.pilot.pause()

    async def digits_of(self, digits: str) -> None:
        """Tap keypad digits."""
        for digit in digits:
            await self.tap(f"#kp-{digit}")

    @property
    def total(self) -> int:
        """All touches, keypad digits included."""
        return self.count + self.digits


async def wait_for(pilot, predicate: Callable[[], object], timeout: float = 20.0, what: str = "") -> None:  # noqa: ANN001
    """Let the app run until ``predicate()`` is true (workers post their messages meanwhile)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return
        await pilot.pause(0.05)
    raise AssertionError(f"timed out waiting for {what or predicate}")


async def wait_screen(pilot, name: str, timeout: float = 20.0) -> None:  # noqa: ANN001
    """Wait until the current screen's class is ``name``."""
    await wait_for(pilot, lambda: type(pilot.app.screen).__name__ == name and pilot.app.screen.is_mounted
                   and bool(pilot.app.screen.children), timeout, f"screen {name}")
    await pilot.pause()


def text_of(app, selector: str) -> str:  # noqa: ANN001
    """The rendered plain text of a Static."""
    return str(app.screen.query_one(selector).render())


def scan(app, payload: str) -> None:  # noqa: ANN001
    """A handheld scanner burst, as the shell routes it to the current screen."""
    from kiosk.widgets.scanburst import ScanReceived

    app.screen.post_message(ScanReceived(payload))


async def read_id(pilot, payload: str = GOOD_ID) -> None:  # noqa: ANN001
    """Scan a card that reads cleanly: the ID step goes on to the phone step by itself."""
    scan(pilot.app, payload)
    await wait_screen(pilot, "PhoneScreen")


async def enter_phone(pilot, digits: str = PHONE_DIGITS) -> None:  # noqa: ANN001
    """Tap the phone number on the keypad (after the pre-filled 0); a complete number goes on by itself."""
    for digit in digits:
        await pilot.click(f"#kp-{digit}")
    await wait_screen(pilot, "DocumentsScreen")


async def start(app, pilot, code: str = KHAI_SINH) -> None:  # noqa: ANN001
    """Begin the submission of ``code`` as the procedure-detail button does."""
    from kiosk.screens.flow import begin_submission

    begin_submission(app, code)
    await wait_screen(pilot, "ConsentScreen")


async def walk_to_review(app, pilot, taps: Taps, *, postal: bool) -> None:  # noqa: ANN001
    """From the consent step to the review, with a scanned ID and all originals at the counter."""
    await taps.tap("#consent-agree")
    await wait_screen(pilot, "IdCardScreen")
    await read_id(pilot)  # a clean card needs no confirmation tap
    await taps.digits_of(PHONE_DIGITS)  # the complete number goes on by itself
    await wait_screen(pilot, "DocumentsScreen")
    await taps.tap("#docs-all-counter")
    await wait_screen(pilot, "ReturnMethodScreen")
    await taps.tap("#return-post" if postal else "#return-counter")
    await wait_screen(pilot, "ReviewScreen")


async def wait_printed(pilot, app, timeout: float = 20.0) -> None:  # noqa: ANN001
    """Wait until the Done screen says everything printed."""
    await wait_for(pilot, lambda: "-fault" not in app.screen.query_one("#print-status").classes
                   and text_of(app, "#print-status").startswith("Đã in xong"), timeout, "printing done")


def decode_png_qr(path: Path) -> list[str]:
    """Decode the QR codes of a rendered job picture."""
    from devices.codes import decode_frame

    frame = cv2.imread(str(path))
    assert frame is not None, f"cannot read {path}"
    return [c.text for c in decode_frame(frame) if c.format == "QRCode"]


async def settle(seconds: float = 0.05) -> None:
    """Give worker threads a moment."""
    await asyncio.sleep(seconds)
