"""Disk full while a page is stored (issue 11): the citizen is sent to the counter (never "retake the photo"), the
log says KIO-050 with no path, and no half-written page stays on disk."""

from __future__ import annotations

import errno
import logging
import os
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from core.i18n import gettext
from kiosk import camera
from kiosk.camera import STORAGE_FAILED, STORAGE_FAILED_TEXT, PageCamera, PageCaptured
from kiosk.screens.documents import advice_message
from tests.kiosk.test_submit_camera import _page_frames, open_capture_of_first_document
from tests.kiosk.test_submit_support import SIZE, text_of, wait_for


def _camera_with_a_good_page() -> PageCamera:
    cam = PageCamera(source=None)
    page = np.full((120, 90, 3), 240, np.uint8)
    cam._latest = (page, SimpleNamespace(ok=True, page=page, found=True, advice=[]))
    return cam


def _failing_write(code: int):  # noqa: ANN202
    real = os.write

    def write(fd: int, data) -> int:  # noqa: ANN001
        if len(data) > 10:
            real(fd, bytes(data[:10]))  # part of it reached the disk
            raise OSError(code, os.strerror(code))
        return real(fd, data)

    return write


@pytest.mark.parametrize(("code", "log_code"), [(errno.ENOSPC, "KIO-050"), (errno.EDQUOT, "KIO-050"),
                                                (errno.EROFS, "KIO-051"), (errno.EACCES, "KIO-051")])
def test_a_failed_page_write_is_a_storage_failure_not_a_retake(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                               caplog: pytest.LogCaptureFixture, code: int,
                                                               log_code: str) -> None:
    monkeypatch.setattr(camera.os, "write", _failing_write(code))
    with caplog.at_level(logging.WARNING, logger="kiosk.camera"):
        result = _camera_with_a_good_page().capture(tmp_path, "page-1")
    assert isinstance(result, PageCaptured) and result.path is None and result.advice == STORAGE_FAILED
    assert list(tmp_path.iterdir()) == []  # no half page, no temporary file
    assert log_code in caplog.text and str(tmp_path) not in caplog.text


def test_a_page_is_written_whole_and_private(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        result = _camera_with_a_good_page().capture(tmp_path, "page-1")
    finally:
        os.umask(old)
    assert result.path == tmp_path / "page-1.png" and result.path.read_bytes().startswith(b"\x89PNG")
    assert result.path.stat().st_mode & 0o777 == 0o600 and [p.name for p in tmp_path.iterdir()] == ["page-1.png"]


def test_the_citizen_reads_use_the_counter_in_both_languages() -> None:
    text = advice_message(STORAGE_FAILED)
    assert text == STORAGE_FAILED_TEXT and "Nộp bản gốc tại quầy" in text and "chụp lại" not in text.lower()
    english = gettext("kiosk", STORAGE_FAILED_TEXT, lang="en")
    assert english != STORAGE_FAILED_TEXT and "counter" in english and "again" not in english


async def test_disk_full_at_the_capture_screen_sends_the_citizen_to_the_counter(
        kiosk_app_factory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    app = kiosk_app_factory(camera_source=str(_page_frames(tmp_path / "pages")))
    async with app.run_test(size=SIZE) as pilot:
        await open_capture_of_first_document(app, pilot)
        monkeypatch.setattr(camera.os, "write", _failing_write(errno.ENOSPC))
        await pilot.click("#capture-shoot")
        await wait_for(pilot, lambda: "Nộp bản gốc tại quầy" in text_of(app, "#capture-advice"), timeout=20,
                       what="storage failure shown")
        advice = text_of(app, "#capture-advice")
        assert "chụp lại" not in advice.lower() and app.session.documents[0].pages == []
        assert app.screen.query_one("#capture-shoot").disabled
