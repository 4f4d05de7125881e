"""Camera work off the UI thread: steady QR reads from real frames, the ID step driven by a camera."""

from __future__ import annotations

from pathlib import Path

import cv2
import pytest

from devices.camera.folder import FolderSource
from devices.camera.synthetic import desk, document_scene, id_card_scene
from devices.capture.page import analyse_page
from kiosk.camera import CameraMissing, CodeScanned, ScanStatusChanged, ScanTracker, open_camera, scan_codes
from tests.kiosk.test_submit_support import GOOD_ID, SIZE, enter_phone, read_id, start, text_of, wait_for, wait_screen


def _frames(folder: Path, *, cards: int = 3, empty: int = 1) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    n = 0
    for _ in range(empty):
        n += 1
        cv2.imwrite(str(folder / f"{n}.png"), desk((960, 540)))
    for _ in range(cards):
        n += 1
        cv2.imwrite(str(folder / f"{n}.png"), id_card_scene(GOOD_ID, size=(960, 540), seed=0))
    return folder


def test_tracker_needs_two_equal_reads():
    tracker = ScanTracker()
    assert tracker.feed([]) == ("searching", None)
    assert tracker.feed(["A"]) == ("holding", None)
    assert tracker.feed(["B"]) == ("holding", None)
    assert tracker.feed(["B"]) == ("found", "B")
    assert tracker.feed([]) == ("searching", None)


def test_scan_codes_reads_the_id_card_from_real_frames(tmp_path):
    source = FolderSource(str(_frames(tmp_path / "cam")), fps=0)
    posted = []
    text = scan_codes(source, post=posted.append, is_cancelled=lambda: False)
    assert text == GOOD_ID
    statuses = [m.status for m in posted if isinstance(m, ScanStatusChanged)]
    assert statuses == ["searching", "holding", "found"]
    assert [m.text for m in posted if isinstance(m, CodeScanned)] == [GOOD_ID]


def test_missing_camera_is_reported():
    with pytest.raises(CameraMissing):
        open_camera("")
    with pytest.raises(CameraMissing):
        open_camera("/nonexistent/camera/folder")


async def test_id_step_reads_the_card_with_the_camera(kiosk_app_factory, tmp_path):
    app = kiosk_app_factory(camera_source=str(_frames(tmp_path / "cam", cards=4)))
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        await pilot.click("#consent-agree")
        await wait_screen(pilot, "IdCardScreen")
        await wait_screen(pilot, "PhoneScreen", timeout=20)  # a clean read goes on by itself
        id_screen = next(s for s in app.screen_stack if type(s).__name__ == "IdCardScreen")
        fields = str(id_screen.query_one("#id-fields").render())
        assert "Nguyễn Văn A" in fields and "0010******56" in fields
        assert "Nguyễn Văn A" in text_of(app, "#phone-applicant")
        assert app.session.id_card.id == "001090123456"


def _page_frames(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(3):
        frame, _quad = document_scene(1, size=(960, 720), seed=i)
        check = analyse_page(frame)  # the frames are good pages: a kiosk that does not say so is at fault
        assert check.ok and check.advice == [], (i, check.advice)
        cv2.imwrite(str(folder / f"{i + 1}.png"), frame)
    return folder


async def open_capture_of_first_document(app, pilot) -> None:  # noqa: ANN001
    """From Welcome to the capture dialog of the first document, with a page judged good in view."""
    await start(app, pilot)
    await pilot.click("#consent-agree")
    await wait_screen(pilot, "IdCardScreen")
    await read_id(pilot)
    await enter_phone(pilot)
    await wait_screen(pilot, "DocumentsScreen")
    await pilot.click("#doc-0-capture")
    await wait_screen(pilot, "CaptureScreen")
    await wait_for(pilot, lambda: app.screen.query_one("#capture-advice").has_class("-ok"), timeout=20,
                   what="page judged good")


async def _capture_first_document(app, pilot) -> Path:  # noqa: ANN001
    await open_capture_of_first_document(app, pilot)
    await pilot.click("#capture-shoot")
    await wait_for(pilot, lambda: len(app.session.documents[0].pages) == 1, timeout=20, what="page saved")
    page = app.session.documents[0].pages[0]
    assert page.is_file() and page.is_relative_to(app.ctx.settings.scans_dir)
    await pilot.click("#capture-done")
    await wait_screen(pilot, "DocumentsScreen")
    assert "Đã chụp 1 trang" in text_of(app, "#doc-0-status")
    return page


async def test_captured_page_not_submitted_is_deleted_on_wipe(kiosk_app_factory, tmp_path):
    app = kiosk_app_factory(camera_source=str(_page_frames(tmp_path / "pages")))
    async with app.run_test(size=SIZE) as pilot:
        page = await _capture_first_document(app, pilot)
        await pilot.click("#home")
        await wait_screen(pilot, "WelcomeScreen")
        assert not page.exists()


async def test_captured_page_is_submitted_with_its_hash(kiosk_app_factory, tmp_path, virtual_printer):
    from sqlalchemy import select

    from db.models import DossierDocument

    app = kiosk_app_factory(printer=virtual_printer, camera_source=str(_page_frames(tmp_path / "pages")))
    async with app.run_test(size=SIZE) as pilot:
        page = await _capture_first_document(app, pilot)
        await pilot.click("#docs-all-counter")
        await wait_screen(pilot, "ReturnMethodScreen")
        await pilot.click("#return-counter")
        await wait_screen(pilot, "ReviewScreen")
        await pilot.click("#review-submit")
        await wait_screen(pilot, "DoneScreen")
        await pilot.click("#done-finish")
        await wait_screen(pilot, "WelcomeScreen")
        assert page.exists(), "submitted pages belong to the dossier; the wipe keeps them"
        with app.ctx.database.session() as s:
            first = s.scalars(select(DossierDocument).order_by(DossierDocument.position)).first()
        assert first.page_count == 1 and len(first.file_hash) == 64 and first.scan_path == str(page.parent)


async def test_session_reset_stops_the_camera_worker(kiosk_app_factory, tmp_path):
    from kiosk import camera

    app = kiosk_app_factory(camera_source=str(_frames(tmp_path / "cam", cards=0, empty=2)))
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        await pilot.click("#consent-agree")
        await wait_screen(pilot, "IdCardScreen")
        await wait_for(pilot, lambda: any(w.group == "id-scan" and w.is_running for w in app.workers),
                       what="camera worker running")
        assert camera.camera_state(app) == "ok"
        app.reset_session()  # what the idle timeout does
        await wait_screen(pilot, "WelcomeScreen")
        await wait_for(pilot, lambda: not any(w.group == "id-scan" and w.is_running for w in app.workers),
                       what="camera worker stopped")


async def test_captured_pages_show_a_thumbnail_and_deleting_them_asks_first(kiosk_app_factory, tmp_path):
    app = kiosk_app_factory(camera_source=str(_page_frames(tmp_path / "pages")))
    async with app.run_test(size=SIZE) as pilot:
        page = await _capture_first_document(app, pilot)
        await pilot.click("#doc-0-capture")
        await wait_screen(pilot, "CaptureScreen")
        thumb = app.screen.query_one("#capture-thumb").render()
        assert "▀" in str(thumb) and len(str(thumb).splitlines()) >= 4  # the kept page, small
        await pilot.click("#capture-clear")
        await wait_screen(pilot, "ConfirmScreen")
        await pilot.click("#confirm-no")  # keep them
        await wait_screen(pilot, "CaptureScreen")
        assert page.exists() and app.session.documents[0].pages == [page]
        await pilot.click("#capture-clear")
        await wait_screen(pilot, "ConfirmScreen")
        assert "Xóa 1 trang" in str(app.screen.query_one("#confirm-question").render())
        await pilot.click("#confirm-yes")
        await wait_screen(pilot, "CaptureScreen")
        assert not page.exists() and app.session.documents[0].pages == []
        assert app.screen.query_one("#capture-clear").disabled
