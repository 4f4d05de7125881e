"""Out of service: what a citizen sees after an unexpected error, before the kiosk restarts."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Static

from kiosk.messages import _


class OutOfServiceScreen(Screen[None]):
    """A plain notice with nothing of the citizen on it; every key and tap is ignored until the restart."""

    def compose(self) -> ComposeResult:
        with Vertical(id="out-of-service"):
            yield Static(_("Kiosk tạm ngừng phục vụ"), id="out-of-service-title")
            yield Static(_("Xin lỗi Quý khách. Vui lòng gọi nhân viên hỗ trợ. "
                           "Kiosk sẽ tự khởi động lại sau ít giây."), id="out-of-service-text")

    def on_key(self, event: object) -> None:
        event.stop()  # type: ignore[attr-defined]
