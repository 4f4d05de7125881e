"""A one-line pager: previous / "rows a–b of n" / next; posts PageRequested with the new offset."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Button, Label

from admin_tui.messages import _


class Pager(Horizontal):
    """Paging controls for a table loaded page by page from the database.

    Args:
        page_size: Rows per page.
        id: Widget id.
    """

    class PageRequested(Message):
        """The user asked for another page (``offset`` is the first row, 0-based)."""

        def __init__(self, pager: Pager, offset: int) -> None:
            super().__init__()
            self.pager = pager
            self.offset = offset

    def __init__(self, page_size: int = 50, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id, classes="pager")
        self.page_size = page_size
        self.first_row = 0
        self.total = 0

    def compose(self) -> ComposeResult:
        yield Button("◀", id=f"{self.id}-prev", compact=True, classes="pager-prev")
        yield Label("", id=f"{self.id}-label", classes="pager-label")
        yield Button("▶", id=f"{self.id}-next", compact=True, classes="pager-next")

    def show(self, offset: int, total: int) -> None:
        """Show where the current page is."""
        self.first_row, self.total = offset, total
        first = min(total, offset + 1)
        last = min(total, offset + self.page_size)
        self.query_one(".pager-label", Label).update(
            _("{first}–{last} / {total}", first=first, last=last, total=total))
        self.query_one(".pager-prev", Button).disabled = offset <= 0
        self.query_one(".pager-next", Button).disabled = last >= total

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Request the previous or next page."""
        if event.button.has_class("pager-prev"):
            event.stop()
            self.post_message(self.PageRequested(self, max(0, self.first_row - self.page_size)))
        elif event.button.has_class("pager-next"):
            event.stop()
            self.post_message(self.PageRequested(self, self.first_row + self.page_size))
