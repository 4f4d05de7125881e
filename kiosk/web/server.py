"""`kiosk serve`: one kiosk process per served kiosk, driven by the browser page over a websocket."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import shlex
from collections.abc import Sequence
from dataclasses import dataclass, field

from aiohttp import WSCloseCode, WSMsgType, web
from textual_serve.app_service import AppService
from textual_serve.download_manager import DownloadManager

from kiosk.web.assets import PageAssets
from kiosk.web.page import CLOSE_KIOSK_ENDED, CLOSE_TAKEN_OVER, render_page

log = logging.getLogger(__name__)

STOP_TIMEOUT_S = 5.0
_MIN_CELLS, _MAX_CELLS = 20, 500


@dataclass
class _Session:
    """The browser page currently driving the kiosk, and the kiosk process behind it."""

    websocket: web.WebSocketResponse
    service: AppService
    ended: asyncio.Event = field(default_factory=asyncio.Event)


def _cells(value: str | None, default: int) -> int:
    try:
        return min(_MAX_CELLS, max(_MIN_CELLS, int(value or default)))
    except ValueError:
        return default


class KioskServer:
    """Serve the kiosk page and run exactly one kiosk process for the newest page.

    A second tab or a reloaded page takes the kiosk over: the older page is told so and stops, its
    kiosk process ends (its citizen session with it), then a fresh process starts. Two processes never
    share the kiosk's identity and printer at once.

    Args:
        command: The kiosk command line each page gets (``python -m kiosk ...``).
        assets: The page's assets, loaded once.
        language: Language of the page's own messages (``vi`` or ``en``).
        font_size: Terminal font size in CSS pixels.
    """

    def __init__(self, command: Sequence[str], assets: PageAssets, *, language: str = "vi",
                 font_size: int = 16) -> None:
        self.command = shlex.join(command)
        self.assets = assets
        self.language = language
        self.font_size = font_size
        self._session: _Session | None = None
        self._lock = asyncio.Lock()
        self._downloads = DownloadManager()
        self.started = 0  # kiosk processes started (tests and the log)

    def make_app(self) -> web.Application:
        """The aiohttp application: the page, its assets, the websocket and a health probe."""
        app = web.Application(middlewares=[_headers])
        app.add_routes([
            web.get("/", self.index),
            web.get("/ws", self.websocket),
            web.get("/healthz", self.health),
            web.get("/static/js/textual.js", self._asset(self.assets.script, "text/javascript")),
            web.get("/static/css/xterm.css", self._asset(self.assets.stylesheet, "text/css")),
            web.get("/static/fonts/kiosk-mono.ttf", self._asset(self.assets.font, "font/ttf")),
            web.get("/favicon.ico", self._asset(b"", "image/x-icon")),
        ])
        for name, body in (("kiosk-mono-bold.ttf", self.assets.bold), ("kiosk-fallback.ttf", self.assets.fallback)):
            if body is not None:
                app.router.add_get(f"/static/fonts/{name}", self._asset(body, "font/ttf"))
        app.on_shutdown.append(self._on_shutdown)
        return app

    async def index(self, request: web.Request) -> web.Response:
        """The kiosk page (no outside host: fonts, script and styles come from here)."""
        return web.Response(text=render_page(self.language, self.font_size), content_type="text/html",
                            charset="utf-8")

    async def health(self, request: web.Request) -> web.Response:
        """Answered while the server runs; the page polls it before reconnecting."""
        return web.json_response({"ok": True, "kiosk_running": self._session is not None})

    @staticmethod
    def _asset(body: bytes, content_type: str):  # noqa: ANN205 - aiohttp handler factory
        async def handler(request: web.Request) -> web.Response:
            return web.Response(body=body, content_type=content_type,
                                headers={"Cache-Control": "no-cache"})
        return handler

    async def websocket(self, request: web.Request) -> web.WebSocketResponse:
        """Start a kiosk process for this page (taking over from an older page) and relay both ways."""
        socket = web.WebSocketResponse(heartbeat=15)
        await socket.prepare(request)
        width = _cells(request.query.get("width"), 80)
        height = _cells(request.query.get("height"), 24)
        async with self._lock:
            if self._session is not None:
                log.info("kiosk page taken over by a newer page")
                await self._end(self._session, CLOSE_TAKEN_OVER)
            service = AppService(self.command, write_bytes=socket.send_bytes, write_str=socket.send_str,
                                 close=socket.close, download_manager=self._downloads)
            await service.start(width, height)
            self.started += 1
            session = self._session = _Session(socket, service)
        watcher = asyncio.create_task(self._close_when_kiosk_ends(session))
        try:
            await self._relay(session)
        finally:
            watcher.cancel()
            async with self._lock:
                await self._end(session, WSCloseCode.GOING_AWAY)
                if self._session is session:
                    self._session = None
        return socket

    async def _relay(self, session: _Session) -> None:
        """Pass the page's input, resizes and focus to the kiosk process; ignore anything malformed."""
        service = session.service
        async for message in session.websocket:
            if message.type != WSMsgType.TEXT:
                continue
            try:
                kind, *rest = message.json()
                if kind == "stdin":
                    await service.send_bytes(str(rest[0]).encode("utf-8"))
                elif kind == "resize":
                    size = rest[0]
                    await service.set_terminal_size(_cells(size.get("width"), 80), _cells(size.get("height"), 24))
                elif kind == "ping":
                    await session.websocket.send_json(["pong", rest[0]])
                elif kind == "blur":
                    await service.blur()
                elif kind == "focus":
                    await service.focus()
            except (ValueError, TypeError, IndexError, AttributeError):
                log.warning("WEB-003 ignored a malformed message from the page")

    async def _close_when_kiosk_ends(self, session: _Session) -> None:
        """When the kiosk process ends on its own (crash, kill), close the page so it reconnects."""
        task = session.service._task  # noqa: SLF001 - textual-serve keeps the process reader private
        if task is None:
            return
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.shield(task)
        if not session.ended.is_set():
            log.warning("WEB-004 the kiosk process ended; the page will reconnect to a new one")
            with contextlib.suppress(Exception):
                await session.websocket.close(code=CLOSE_KIOSK_ENDED, message=b"kiosk ended")

    async def _end(self, session: _Session, code: int) -> None:
        """Close the page (if open) and stop its kiosk process, killing it if it does not quit in time."""
        if session.ended.is_set():
            return
        session.ended.set()
        with contextlib.suppress(Exception):
            await session.websocket.close(code=code)
        try:
            await asyncio.wait_for(session.service.stop(), STOP_TIMEOUT_S)
        except (asyncio.TimeoutError, Exception):  # noqa: BLE001 - a stuck kiosk is killed, whatever went wrong
            process = session.service._process  # noqa: SLF001
            if process is not None and process.returncode is None:
                log.warning("WEB-005 the kiosk process did not quit in %.0f s; killed", STOP_TIMEOUT_S)
                with contextlib.suppress(ProcessLookupError):
                    process.kill()
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(process.wait(), STOP_TIMEOUT_S)

    async def _on_shutdown(self, app: web.Application) -> None:
        async with self._lock:
            if self._session is not None:
                await self._end(self._session, WSCloseCode.GOING_AWAY)
                self._session = None


@web.middleware
async def _headers(request: web.Request, handler):  # noqa: ANN001, ANN202 - aiohttp middleware signature
    """Nothing may be loaded from another host; the page is never framed or cached."""
    response = await handler(request)
    response.headers.setdefault(
        "Content-Security-Policy",
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
        "font-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'",
    )
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    return response
