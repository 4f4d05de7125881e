"""Bottom bar: Back and Home, big enough to hit with a finger."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Button

from kiosk.messages import _


class NavBar(Horizontal):
    """Back (``screen.back``) and Home (``app.home``) buttons, each at least 3 rows high."""

    def compose(self) -> ComposeResult:
        yield Button("◀ " + _("Quay lại"), id="back", action="screen.back")
        yield Button("⌂ " + _("Về trang đầu"), id="home", action="app.home")
