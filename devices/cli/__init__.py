"""``kiosk-devices``: the technician CLI (each subcommand in its own module).

An operating-system error that escapes a command is one line with a GEN-11x code and plain words
(``devices.cli.oserrors``), never a Python class name.
"""

from __future__ import annotations

from collections.abc import Sequence

from core.cli import build_parser, run_cli
from core.privacy import private_files
from devices.cli.oserrors import os_error

COMMANDS: dict[str, tuple[str, str]] = {
    "status": ("devices.cli.status", "printer status (online, paper, cover, error)"),
    "test-print": ("devices.cli.test_print", "print a test page and cut"),
    "virtual-printer": ("devices.cli.virtual_printer", "run the bundled virtual ESC/POS printer"),
    "render": ("devices.cli.render", "render a stored print job to PNG"),
    "decode": ("devices.cli.decode", "decode QR codes and barcodes in images"),
    "parse-id": ("devices.cli.parse_id", "parse a CCCD/căn cước QR payload"),
    "camera-probe": ("devices.cli.camera_probe", "probe a camera or frame source"),
    "list": ("devices.cli.list_devices", "list USB printers and cameras"),
}


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``kiosk-devices``."""
    private_files()  # umask 077 and a tightened data folder, before anything is written
    parser = build_parser("kiosk-devices", "Technician tools for kiosk printers and cameras.", COMMANDS)
    return run_cli(parser, argv, known_errors=os_error)


if __name__ == "__main__":
    raise SystemExit(main())
