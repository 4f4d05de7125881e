"""Snapshot tests of every submission step at 120×40 with a fixed clock."""

from __future__ import annotations

import pytest

from tests.kiosk.test_submit_support import (
    enter_phone,
    WARN_ID,
    read_id,
    SIZE,
    Taps,
    scan,
    start,
    text_of,
    wait_for,
    wait_screen,
    walk_to_review,
)


@pytest.fixture
def fixed_secret(monkeypatch):
    """A fixed lookup secret so the Done screen is the same every run."""
    from db.services import dossiers

    real = dossiers.new_dossier_reference

    def fixed(session, unit, now):  # noqa: ANN001
        reference, _secret = real(session, unit, now)
        return reference, "7KQM"

    monkeypatch.setattr(dossiers, "new_dossier_reference", fixed)


async def _to_id_card(pilot) -> None:  # noqa: ANN001
    await start(pilot.app, pilot)
    await pilot.click("#consent-agree")
    await wait_screen(pilot, "IdCardScreen")


def test_snapshot_consent(kiosk_app_factory, snap_compare):
    async def run_before(pilot) -> None:  # noqa: ANN001
        await start(pilot.app, pilot)

    assert snap_compare(kiosk_app_factory(), terminal_size=SIZE, run_before=run_before)


def test_snapshot_id_card_camera_missing(kiosk_app_factory, snap_compare):
    async def run_before(pilot) -> None:  # noqa: ANN001
        await _to_id_card(pilot)
        await wait_for(pilot, lambda: "camera" in text_of(pilot.app, "#scan-status"), what="camera missing")

    assert snap_compare(kiosk_app_factory(), terminal_size=SIZE, run_before=run_before)


def test_snapshot_id_card_confirm(kiosk_app_factory, snap_compare):
    async def run_before(pilot) -> None:  # noqa: ANN001
        await _to_id_card(pilot)
        scan(pilot.app, WARN_ID)  # a card with a warning is shown for confirmation (a clean one goes on)
        await wait_for(pilot, lambda: pilot.app.screen.panel == "confirm", what="ID read")
        await pilot.pause()

    assert snap_compare(kiosk_app_factory(), terminal_size=SIZE, run_before=run_before)


def test_snapshot_phone_with_error(kiosk_app_factory, snap_compare):
    async def run_before(pilot) -> None:  # noqa: ANN001
        await _to_id_card(pilot)
        await read_id(pilot)
        for digit in "9123":
            await pilot.click(f"#kp-{digit}")
        await pilot.click("#phone-continue")
        await pilot.pause()

    assert snap_compare(kiosk_app_factory(), terminal_size=SIZE, run_before=run_before)


async def _to_documents(pilot) -> None:  # noqa: ANN001
    await _to_id_card(pilot)
    await read_id(pilot)
    await enter_phone(pilot)
    await wait_screen(pilot, "DocumentsScreen")


def test_snapshot_documents(kiosk_app_factory, snap_compare):
    async def run_before(pilot) -> None:  # noqa: ANN001
        await _to_documents(pilot)
        await pilot.click("#doc-0-counter")
        await pilot.pause()

    assert snap_compare(kiosk_app_factory(), terminal_size=SIZE, run_before=run_before)


def test_snapshot_return_method(kiosk_app_factory, snap_compare):
    async def run_before(pilot) -> None:  # noqa: ANN001
        await _to_documents(pilot)
        await pilot.click("#docs-all-counter")
        await wait_screen(pilot, "ReturnMethodScreen")

    assert snap_compare(kiosk_app_factory(), terminal_size=SIZE, run_before=run_before)


def test_snapshot_review(kiosk_app_factory, snap_compare):
    async def run_before(pilot) -> None:  # noqa: ANN001
        await start(pilot.app, pilot)
        await walk_to_review(pilot.app, pilot, Taps(pilot), postal=True)
        await wait_for(pilot, lambda: "hẹn trả" in text_of(pilot.app, "#review-appointment"), what="appointment")
        await pilot.pause()

    assert snap_compare(kiosk_app_factory(), terminal_size=SIZE, run_before=run_before)


def test_snapshot_done_with_printer_offline(kiosk_app_factory, snap_compare, fixed_secret):
    async def run_before(pilot) -> None:  # noqa: ANN001
        app = pilot.app
        await start(app, pilot)
        await walk_to_review(app, pilot, Taps(pilot), postal=True)
        await pilot.click("#review-submit")
        await wait_screen(pilot, "DoneScreen")
        await wait_for(pilot, lambda: "-fault" in app.screen.query_one("#print-status").classes, what="fault")
        await pilot.pause()

    assert snap_compare(kiosk_app_factory(), terminal_size=SIZE, run_before=run_before)


def test_snapshot_capture_dialog(kiosk_app_factory, snap_compare, tmp_path):
    import cv2

    from devices.camera.synthetic import document_scene

    folder = tmp_path / "pages"
    folder.mkdir()
    cv2.imwrite(str(folder / "1.png"), document_scene(1, size=(960, 720), seed=1)[0])

    async def run_before(pilot) -> None:  # noqa: ANN001
        await _to_documents(pilot)
        await pilot.click("#doc-1-capture")
        await wait_screen(pilot, "CaptureScreen")
        await wait_for(pilot, lambda: pilot.app.screen.query_one("#capture-advice").has_class("-ok"), timeout=20)
        await pilot.pause()

    assert snap_compare(kiosk_app_factory(camera_source=str(folder)), terminal_size=SIZE, run_before=run_before)
