"""``kiosk-devices decode``: JSON lines per image, one-line errors, exit codes."""

from __future__ import annotations

import json

import cv2

from bench.hardset import render_symbol
from devices.cli import main


def test_decode_json_lines(tmp_path, capsys):
    good = tmp_path / "mã QR.png"
    cv2.imwrite(str(tmp_path / "q.png"), render_symbol("QRCode", "Lê Thị Hà|Nữ", 4))
    good.write_bytes((tmp_path / "q.png").read_bytes())
    blank = tmp_path / "blank.png"
    cv2.imwrite(str(blank), render_symbol("QRCode", "x", 4) * 0 + 255)
    assert main(["decode", str(good), str(blank), "--json"]) == 1  # one image holds no code
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert lines[0]["image"] == str(good)
    assert lines[0]["codes"] == [{"format": "QRCode", "text": "Lê Thị Hà|Nữ"}]
    assert isinstance(lines[0]["ms"], float)
    assert lines[1]["codes"] == []
    assert set(lines[0]) == {"image", "codes", "ms"}


def test_missing_and_broken_files_give_one_line_errors(tmp_path, capsys):
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(b"not a jpeg")
    good = tmp_path / "ok.png"
    cv2.imwrite(str(good), render_symbol("EAN13", "8934567890120", 2))
    code = main(["decode", str(tmp_path / "missing.png"), str(broken), str(good), "--json"])
    out, err = capsys.readouterr()
    assert code == 2  # unreadable input
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 2 and "COD-004" in err
    lines = [json.loads(line) for line in out.splitlines()]
    assert [("error" in line) for line in lines] == [True, True, False]
    assert lines[2]["codes"] == [{"format": "EAN13", "text": "8934567890120"}]


def test_human_output(tmp_path, capsys):
    path = tmp_path / "c.png"
    cv2.imwrite(str(path), render_symbol("Code128", "HT-012", 2))
    assert main(["decode", str(path)]) == 0
    assert capsys.readouterr().out.strip() == f"{path}: Code128: HT-012"
