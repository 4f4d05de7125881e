"""Tests for frame sources: folder, video file, missing device, demo scenes, pacing."""

from __future__ import annotations

import time
from pathlib import Path

import cv2
import numpy as np
import pytest

from devices.camera import DEMO_ID_PAYLOAD, DEMO_RECEIPT_QR, CameraError, DeviceSource, open_source
from devices.camera.demo import parse_demo_spec
from devices.idcard import parse_id_payload


def _frames(n: int, size=(160, 120)) -> list[np.ndarray]:
    out = []
    for i in range(n):
        f = np.zeros((size[1], size[0], 3), np.uint8)
        f[:, :, 1] = 20 * i
        cv2.putText(f, str(i), (40, 80), cv2.FONT_HERSHEY_SIMPLEX, 2, (255, 255, 255), 3)
        out.append(f)
    return out


def test_folder_sorted_natural_and_ends(tmp_path: Path) -> None:
    frames = _frames(3)
    for i, name in enumerate(["2.png", "10.png", "1.jpg"]):  # natural order: 1, 2, 10
        cv2.imwrite(str(tmp_path / name), frames[i])
    (tmp_path / "notes.txt").write_text("x")
    src = open_source(str(tmp_path), fps=0)
    assert src.state == "ok" and [p.name for p in src.files] == ["1.jpg", "2.png", "10.png"]
    got = [src.read() for _ in range(3)]
    assert all(g is not None for g in got) and src.resolution == (160, 120)
    assert int(got[1][0, 0, 1]) == 0 and int(got[2][0, 0, 1]) == 20  # 2.png then 10.png
    assert src.read() is None and src.state == "ended" and src.message


def test_folder_loop_and_empty_and_missing(tmp_path: Path) -> None:
    cv2.imwrite(str(tmp_path / "a.png"), _frames(1)[0])
    src = open_source(str(tmp_path), fps=0, loop=True)
    assert all(src.read() is not None for _ in range(5)) and src.state == "ok"
    (tmp_path / "a.png").write_bytes(b"not an image")
    src = open_source(str(tmp_path), fps=0, loop=True)
    assert src.read() is None and src.state == "error"
    empty = tmp_path / "empty"
    empty.mkdir()
    assert open_source(str(empty)).state == "error"
    assert open_source(str(tmp_path / "nope")).state == "missing"


def test_video_file(tmp_path: Path) -> None:
    path = tmp_path / "clip.avi"
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 20.0, (160, 120))
    assert writer.isOpened()
    for f in _frames(6):
        writer.write(f)
    writer.release()
    src = open_source(str(path))
    assert src.state == "ok" and src.fps == pytest.approx(20.0) and src.resolution == (160, 120)
    start = time.monotonic()
    frames = [src.read() for _ in range(6)]
    assert time.monotonic() - start >= 5 / 20 * 0.9  # paced to the file's rate
    assert all(f is not None and f.shape == (120, 160, 3) for f in frames)
    assert src.read() is None and src.state == "ended"
    assert src.reopen() and src.state == "ok" and src.read() is not None  # the kiosk restarts a finished clip
    looping = open_source(str(path), fps=0, loop=True)
    assert sum(looping.read() is not None for _ in range(14)) == 14


def test_missing_and_corrupt_video(tmp_path: Path) -> None:
    assert open_source(str(tmp_path / "none.mp4")).state == "missing"
    bad = tmp_path / "bad.mp4"
    bad.write_bytes(b"\x00" * 100)
    src = open_source(str(bad))
    assert src.state == "error" and src.read() is None


def test_missing_device_is_a_state() -> None:
    for spec in ("/dev/video99", "99"):
        src = open_source(spec)
        assert isinstance(src, DeviceSource) and src.state == "missing"
        assert "/dev/video99" in src.message
        assert src.read() is None and src.resolution is None
        assert src.reopen() is False
        src.close()
        assert src.read() is None


class _FakeCapture:
    """Stands in for cv2.VideoCapture: no camera exists on the test machine."""

    def __init__(self, frames: int) -> None:
        self.left = frames

    def read(self):
        if self.left <= 0:
            return False, None
        self.left -= 1
        return True, np.zeros((8, 8, 3), np.uint8)

    def get(self, prop):
        return 8

    def release(self) -> None:
        pass


def test_device_unplugged_mid_stream_then_back(tmp_path: Path, monkeypatch) -> None:
    node = tmp_path / "video0"
    node.write_bytes(b"")
    monkeypatch.setattr(DeviceSource, "_factory", lambda self: _FakeCapture(2))
    monkeypatch.setattr("devices.camera.device.REOPEN_INTERVAL", 0.0)
    src = DeviceSource(str(node))
    assert src.state == "ok" and src.read() is not None and src.read() is not None
    node.unlink()  # unplugged
    assert src.read() is None and src.state == "missing"
    assert src.read() is None and src.state == "missing"
    node.write_bytes(b"")  # plugged back: the next read reopens it
    assert src.read() is not None and src.state == "ok"


def test_demo_idcard_decodes_to_sample_payload(decode) -> None:
    src = open_source("demo:idcard", fps=0)
    frame = src.read()
    assert frame.shape == (720, 1280, 3) and src.resolution == (1280, 720)
    assert DEMO_ID_PAYLOAD in decode(frame)
    card = parse_id_payload(DEMO_ID_PAYLOAD)
    assert card.name == "Nguyễn Văn An" and card.warnings == []


def test_demo_playlist_and_receipt(decode) -> None:
    src = open_source("", fps=0)
    seen = []
    for _ in range(src.frames_per_scene * 4 + 1):
        src.read()
        if not seen or seen[-1] != src.scene:
            seen.append(src.scene)
    assert seen == ["empty", "idcard", "document", "receipt", "empty"]
    receipt = open_source("demo:receipt@640x480", fps=0)
    frame = receipt.read()
    assert frame.shape == (480, 640, 3) and decode(frame) == [DEMO_RECEIPT_QR]


def test_demo_spec_errors() -> None:
    assert parse_demo_spec("demo") == (("empty", "idcard", "document", "receipt"), (1280, 720))
    for bad in ("demo:nothing", "demo@axb", "demo@10x10"):
        with pytest.raises(CameraError) as err:
            open_source(bad)
        assert err.value.code == "CAM-006"


def test_demo_pacing_and_close() -> None:
    src = open_source("demo:empty@320x240", fps=50)
    src.read()
    start = time.monotonic()
    for _ in range(5):
        src.read()
    assert time.monotonic() - start >= 4 / 50
    src.close()
    assert src.read() is None and src.state == "ended"


def test_camera_messages_translated() -> None:
    from core.i18n import gettext, missing
    from devices.camera.messages import MESSAGES

    assert missing("devices", list(MESSAGES.values())) == []
    assert gettext("devices", MESSAGES["device_missing"], lang="en", spec="/dev/video0").startswith("Camera /dev/video0")
