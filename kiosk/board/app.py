"""The calling board: the number now called in very large digits, the last calls, who waits; each call said aloud."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime, time
from pathlib import Path
from typing import Any

from textual import work
from textual.app import App, ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Static

from core.dates import VN_TZ
from db.services.queue_board import BoardState
from kiosk.board.bigtext import BigText
from kiosk.messages import _
from kiosk.board.source import BoardSource

log = logging.getLogger(__name__)
REFRESH_S = 1.0


@dataclass
class BoardRead(Message):
    """A reading of the board arrived (``state`` None: the database did not answer)."""

    state: BoardState | None


def muted(now: datetime, hours: tuple[time, time] | None) -> bool:
    """Whether ``now`` (Vietnam time) falls in the mute window (e.g. the lunch break, 11:30–13:30)."""
    if hours is None:
        return False
    start, end = hours
    at = now.astimezone(VN_TZ).time()
    return start <= at < end if start <= end else (at >= start or at < end)


class BoardApp(App[None]):
    """A full-screen public display that follows the shared database.

    Args:
        source: Where to read the board from.
        announcer: A ``devices.speech.announce.Announcer`` (None: no voice).
        mute_hours: Local window without announcements.
    """

    CSS_PATH = "board.tcss"
    TITLE = "Bảng gọi số"

    def __init__(self, source: BoardSource, announcer: Any = None, *,
                 mute_hours: tuple[time, time] | None = None) -> None:
        super().__init__()
        self.source = source
        self.announcer = announcer
        self.mute_hours = mute_hours
        self._seen: set[tuple[int, int]] | None = None  # None until the first reading: history is not announced
        self.announced: list[str] = []

    def compose(self) -> ComposeResult:
        yield Static(self.source.site_name, id="board-site")
        with Horizontal(id="board-main"):
            with Vertical(id="board-now"):
                yield Static(_("MỜI KHÁCH HÀNG SỐ"), id="board-now-label")
                yield BigText("", id="board-now-number")
                yield Static(_("Chưa gọi số nào"), id="board-now-counter-label")
                yield BigText("", id="board-now-counter")
            with Vertical(id="board-recent"):
                yield Static(_("Vừa gọi"), classes="board-heading")
                yield Static("", id="board-recent-list")
        yield Static("", id="board-waiting")
        yield Static("", id="board-status")

    def on_mount(self) -> None:
        self.theme = "textual-dark"
        self._read()
        self.set_interval(REFRESH_S, self._read, name="board-refresh")

    @work(thread=True, exclusive=True, group="board-read")
    def _read(self) -> None:
        try:
            self.post_message(BoardRead(self.source.read()))
        except Exception as exc:  # noqa: BLE001 - the board keeps the last picture and says it is retrying
            log.warning("board read failed: %s", type(exc).__name__)
            self.post_message(BoardRead(None))

    def on_board_read(self, message: BoardRead) -> None:
        """Show the reading and announce what is new since the last one."""
        status = self.query_one("#board-status", Static)
        if message.state is None:
            status.update(_("Mất kết nối máy chủ, đang thử lại…"))
            return
        status.update("")
        state = message.state
        self._show(state)
        keys = {call.key for call in state.calls}
        if self._seen is None:
            self._seen = keys
            return
        new = [call for call in reversed(state.calls) if call.key not in self._seen]  # oldest first
        self._seen |= keys
        if not new or self.announcer is None or muted(state.read_at, self.mute_hours):
            return
        for call in new:
            self.announced.append(self.announcer.announce(call.number, call.counter))

    def _show(self, state: BoardState) -> None:
        number = self.query_one("#board-now-number", BigText)
        label = self.query_one("#board-now-counter-label", Static)
        counter = self.query_one("#board-now-counter", BigText)
        if state.calls:
            first = state.calls[0]
            number.update(first.number)
            # The counter's number is drawn big; its words ("Quầy", "Bàn tiếp đón") stay plain text, where
            # the Vietnamese marks are sharp.
            digits = re.search(r"\d+", first.counter or "")
            words = (first.counter[: digits.start()] if digits else first.counter).strip()
            label.update(f"{_('Mời đến')} {words}".strip() if words else _("Mời đến quầy"))
            counter.update(digits.group() if digits else "")
        else:
            number.update("")
            label.update(_("Chưa gọi số nào"))
            counter.update("")
        recent = "\n".join(f"{c.number:<10} → {c.counter}" for c in state.calls[1:]) or "—"
        self.query_one("#board-recent-list", Static).update(recent)
        waiting = "   ".join(f"{q.prefix} {q.name}: {_('{n} người', n=q.waiting)}" for q in state.queues)
        self.query_one("#board-waiting", Static).update(f"{_('Đang chờ')}:  {waiting}" if waiting else "")


def make_board(source: BoardSource, *, voice: bool = True, speech_dir: Path | None = None,
               mute_hours: tuple[time, time] | None = None, announcer: Any = None) -> BoardApp:
    """Build the board with espeak-ng's Vietnamese voice (when installed and ``voice``)."""
    if announcer is None and voice:
        from devices.speech import EspeakSpeaker  # noqa: PLC0415
        from devices.speech.announce import Announcer  # noqa: PLC0415

        folder = speech_dir or Path.cwd() / "speech"
        announcer = Announcer(EspeakSpeaker(player=()), folder)  # the announcer plays chime and words itself
    return BoardApp(source, announcer, mute_hours=mute_hours)
