"""A dead camera is visible: the kiosk checks its camera at start and while idle on Welcome, and the heartbeat says so.

A missing device or file is a camera fault in the heartbeat after the first check (the console's Devices data
counts it), a working source is ``ok``, an unplugged one turns ``missing`` at the next idle check, and no check
runs while a citizen is past Welcome.
"""

from __future__ import annotations

import asyncio
import shutil
import time
from pathlib import Path

import cv2
import numpy as np
import pytest

from admin_tui.modes.devices import CAMERA
from admin_tui.modes.devices_data import faults_of, kiosk_health
from db import models as m
from db.types import utcnow
from kiosk import device_watch


def _row(app) -> m.DeviceHeartbeat | None:  # noqa: ANN001
    with app.ctx.database.read_session() as s:
        return s.get(m.DeviceHeartbeat, app.ctx.kiosk_id)


async def _until(pilot, predicate, timeout: float = 10.0) -> None:  # noqa: ANN001
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        await pilot.pause(0.05)


def _faults(app) -> tuple[str, ...]:  # noqa: ANN001
    with app.ctx.database.read_session() as s:
        [health] = [h for h in kiosk_health(s, utcnow(), 5.0) if h.kiosk.id == app.ctx.kiosk_id]
    return health.faults


def _frames(folder: Path) -> Path:
    folder.mkdir()
    cv2.imwrite(str(folder / "frame-001.png"), np.full((240, 320, 3), 200, np.uint8))
    return folder


@pytest.mark.parametrize(("source", "code"), [("/dev/video98", "CAM-001"), ("{tmp}/camera-gone.mp4", "CAM-003")])
async def test_missing_camera_is_a_fault_after_the_first_check(kiosk_app_factory, tmp_path: Path, source: str,
                                                               code: str) -> None:  # noqa: ANN001
    app = kiosk_app_factory(camera_source=source.replace("{tmp}", str(tmp_path)))
    async with app.run_test() as pilot:
        watch = app.device_watch
        await _until(pilot, lambda: watch.checks >= 1 and _row(app) is not None)
        assert watch.last.state == "missing" and watch.last.code == code
        row = _row(app)
        assert row.camera_state == "missing"  # not "unknown" until a citizen fails at the ID step
        assert "camera" in _faults(app)
        assert CAMERA[row.camera_state] == "không kết nối"
        # The regular heartbeat carries the same state.
        assert app.camera_state() == "missing"


async def test_working_camera_is_ok_and_unplugging_it_shows_at_the_next_idle_check(kiosk_app_factory,
                                                                                  tmp_path: Path) -> None:  # noqa: ANN001
    frames = _frames(tmp_path / "camera")
    app = kiosk_app_factory(camera_source=str(frames), device_check_interval_s=1)
    async with app.run_test() as pilot:
        watch = app.device_watch
        await _until(pilot, lambda: watch.checks >= 1 and _row(app) is not None)
        assert watch.last.state == "ok" and _row(app).camera_state == "ok"
        assert "camera" not in _faults(app)
        shutil.rmtree(frames)  # unplugged
        await _until(pilot, lambda: watch.last.state == "missing" and _row(app).camera_state == "missing")
        assert "camera" in _faults(app)


async def test_no_check_while_a_citizen_is_past_welcome(kiosk_app_factory, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    opened: list[str] = []
    real = device_watch.probe_camera

    def counting(spec: str, **kwargs):  # noqa: ANN003, ANN202
        opened.append(type(app.screen).__name__)
        return real(spec, **kwargs)

    monkeypatch.setattr(device_watch, "probe_camera", counting)
    app = kiosk_app_factory(camera_source=str(_frames(tmp_path / "camera")), device_check_interval_s=1)
    async with app.run_test() as pilot:
        await _until(pilot, lambda: app.device_watch.checks >= 1)
        app.push_screen("search")  # a citizen is looking for a procedure
        await pilot.pause(0.1)
        before = len(opened)
        await asyncio.sleep(2.5)
        await pilot.pause()
        assert len(opened) == before
        app.pop_screen()
        await _until(pilot, lambda: len(opened) > before)
        assert set(opened[1:]) <= {"WelcomeScreen"}


def test_heartbeat_faults_count_a_missing_or_broken_camera() -> None:
    assert "camera" in faults_of({"camera_state": "missing"})
    assert "camera" in faults_of({"camera_state": "error"})
    assert "camera" not in faults_of({"camera_state": "ok"}) and "camera" not in faults_of({"camera_state": "demo"})


def test_the_check_interval_setting(tmp_path: Path) -> None:
    from core.errors import ConfigError
    from core.settings import Settings, load_settings

    assert Settings().device_check_interval_s == 60
    (tmp_path / "kiosk.toml").write_text("device_check_interval_s = 300\n", encoding="utf-8")
    assert load_settings(tmp_path / "kiosk.toml", env={}).device_check_interval_s == 300
    with pytest.raises(ConfigError, match="device_check_interval_s"):
        load_settings(tmp_path / "kiosk.toml", env={"KIOSK_DEVICE_CHECK_INTERVAL_S": "1"})
