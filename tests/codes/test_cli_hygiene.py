"""``kiosk-devices`` hygiene: ID card payloads masked, exit codes that mean what they say, no class names.

decode: 0 every image has a code, 1 a readable image has none, 2 an image cannot be read; render: bytes that
are no print job are VPR-011 (exit 2); OS errors are GEN-11x in words; status reports the camera.
"""

from __future__ import annotations

import json
import random
import re
import socket
import subprocess
import sys
from pathlib import Path

import cv2
import pytest

from bench.hardset import render_symbol
from devices.camera import DEMO_ID_PAYLOAD
from devices.cli import main
from devices.cli.oserrors import os_error, plain_reason
from devices.layouts import render_ticket

ROOT = Path(__file__).resolve().parents[2]
#: A Python exception class name in output (what staff must never see).
CLASS_NAME = re.compile(r"\b[A-Z][A-Za-z]+(Error|Exception)\b")
#: A CCCD QR with a future issue date: it does not validate, but it is still someone's card.
INVALID_CARD = "079200012345||Trần Thị Bình|02031992|Nữ|12 Lý Thường Kiệt, Hà Nội|01012099"


def _qr(path: Path, text: str) -> Path:
    cv2.imwrite(str(path), render_symbol("QRCode", text, 4))
    return path


def _blank(path: Path) -> Path:
    cv2.imwrite(str(path), render_symbol("QRCode", "x", 4) * 0 + 255)
    return path


@pytest.mark.parametrize(("payload", "masked"), [(DEMO_ID_PAYLOAD, "<CCCD 0010******56>"),
                                                 (INVALID_CARD, "<CCCD 0792******45>")])
def test_decode_masks_id_cards_unless_show_text(tmp_path: Path, capsys, payload: str, masked: str) -> None:  # noqa: ANN001
    image = _qr(tmp_path / "cccd.png", payload)
    assert main(["decode", str(image)]) == 0
    out = capsys.readouterr().out
    assert out.strip() == f"{image}: QRCode: {masked}"
    for secret in (payload.split("|")[0], payload.split("|")[2], payload.split("|")[5]):
        assert secret not in out
    assert main(["decode", str(image), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["codes"] == [{"format": "QRCode", "text": masked, "masked": True}]
    assert main(["decode", str(image), "--json", "--show-text"]) == 0
    assert json.loads(capsys.readouterr().out)["codes"] == [{"format": "QRCode", "text": payload}]


def test_decode_leaves_other_codes_alone(tmp_path: Path, capsys) -> None:  # noqa: ANN001
    image = _qr(tmp_path / "receipt.png", "VE|BD-HN-001|2026-11-20|HT-012")
    assert main(["decode", str(image), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["codes"] == [{"format": "QRCode", "text": "VE|BD-HN-001|2026-11-20|HT-012"}]


def test_decode_exit_codes(tmp_path: Path, capsys) -> None:  # noqa: ANN001
    good, blank = _qr(tmp_path / "good.png", "HT-012"), _blank(tmp_path / "blank.png")
    junk = tmp_path / "junk.jpg"
    junk.write_bytes(random.Random(3).randbytes(500))
    assert main(["decode", str(good)]) == 0
    assert main(["decode", str(blank)]) == 1
    out, err = capsys.readouterr()
    assert "không tìm thấy mã" in out and err == ""
    assert main(["decode", str(junk)]) == 2
    assert main(["decode", str(tmp_path / "missing.png")]) == 2
    assert main(["decode", str(good), str(blank), str(junk)]) == 2  # unreadable beats "no code"
    err = capsys.readouterr().err
    assert err.count("[COD-004]") == 3 and not CLASS_NAME.search(err)


def test_decode_exit_code_in_a_real_process(tmp_path: Path) -> None:
    blank = _blank(tmp_path / "trắng.png")
    proc = subprocess.run([sys.executable, "-c", "from devices.cli import main; raise SystemExit(main())",
                           "decode", str(blank)], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 1 and proc.stderr == "" and "không tìm thấy mã" in proc.stdout


@pytest.mark.parametrize("size", [50, 300, 3000, 100_000])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_render_refuses_random_bytes(tmp_path: Path, capsys, size: int, seed: int) -> None:  # noqa: ANN001
    job = tmp_path / "job.bin"
    job.write_bytes(random.Random(seed * 1000 + size).randbytes(size))
    assert main(["render", str(job), "--png", str(tmp_path / "out.png")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: [VPR-011] ") and err.count("\n") == 1 and "ESC/POS" in err
    assert not (tmp_path / "out.png").exists()


def test_render_empty_and_photo_are_refused_a_real_job_renders(tmp_path: Path, capsys) -> None:  # noqa: ANN001
    empty = tmp_path / "empty.bin"
    empty.write_bytes(b"")
    photo = _qr(tmp_path / "photo.png", "x")
    for path in (empty, photo):
        assert main(["render", str(path), "--png", str(tmp_path / "out.png")]) == 2
        assert capsys.readouterr().err.startswith("error: [VPR-011] ")
    ticket = tmp_path / "ticket.bin"
    ticket.write_bytes(render_ticket({"number": "HT-012", "queue_name": "Hộ tịch", "counter_group": "Quầy 1-2",
                                      "issued_at": "2026-11-20T09:00:00+07:00", "people_ahead": 3,
                                      "site_name": "Bộ phận một cửa", "qr": "VE|BD-HN-001|2026-11-20|HT-012"}))
    assert main(["render", str(ticket), "--png", str(tmp_path / "ticket.png"), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["qr"] == ["VE|BD-HN-001|2026-11-20|HT-012"]
    text = tmp_path / "text.bin"
    text.write_bytes(b"\x1b@Hello printer\n\n\x1dV\x00")
    assert main(["render", str(text), "--png", str(tmp_path / "text.png")]) == 0


def test_os_errors_are_words_with_a_code_never_class_names() -> None:
    assert plain_reason("ConnectionRefusedError").endswith("(GEN-110)")
    assert plain_reason("BrokenPipeError").endswith("(GEN-111)")
    assert plain_reason("paper out") == "paper out"
    error = os_error(OSError(98, "Address already in use"))
    assert error is not None and error.code == "GEN-115" and not CLASS_NAME.search(str(error))
    assert os_error(ValueError("x")) is None


def test_test_print_to_nothing_listening_says_it_in_words(tmp_path: Path, capsys, monkeypatch) -> None:  # noqa: ANN001
    (tmp_path / "kiosk.toml").write_text("")
    monkeypatch.setenv("KIOSK_CONFIG", str(tmp_path / "kiosk.toml"))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again: connections are refused
    assert main(["test-print", "--printer", f"tcp://127.0.0.1:{port}", "--timeout", "1"]) == 1
    out, err = capsys.readouterr()
    assert err.startswith("error: [PRN-013] ") and "GEN-110" in err and err.count("\n") == 1
    assert not CLASS_NAME.search(out + err)
    assert main(["test-print", "--printer", f"tcp://127.0.0.1:{port}", "--timeout", "1", "--json"]) == 1
    assert not CLASS_NAME.search(capsys.readouterr().out)


def test_virtual_printer_on_a_port_in_use_is_gen_115(tmp_path: Path, capsys) -> None:  # noqa: ANN001
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert main(["virtual-printer", "--port", str(port), "--jobs", str(tmp_path / "jobs")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and not CLASS_NAME.search(err)
    assert err.startswith(("error: [GEN-115] ", "error: [VPR-001] "))


def test_status_reports_the_camera(virtual_printer, tmp_path: Path, capsys, monkeypatch) -> None:  # noqa: ANN001
    (tmp_path / "kiosk.toml").write_text("")
    monkeypatch.setenv("KIOSK_CONFIG", str(tmp_path / "kiosk.toml"))
    assert main(["status", "--printer", virtual_printer.url, "--camera", "/dev/video97"]) == 1
    out, err = capsys.readouterr()
    assert "camera   missing" in out and err.startswith("error: [CAM-001] ") and err.count("\n") == 1
    assert main(["status", "--printer", virtual_printer.url, "--camera", "demo", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["camera"]["state"] == "demo"
    frames = tmp_path / "frames"
    frames.mkdir()
    _qr(frames / "a.png", "x")
    assert main(["status", "--printer", virtual_printer.url, "--camera", str(frames), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["camera"] == {"source": str(frames), "state": "ok", "code": None,
                                                             "message": "Camera đang hoạt động"}
    monkeypatch.setenv("KIOSK_CAMERA_SOURCE", str(tmp_path / "gone.mp4"))  # the configured camera by default
    assert main(["status", "--printer", virtual_printer.url, "--json"]) == 1
    camera = json.loads(capsys.readouterr().out)["camera"]
    assert camera["state"] == "missing" and camera["code"] == "CAM-003"


def test_new_codes_are_in_the_errors_table() -> None:
    """Every code these CLIs raise is listed once in ``core.errors.ERROR_CODES``."""
    from core.errors import ERROR_CODES
    from devices.cli import oserrors

    raised = {code for _cls, _numbers, code, _text in oserrors._FAMILIES} | {oserrors.OTHER[0], "VPR-011", "CAM-007",
                                                                              *(f"ACC-04{n}" for n in range(7))}
    assert raised <= set(ERROR_CODES)
    for path in ("admin_tui/cli/signin.py", "admin_tui/cli/users_cmd.py", "admin_tui/cli/login_cmd.py",
                 "devices/cli/render.py", "devices/camera/health.py"):
        text = (ROOT / path).read_text(encoding="utf-8")
        for code in re.findall(r'"((?:ACC-04\d)|(?:VPR-011)|(?:CAM-007))"', text):
            assert code in ERROR_CODES, (path, code)
