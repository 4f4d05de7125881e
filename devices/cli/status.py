"""``kiosk-devices status --printer URL [--camera SRC] [--json]``: the printer (online, paper, cover, error) and camera.

The camera is checked with ``devices.camera.health.probe_camera`` (one frame, then released). A configured
camera that is missing or gives no frames makes the exit code 1 (unless the printer already set 2 or 3); no
camera configured is reported, not a failure of this command.
"""

from __future__ import annotations

import argparse
import json
import sys

from core.settings import load_settings

from devices.camera.health import probe_camera
from devices.printing import printer_status
from devices.printing.outcome import CODES, SENT

#: Exit code of a printer that accepts the connection but answers no status (hung, or status-less).
EXIT_UNCONFIRMED = 3
UNCONFIRMED_TEXT = ("the printer accepts the connection but answers no status request: it may be hung, "
                    "and nothing it prints can be confirmed")


def register(subparsers: argparse._SubParsersAction, name: str, help: str) -> None:  # noqa: A002
    """Add the ``status`` sub-command."""
    p = subparsers.add_parser(name, help=help, description=help + ". Exit code 0 when the printer is ready, 1 when it is not, "
                       f"2 on a bad URL, {EXIT_UNCONFIRMED} when it answers no status request.")
    p.add_argument("--printer", metavar="URL", help="printer URL (default: the configured printer_url)")
    p.add_argument("--camera", metavar="SRC", default=None,
                   help="camera source to check (default: the configured camera_source; '' for none)")
    p.add_argument("--timeout", type=float, default=2.5, help="seconds to wait for an answer (default 2.5)")
    p.add_argument("--json", action="store_true",
                   help='print {"online", "paper", "cover_open", "error", "camera": {"source", "state", "code", '
                        '"message"}} as one JSON object')
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Query the printer and print its status; exit 0 when ready, 1 otherwise, 2 on a bad URL, 3 no status answer."""
    settings = load_settings()
    url = args.printer or settings.printer_url
    status = printer_status(url, timeout=max(0.1, min(args.timeout, 10.0)))
    camera = probe_camera(settings.camera_source if args.camera is None else args.camera,
                          timeout_s=max(0.1, min(args.timeout, 10.0)))
    if args.json:
        print(json.dumps({**status.to_dict(), "camera": camera.to_dict()}, ensure_ascii=False))
    else:
        cover = {True: "open", False: "closed", None: "unknown"}[status.cover_open]
        print(f"printer  {url}")
        print(f"online   {'yes' if status.online else 'no'}")
        print(f"paper    {status.paper}")
        print(f"cover    {cover}")
        print(f"error    {status.error or '-'}")
        print(f"camera   {camera.state}: {camera.message}" + (f" [{camera.code}]" if camera.code else ""))
    if status.unconfirmed:
        print(f"warning: [{CODES[SENT]}] {UNCONFIRMED_TEXT}", file=sys.stderr)
        return EXIT_UNCONFIRMED
    if camera.fault and camera.source:
        print(f"error: [{camera.code}] {camera.message}", file=sys.stderr)
        return 1
    return 0 if status.ready else 1
