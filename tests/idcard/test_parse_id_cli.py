"""Tests for ``kiosk-devices parse-id``."""

from __future__ import annotations

import json
import subprocess
import sys

from devices.cli import main

PAYLOAD = "001090123456||Nguyễn Văn An|01011990|Nam|Số 1 Tràng Tiền, Phường Hoàn Kiếm, Hà Nội|15042021"


def test_json_output(capsys) -> None:
    assert main(["parse-id", PAYLOAD, "--json"]) == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 1
    assert json.loads(out) == {
        "id": "001090123456",
        "old_id": "",
        "name": "Nguyễn Văn An",
        "dob": "1990-01-01",
        "sex": "Nam",
        "address": "Số 1 Tràng Tiền, Phường Hoàn Kiếm, Hà Nội",
        "issued": "2021-04-15",
        "warnings": [],
    }


def test_text_output_and_warning(capsys) -> None:
    assert main(["parse-id", PAYLOAD.replace("001090", "099090")]) == 0
    out = capsys.readouterr().out
    assert "unknown_province" in out and "Nguyễn Văn An" in out


def test_bad_input_one_line_no_traceback() -> None:
    proc = subprocess.run(
        [sys.executable, "-c", "from devices.cli import main; raise SystemExit(main())", "parse-id", PAYLOAD.replace("001090", "001190"), "--json"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert proc.returncode != 0
    assert proc.stdout == ""
    assert proc.stderr.strip().count("\n") == 0
    assert "IDC-004" in proc.stderr and "Traceback" not in proc.stderr


def test_stdin(monkeypatch, capsys) -> None:
    import io

    monkeypatch.setattr(sys, "stdin", io.StringIO(PAYLOAD + "\r\n"))
    assert main(["parse-id", "-", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["name"] == "Nguyễn Văn An"
