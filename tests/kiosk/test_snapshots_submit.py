"""Snapshot tests of every submission step at 120×40 and 80×24 with a fixed clock."""

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


async def _consent(pilot) -> None:  # noqa: ANN001
    await start(pilot.app, pilot)


async def _camera_missing(pilot) -> None:  # noqa: ANN001
    await _to_id_card(pilot)
    await wait_for(pilot, lambda: "camera" in text_of(pilot.app, "#scan-status"), what="camera missing")


async def _id_confirm(pilot) -> None:  # noqa: ANN001
    await _to_id_card(pilot)
    scan(pilot.app, WARN_ID)  # a card with a warning is shown for confirmation (a clean one goes on)
    await wait_for(pilot, lambda: pilot.app.screen.panel == "confirm", what="ID read")
    await pilot.pause()


async def _phone_error(pilot) -> None:  # noqa: ANN001
    await _to_id_card(pilot)
    await read_id(pilot)
    for digit in "9123":
        await pilot.click(f"#kp-{digit}")
    await pilot.click("#phone-continue")
    await pilot.pause()


def test_snapshot_consent(kiosk_app_factory, snap_compare):
    assert snap_compare(kiosk_app_factory(), terminal_size=SIZE, run_before=_consent)


def test_snapshot_id_card_camera_missing(kiosk_app_factory, snap_compare):
    assert snap_compare(kiosk_app_factory(), terminal_size=SIZE, run_before=_camera_missing)


def test_snapshot_id_card_confirm(kiosk_app_factory, snap_compare):
    assert snap_compare(kiosk_app_factory(), terminal_size=SIZE, run_before=_id_confirm)


def test_snapshot_phone_with_error(kiosk_app_factory, snap_compare):
    assert snap_compare(kiosk_app_factory(), terminal_size=SIZE, run_before=_phone_error)


async def _to_documents(pilot) -> None:  # noqa: ANN001
    await _to_id_card(pilot)
    await read_id(pilot)
    await enter_phone(pilot)
    await wait_screen(pilot, "DocumentsScreen")


async def _documents(pilot) -> None:  # noqa: ANN001
    await _to_documents(pilot)
    await pilot.click("#doc-0-counter")
    await pilot.pause()


async def _return_method(pilot) -> None:  # noqa: ANN001
    await _to_documents(pilot)
    await pilot.click("#docs-all-counter")
    await wait_screen(pilot, "ReturnMethodScreen")


async def _review(pilot) -> None:  # noqa: ANN001
    await start(pilot.app, pilot)
    await walk_to_review(pilot.app, pilot, Taps(pilot), postal=True)
    await wait_for(pilot, lambda: "hẹn trả" in text_of(pilot.app, "#review-appointment"), what="appointment")
    await pilot.pause()


async def _done_printer_offline(pilot) -> None:  # noqa: ANN001
    app = pilot.app
    await start(app, pilot)
    await walk_to_review(app, pilot, Taps(pilot), postal=True)
    await pilot.click("#review-submit")
    await wait_screen(pilot, "DoneScreen")
    await wait_for(pilot, lambda: "-fault" in app.screen.query_one("#print-status").classes, what="fault")
    await pilot.pause()


def test_snapshot_documents(kiosk_app_factory, snap_compare):
    assert snap_compare(kiosk_app_factory(), terminal_size=SIZE, run_before=_documents)


def test_snapshot_return_method(kiosk_app_factory, snap_compare):
    assert snap_compare(kiosk_app_factory(), terminal_size=SIZE, run_before=_return_method)


def test_snapshot_review(kiosk_app_factory, snap_compare):
    assert snap_compare(kiosk_app_factory(), terminal_size=SIZE, run_before=_review)


def test_snapshot_done_with_printer_offline(kiosk_app_factory, snap_compare, fixed_secret):
    assert snap_compare(kiosk_app_factory(), terminal_size=SIZE, run_before=_done_printer_offline)


SMALL = (80, 24)  # the smallest supported terminal: every step must still be usable there
STEPS = {"consent": _consent, "id_card_camera_missing": _camera_missing, "id_card_confirm": _id_confirm,
         "phone_with_error": _phone_error, "documents": _documents, "return_method": _return_method,
         "review": _review, "done_with_printer_offline": _done_printer_offline}


@pytest.mark.parametrize("step", list(STEPS))
def test_submission_step_at_80x24(kiosk_app_factory, snap_compare, fixed_secret, step):
    assert snap_compare(kiosk_app_factory(), terminal_size=SMALL, run_before=STEPS[step])


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
