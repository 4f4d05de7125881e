"""``kiosk-devices test-print --printer URL``: print a test page (model, date, Vietnamese sample, QR) and cut."""

from __future__ import annotations

import argparse
import json
import sys

from core.i18n import register_catalogue, translator
from core.settings import load_settings

from devices.cli.oserrors import plain_reason
from devices.cli.status import EXIT_UNCONFIRMED
from devices.layouts import preview_png, render_test_page
from devices.printing import parse_printer_url, send

_ = translator("devices")
#: The console's words for a print fault (admin_tui.modes.devices), by ``PrintOutcome.kind``.
FAULTS = {"offline": "máy in mất kết nối", "paper_out": "hết giấy", "cover_open": "mở nắp",
          "timeout": "máy in không trả lời kịp", "error": "có lỗi"}
register_catalogue("devices", {"máy in mất kết nối": "printer offline", "hết giấy": "paper out", "mở nắp": "cover open",
                               "máy in không trả lời kịp": "the printer did not answer in time", "có lỗi": "error"})


def register(subparsers: argparse._SubParsersAction, name: str, help: str) -> None:  # noqa: A002
    """Add the ``test-print`` sub-command."""
    p = subparsers.add_parser(name, help=help, description=help + ". Exit code 0 when the printer confirmed the "
                              f"page, {EXIT_UNCONFIRMED} when it took it without confirming, 1 on a fault.")
    p.add_argument("--printer", metavar="URL", help="printer URL (default: the configured printer_url)")
    p.add_argument("--model", default="", help="printer model printed on the page (default: the URL)")
    p.add_argument("--width", type=int, choices=(80, 58), help="paper width in mm (default: configured)")
    p.add_argument("--font", default=None, help="TTF font with Vietnamese glyphs (default: configured/DejaVu)")
    p.add_argument("--png", metavar="OUT", help="also write a PNG preview of the page")
    p.add_argument("--timeout", type=float, default=3.0, help="seconds for connecting and sending")
    p.add_argument("--json", action="store_true", help="print the outcome as one JSON object")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Render and send the page; exit 0 when printed (confirmed), 3 when only sent, 1 with a one-line reason otherwise."""
    settings = load_settings()
    url = args.printer or settings.printer_url
    address = parse_printer_url(url)
    if address.scheme == "virtual" and not address.path:
        from devices.virtual_printer import shared

        shared(settings.jobs_dir)  # keep the job where the kiosk keeps its print jobs
    width_mm = args.width or settings.paper_width_mm
    # The configured head width belongs to the configured paper; --width alone means its standard head.
    dots = settings.printer_dots if width_mm == settings.paper_width_mm else None
    data = render_test_page(args.model or url, width_mm,
                            args.font if args.font is not None else settings.printer_font, dots=dots)
    if args.png:
        preview_png(data, args.png)
    outcome = send(url, data, timeout=args.timeout)
    if args.json:
        print(json.dumps({**outcome.to_dict(), "message": plain_reason(outcome.message)}, ensure_ascii=False))
    elif outcome.ok:
        print(f"printed {outcome.bytes_sent} bytes to {url} in {outcome.ms:.0f} ms (confirmed by the printer)")
    elif outcome.kind == "sent":
        print(f"sent {outcome.bytes_sent} bytes to {url} in {outcome.ms:.0f} ms, NOT confirmed")
        print(f"warning: [{outcome.code}] {outcome.message}; check that the page came out", file=sys.stderr)
    else:
        kind = _(FAULTS[outcome.kind]) if outcome.kind in FAULTS else outcome.kind
        print(f"error: [{outcome.code}] {kind}: {plain_reason(outcome.message)}", file=sys.stderr)
    return 0 if outcome.ok else EXIT_UNCONFIRMED if outcome.kind == "sent" else 1
