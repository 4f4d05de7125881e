"""Base screen of every console mode: the mode bar on top, the footer below, the context at hand."""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button, Footer, Label

from admin_tui.context import AdminContext
from admin_tui.messages import _


class ModeBar(Horizontal):
    """One button per mode the signed-in user may open (click or its F-key), plus who is signed in."""

    class ModeChosen(Message):
        """The user clicked a mode button."""

        def __init__(self, name: str) -> None:
            super().__init__()
            self.name = name

    def __init__(self, context: AdminContext, current: str) -> None:
        super().__init__(id="mode-bar")
        self.context = context
        self.current = current

    def compose(self) -> ComposeResult:
        from admin_tui.modes import info

        for name in getattr(self.app, "allowed_modes", ()):
            mode = info(name)
            button = Button(_(mode.title), id=f"mode-{name}", compact=True, classes="mode-button",
                            tooltip=mode.key.upper())
            if name == self.current:
                button.add_class("-current")
            yield button
        user = self.context.user
        who = f"{user.display_name} ({_(user.role_label)})" if user else ""
        yield Label(who, id="mode-user", markup=False)
        yield Button(_("Đăng xuất"), id="logout", compact=True, classes="mode-button")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Switch mode, or sign out."""
        event.stop()
        if event.button.id == "logout":
            self.app.call_later(self.app.action_logout)  # type: ignore[attr-defined]
        elif event.button.id and event.button.id.startswith("mode-"):
            self.post_message(self.ModeChosen(event.button.id.removeprefix("mode-")))


class ModeScreen(Screen[None]):
    """A mode's base screen. Subclasses set ``MODE_NAME`` and implement :meth:`compose_body`.

    Args:
        context: The console context (database, user, clock, settings).
    """

    MODE_NAME = ""

    def __init__(self, context: AdminContext) -> None:
        super().__init__(id=f"{self.MODE_NAME}-screen" if self.MODE_NAME else None)
        self.context = context

    def compose(self) -> ComposeResult:
        """Mode bar, the body, the footer."""
        yield ModeBar(self.context, self.MODE_NAME)
        yield from self.compose_body()
        yield Footer()

    def compose_body(self) -> Iterable[Widget]:
        """The mode's own widgets."""
        return ()

    def on_mode_bar_mode_chosen(self, event: ModeBar.ModeChosen) -> None:
        """Switch to the clicked mode."""
        self.app.action_open_mode(event.name)  # type: ignore[attr-defined]
