"""Run ``kiosk serve``: check the binding, load the page's assets, serve until stopped."""

from __future__ import annotations

import argparse
import ipaddress
import logging
import sys
from pathlib import Path

from core.errors import KioskError

log = logging.getLogger(__name__)


def is_loopback(host: str) -> bool:
    """True for ``localhost`` and loopback addresses (the kiosk PC's own browser)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def kiosk_command(args: argparse.Namespace) -> list[str]:
    """The command line each page's kiosk process runs (same settings as the server)."""
    command = [sys.executable, "-m", "kiosk"]
    if getattr(args, "demo", False):
        command.append("--demo")
    if getattr(args, "config", None):
        command += ["--config", str(Path(args.config).resolve())]
    if getattr(args, "lang", None):
        command += ["--lang", args.lang]
    return command


def serve(args: argparse.Namespace, command: list[str] | None = None) -> int:
    """Serve the kiosk page until Ctrl+C or SIGTERM.

    Args:
        args: ``host``, ``port``, ``allow_remote``, ``font_size``, plus the kiosk's ``demo``, ``config``, ``lang``.
        command: What each page runs (default: the kiosk; ``kiosk-board serve`` passes the board's).

    Returns:
        The process exit code (2 when the binding is refused).
    """
    from aiohttp import web

    from core.settings import load_settings
    from kiosk.run import setup_logging
    from kiosk.web.assets import load_assets
    from kiosk.web.server import KioskServer

    settings = load_settings(Path(args.config) if args.config else None, demo=True if args.demo else None,
                             language=args.lang)
    setup_logging(settings)
    if not is_loopback(args.host):
        if not args.allow_remote:
            raise KioskError(f"refusing to serve the kiosk on {args.host}: only this PC's browser should "
                             "reach it; add --allow-remote to serve other machines", code="WEB-006")
        log.warning("WEB-006 the kiosk is served on %s: other machines on the network can drive it", args.host)
    server = KioskServer(command or kiosk_command(args), load_assets(), language=settings.language,
                         font_size=args.font_size)
    print(f"kiosk serve: http://{args.host}:{args.port}/  (Ctrl+C to stop)", file=sys.stderr)
    web.run_app(server.make_app(), host=args.host, port=args.port, print=None, access_log=None)
    return 0
