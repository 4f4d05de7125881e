"""``kiosk-devices list [--json]``: USB printers and cameras attached to this machine."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from devices.camera.discover import list_cameras

PRINTER_CLASS = "07"  # USB interface class "Printer"


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace").strip()
    except OSError:
        return ""


def list_printers(*, dev_root: str = "/dev", sys_root: str = "/sys") -> list[dict[str, str]]:
    """USB devices with a printer-class interface (from sysfs), then ``/dev/usb/lp*`` nodes not matched.

    Each entry: ``{"url": "usb://VID:PID" or "file:///dev/usb/lpN", "name": "...", "serial": "..."}``.
    Vendor-specific thermal printers without the printer class show up only through their ``lp`` node.
    """
    printers: list[dict[str, str]] = []
    seen: set[str] = set()
    base = Path(sys_root) / "bus" / "usb" / "devices"
    for iface in sorted(base.glob("*:*")) if base.is_dir() else []:
        if _read(iface / "bInterfaceClass").lower() != PRINTER_CLASS:
            continue
        dev = iface.parent if (iface.parent / "idVendor").exists() else base / iface.name.split(":")[0]
        vid, pid = _read(dev / "idVendor"), _read(dev / "idProduct")
        if not vid or f"{vid}:{pid}" in seen:
            continue
        seen.add(f"{vid}:{pid}")
        name = " ".join(x for x in (_read(dev / "manufacturer"), _read(dev / "product")) if x)
        lp = sorted((iface / "usbmisc").glob("lp*")) if (iface / "usbmisc").is_dir() else []
        entry = {"url": f"usb://{vid}:{pid}", "name": name, "serial": _read(dev / "serial")}
        if lp:
            entry["device"] = f"file:///dev/usb/{lp[0].name}"
            seen.add(lp[0].name)
        printers.append(entry)
    for node in sorted((Path(dev_root) / "usb").glob("lp*")):
        if node.name not in seen:
            printers.append({"url": f"file:///dev/usb/{node.name}", "name": "", "serial": ""})
    return printers


def register(subparsers: argparse._SubParsersAction, name: str, help: str) -> None:  # noqa: A002
    """Add the ``list`` sub-command."""
    p = subparsers.add_parser(name, help=help, description=help)
    p.add_argument("--json", action="store_true", help="print {\"printers\": [...], \"cameras\": [...]}")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print the devices found (empty lists are not an error)."""
    printers = list_printers()
    cameras = [c.to_json() for c in list_cameras()]
    if args.json:
        print(json.dumps({"printers": printers, "cameras": cameras}, ensure_ascii=False))
        return 0
    print(f"printers: {len(printers)}")
    for p in printers:
        print(f"  {p['url']}  {p['name']}  {p.get('device', '')}".rstrip())
    print(f"cameras: {len(cameras)}")
    for c in cameras:
        print(f"  {c['path']}  {c['name']}{'' if c['index'] == 0 else '  (metadata node)'}")
    return 0
