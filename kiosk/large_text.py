"""Large-text mode for the citizen: the browser front end draws every character bigger (fewer, larger cells)."""

from __future__ import annotations

from typing import Any

#: How much bigger the text gets. At 1280x800 and 16 px the kiosk has 160x38 cells; at 1.5x it has about
#: 106x25, which every screen handles (they are all tested at 80x24).
SCALE = 1.5


class LargeText:
    """Large text for one citizen session, asked of the page through Textual's ``open_url``.

    A terminal cannot change its own font size, so the choice is offered only where the kiosk runs in
    the browser page (``kiosk serve``), whose script reads ``kiosk-ui:scale=N`` (kiosk/web/kiosk.html)
    and refits the terminal: the kiosk then gets a resize and lays itself out for fewer cells.

    Args:
        app: The kiosk app (its ``is_web`` and ``open_url``).
        available: Offer the mode even outside the browser (tests); None: only in the browser.
    """

    def __init__(self, app: Any, available: bool | None = None) -> None:
        self._app = app
        self._available = available
        self.on = False

    @property
    def available(self) -> bool:
        """Whether the Welcome screen offers the choice."""
        return bool(self._app.is_web) if self._available is None else self._available

    def toggle(self) -> bool:
        """Switch large text on or off; return the new state."""
        self._apply(not self.on)
        return self.on

    def end_session(self) -> None:
        """The next citizen starts with normal text."""
        if self.on:
            self._apply(False)

    def _apply(self, on: bool) -> None:
        self.on = on
        self._app.set_class(on, "-large-text")
        if self._app.is_web:
            # Only the page understands this address; a terminal's driver would open a browser with it.
            self._app.open_url(f"kiosk-ui:scale={SCALE if on else 1}", new_tab=False)
