"""kiosk-devices status, test-print and render against the virtual printer."""

from __future__ import annotations

import json
import socket
import time

from devices.cli import main
from tests.printing.helpers import qr_texts


def test_status_json(virtual_printer, capsys):
    assert main(["status", "--printer", virtual_printer.url, "--camera", "", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out.pop("camera")["code"] == "CAM-007"  # none configured: reported, not a failure of the command
    assert out == {"online": True, "paper": "ok", "cover_open": False, "error": None}
    virtual_printer.set_state("cover_open")
    assert main(["status", "--printer", virtual_printer.url, "--json"]) == 1
    assert json.loads(capsys.readouterr().out)["cover_open"] is True


def test_status_json_nothing_listening(capsys):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    started = time.monotonic()
    assert main(["status", "--printer", f"tcp://127.0.0.1:{port}", "--json"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert out["online"] is False and out["paper"] == "unknown" and out["error"]
    assert time.monotonic() - started < 3


def test_status_bad_url_is_one_line(capsys):
    assert main(["status", "--printer", "bogus", "--json"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: [PRN-002]") and err.count("\n") == 1


def test_test_print_and_render(virtual_printer, tmp_path, capsys, monkeypatch):
    (tmp_path / "kiosk.toml").write_text("")
    monkeypatch.setenv("KIOSK_CONFIG", str(tmp_path / "kiosk.toml"))
    monkeypatch.setenv("KIOSK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("KIOSK_PRINTER_URL", raising=False)
    assert main(["test-print", "--printer", virtual_printer.url, "--model", "TM-T20III", "--width", "58"]) == 0
    job = virtual_printer.wait_for_jobs(1)[0]
    assert qr_texts(job.png_path)[0].startswith("TEST|TM-T20III|")
    capsys.readouterr()
    out_png = tmp_path / "again.png"
    assert main(["render", str(job.bin_path), "--png", str(out_png), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["width"] == 384 and summary["cuts"] == 1 and summary["qr"] == job.qr_texts
    assert main(["render", str(tmp_path / "missing.bin")]) == 2


def test_test_print_paper_out_exits_1(virtual_printer, tmp_path, capsys, monkeypatch):
    (tmp_path / "kiosk.toml").write_text("")
    monkeypatch.setenv("KIOSK_CONFIG", str(tmp_path / "kiosk.toml"))
    virtual_printer.set_state("paper_out")
    assert main(["test-print", "--printer", virtual_printer.url]) == 1
    assert "[PRN-011]" in capsys.readouterr().err


def test_render_noise_and_bad_port_are_one_line_errors_or_output(tmp_path, capsys):
    """Line noise is not a print job: VPR-011, exit 2, no picture (--force draws it); an impossible port is VPR-001."""
    import random

    noise = tmp_path / "noise.bin"
    noise.write_bytes(random.Random(7).randbytes(3000))
    assert main(["render", str(noise), "--png", str(tmp_path / "noise.png")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: [VPR-011]") and err.count("\n") == 1 and "--force" in err
    assert not (tmp_path / "noise.png").exists()
    assert main(["render", str(noise), "--png", str(tmp_path / "noise.png"), "--force"]) == 0
    assert (tmp_path / "noise.png").exists()
    capsys.readouterr()
    assert main(["virtual-printer", "--port", "99999", "--jobs", str(tmp_path / "jobs")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: [VPR-001]") and err.count("\n") == 1


def test_status_of_a_printer_that_answers_nothing_exits_3(virtual_printer, capsys):
    """Hung (``no_answer``) or status-less (``silent``): not "online", a warning and exit 3, never 0."""
    for state in ("no_answer", "silent"):
        virtual_printer.set_state(state)
        assert main(["status", "--printer", virtual_printer.url, "--timeout", "0.5"]) == 3
        out, err = capsys.readouterr()
        assert "online   no" in out and "no status answer" in out
        assert err.startswith("warning: [PRN-016]") and "may be hung" in err and err.count("\n") == 1
        assert main(["status", "--printer", virtual_printer.url, "--timeout", "0.5", "--json"]) == 3
        out = json.loads(capsys.readouterr().out)
        out.pop("camera")
        assert out == {"online": False, "paper": "unknown", "cover_open": None, "error": "no status answer"}


def test_test_print_to_a_printer_that_answers_nothing_is_not_printed(virtual_printer, tmp_path, capsys, monkeypatch):
    (tmp_path / "kiosk.toml").write_text("")
    monkeypatch.setenv("KIOSK_CONFIG", str(tmp_path / "kiosk.toml"))
    monkeypatch.setenv("KIOSK_DATA_DIR", str(tmp_path / "data"))
    for state in ("no_answer", "silent"):
        virtual_printer.set_state(state)
        assert main(["test-print", "--printer", virtual_printer.url, "--timeout", "1"]) == 3
        out, err = capsys.readouterr()
        assert "printed" not in out and "NOT confirmed" in out and err.startswith("warning: [PRN-016]")
        assert main(["test-print", "--printer", virtual_printer.url, "--timeout", "1", "--json"]) == 3
        assert json.loads(capsys.readouterr().out)["kind"] == "sent"
    assert len(virtual_printer.wait_for_jobs(2)) == 2  # the silent printer printed both pages; the hung one none
    virtual_printer.set_state("ok")
    assert main(["test-print", "--printer", virtual_printer.url]) == 0
    assert "confirmed by the printer" in capsys.readouterr().out
    assert len(virtual_printer.wait_for_jobs(3)) == 3 and [s for s, _ in virtual_printer.rejected] == ["no_answer"] * 2
