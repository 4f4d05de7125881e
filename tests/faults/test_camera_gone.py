"""Camera gone mid-scan: the ID step's capture loop loses its source; a state, not an exception.

The kiosk app runs under Pilot with a real frame source (``devices.camera.open_source`` through
``kiosk.camera.open_camera``): a folder of desk frames (no card in view, so it keeps scanning) or a
V4L2 device node. While the loop runs, the source disappears: the folder's files are deleted, the
folder is removed, or the device node vanishes (a USB camera unplugged; the V4L2 capture below
``devices.camera.device.DeviceSource`` is replaced by a stand-in that stops giving frames once its node
file is gone, as OpenCV's does). Then:

- the ID step says so (``#scan-status`` "Không tìm thấy camera…", marked ``-missing``), no worker
  errored, the app did not crash;
- the heartbeat hook reports the camera ``missing``;
- the citizen still gets through with the handheld scanner (the ID step goes on to the phone step).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest
from textual.worker import WorkerState

from devices.camera.synthetic import desk
from kiosk import camera as kiosk_camera
from tests.faults.support import record
from tests.kiosk.test_submit_support import GOOD_ID, SIZE, scan, start, text_of, wait_for, wait_screen

pytestmark = pytest.mark.faults

MISSING_TEXT = "Không tìm thấy camera"


def _desk_frames(folder: Path, n: int = 3) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        cv2.imwrite(str(folder / f"{i + 1}.png"), desk((640, 360)))
    return folder


class _FakeV4L2:
    """Stands in for ``cv2.VideoCapture(path, CAP_V4L2)``: frames while ``node`` exists, then nothing."""

    def __init__(self, node: Path, frame: np.ndarray) -> None:
        self.node = node
        self.frame = frame

    def read(self) -> tuple[bool, Any]:
        if not self.node.exists():
            return False, None
        return True, self.frame.copy()

    def get(self, _prop: int) -> float:
        return 0.0

    def release(self) -> None:
        pass


def _folder_files_deleted(tmp_path: Path, _monkeypatch: pytest.MonkeyPatch) -> tuple[str, Any]:
    folder = _desk_frames(tmp_path / "cam")
    return str(folder), lambda: [p.unlink() for p in folder.iterdir()]


def _folder_removed(tmp_path: Path, _monkeypatch: pytest.MonkeyPatch) -> tuple[str, Any]:
    folder = _desk_frames(tmp_path / "cam")
    return str(folder), lambda: shutil.rmtree(folder)


def _device_unplugged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, Any]:
    from devices.camera import device

    node = tmp_path / "video97"
    node.write_bytes(b"")
    frame = desk((640, 360))
    monkeypatch.setattr(device, "device_path", lambda spec: str(node))
    monkeypatch.setattr(device, "open_capture", lambda path, *a, **k: _FakeV4L2(Path(path), frame)
                        if Path(path).exists() else None)
    return "97", node.unlink


CASES = {
    "folder files deleted": _folder_files_deleted,
    "folder removed": _folder_removed,
    "device node vanished": _device_unplugged,
}


@pytest.mark.parametrize("case", list(CASES))
async def test_camera_gone_mid_scan_is_a_state_the_id_step_tells(kiosk_app_factory, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch, case: str) -> None:
    spec, remove = CASES[case](tmp_path, monkeypatch)
    app = kiosk_app_factory(camera_source=spec)
    told = continued = False
    try:
        async with app.run_test(size=SIZE) as pilot:
            await start(app, pilot)
            await pilot.click("#consent-agree")
            await wait_screen(pilot, "IdCardScreen")
            await wait_for(pilot, lambda: any(w.group == "id-scan" and w.is_running for w in app.workers),
                           what="the capture loop")
            await pilot.pause(0.3)  # frames are being read
            assert kiosk_camera.camera_state(app) == "ok"
            assert MISSING_TEXT not in text_of(app, "#scan-status")
            remove()  # the camera goes away under the running loop
            await wait_for(pilot, lambda: MISSING_TEXT in text_of(app, "#scan-status"), timeout=15,
                           what="the ID step to say the camera is gone")
            told = True
            assert app.screen.query_one("#scan-status").has_class("-missing")
            assert type(app.screen).__name__ == "IdCardScreen"
            await wait_for(pilot, lambda: not any(w.group == "id-scan" and w.is_running for w in app.workers),
                           what="the capture loop to end")
            errored = [w.name for w in app.workers if w.state == WorkerState.ERROR]
            assert errored == [], errored
            assert kiosk_camera.camera_state(app) == "missing"  # what the heartbeat reports
            scan(app, GOOD_ID)  # the handheld scanner still works
            await wait_screen(pilot, "PhoneScreen")
            continued = True
        assert app.return_code in (None, 0)
    finally:
        record("camera gone mid-scan", injected=1, handled=int(told and continued),
               note=case if told and continued else f"{case}: NOT handled")
