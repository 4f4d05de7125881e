"""Tests for ``kiosk-devices camera-probe`` and ``kiosk-devices list``."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from devices.camera.demo import DEMO_RECEIPT_QR
from devices.camera.discover import list_cameras
from devices.cli import main
from devices.cli.list_devices import list_printers


def test_probe_demo_idcard_masks_payload(capsys) -> None:
    assert main(["camera-probe", "--source", "demo:idcard@640x480", "--seconds", "0.5", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["state"] == "ok" and report["resolution"] == [640, 480] and report["error"] is None
    assert report["frames"] >= 3 and 8 <= report["fps"] <= 22  # paced to 15 fps
    assert report["decode"]["codes"] == [{"format": "QRCode", "text": "<CCCD 0010******56>", "id_card": True}]


def test_probe_folder_text_output(tmp_path: Path, capsys) -> None:
    import cv2

    from devices.camera import open_source

    cv2.imwrite(str(tmp_path / "f1.png"), open_source("demo:receipt@640x480", fps=0).read())
    assert main(["camera-probe", "--source", str(tmp_path), "--seconds", "0.3"]) == 0
    out = capsys.readouterr().out
    assert "640x480" in out and DEMO_RECEIPT_QR in out


def test_probe_missing_camera_exits_non_zero() -> None:
    proc = subprocess.run(
        [sys.executable, "-c", "from devices.cli import main; raise SystemExit(main())",
         "camera-probe", "--source", "/dev/video77", "--json"],
        capture_output=True, text=True, timeout=60,
    )
    assert proc.returncode != 0
    assert json.loads(proc.stdout)["state"] == "missing"
    assert proc.stderr.startswith("error: [CAM-001]") and proc.stderr.count("\n") == 1
    assert "Traceback" not in proc.stderr


def _sys_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace").strip()
    except OSError:
        return ""


def test_list_matches_what_this_machine_holds(capsys) -> None:
    """``kiosk-devices list`` on this machine against /dev and /sys read here (empty lists are fine)."""
    assert main(["list", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"printers", "cameras"}
    # Cameras: every /dev/videoN, in numeric order, with its sysfs name and index.
    nodes = sorted((p for p in Path("/dev").glob("video*") if re.fullmatch(r"video\d+", p.name)),
                   key=lambda p: int(p.name[5:]))
    expected = []
    for node in nodes:
        info = Path("/sys/class/video4linux") / node.name
        index = _sys_text(info / "index")
        expected.append({"path": f"/dev/{node.name}", "name": _sys_text(info / "name"),
                         "index": int(index) if index.isdigit() else 0})
    assert data["cameras"] == expected
    # Printers: one entry per USB printer-class device (VID:PID) and every /dev/usb/lpN node shows up once.
    usb = Path("/sys/bus/usb/devices")
    classed = set()
    for iface in usb.glob("*:*") if usb.is_dir() else []:
        if _sys_text(iface / "bInterfaceClass").lower() == "07":
            device = usb / iface.name.split(":")[0]
            if vid := _sys_text(device / "idVendor"):
                classed.add(f"usb://{vid}:{_sys_text(device / 'idProduct')}")
    lp_nodes = sorted(f"file:///dev/usb/{p.name}" for p in Path("/dev/usb").glob("lp*"))
    urls = [p["url"] for p in data["printers"]]
    assert len(urls) == len(set(urls)) and {u for u in urls if u.startswith("usb://")} == classed
    shown = sorted([p["url"] for p in data["printers"] if p["url"].startswith("file://")]
                   + [p["device"] for p in data["printers"] if "device" in p])
    assert shown == lp_nodes
    # The same listing as the functions with the roots spelled out, and the text form says the same counts.
    assert data["printers"] == list_printers(dev_root="/dev", sys_root="/sys")
    assert data["cameras"] == [c.to_json() for c in list_cameras(dev_root="/dev", sys_root="/sys")]
    assert main(["list"]) == 0
    text = capsys.readouterr().out.splitlines()
    assert f"printers: {len(data['printers'])}" in text and f"cameras: {len(data['cameras'])}" in text
    assert len(text) == 2 + len(data["printers"]) + len(data["cameras"])


def test_list_reads_sysfs_and_dev(tmp_path: Path) -> None:
    dev, sysfs = tmp_path / "dev", tmp_path / "sys"
    (dev / "usb").mkdir(parents=True)
    for name in ("video0", "video1", "video10", "vid"):
        (dev / name).touch()
    (dev / "usb" / "lp0").touch()
    (dev / "usb" / "lp1").touch()
    for node, name, index in (("video0", "HD USB Camera", "0"), ("video1", "HD USB Camera", "1")):
        d = sysfs / "class" / "video4linux" / node
        d.mkdir(parents=True)
        (d / "name").write_text(name + "\n")
        (d / "index").write_text(index + "\n")
    usb = sysfs / "bus" / "usb" / "devices"
    printer = usb / "1-2"
    printer.mkdir(parents=True)
    for key, value in {"idVendor": "04b8", "idProduct": "0202", "manufacturer": "EPSON", "product": "TM-T82",
                       "serial": "X1"}.items():
        (printer / key).write_text(value + "\n")
    iface = usb / "1-2:1.0"
    (iface / "usbmisc" / "lp0").mkdir(parents=True)
    (iface / "bInterfaceClass").write_text("07\n")
    other = usb / "1-3:1.0"
    other.mkdir()
    (other / "bInterfaceClass").write_text("0e\n")
    cams = list_cameras(dev_root=str(dev), sys_root=str(sysfs))
    assert [(c.path, c.name, c.index) for c in cams] == [
        ("/dev/video0", "HD USB Camera", 0), ("/dev/video1", "HD USB Camera", 1), ("/dev/video10", "", 0)]
    assert list_printers(dev_root=str(dev), sys_root=str(sysfs)) == [
        {"url": "usb://04b8:0202", "name": "EPSON TM-T82", "serial": "X1", "device": "file:///dev/usb/lp0"},
        {"url": "file:///dev/usb/lp1", "name": "", "serial": ""},
    ]
