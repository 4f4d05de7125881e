"""Kiosk screens (one module per step) and their common base, :class:`KioskScreen`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Static

from kiosk.messages import _
from kiosk.widgets.header import KioskHeader
from kiosk.widgets.navbar import NavBar
from kiosk.widgets.scanburst import ScanReceived

if TYPE_CHECKING:
    from kiosk.context import KioskContext
    from kiosk.state import CitizenSession

__all__ = ["KioskScreen", "ScanReceived", "literal"]


def literal(text: object, style: str = "") -> Text:
    """Return ``text`` as a rich Text that is shown literally (no markup, no control characters)."""
    from core.text import sanitize

    return Text(sanitize(str(text), keep_newlines=True), style=style)


class KioskScreen(Screen):
    """Base of every kiosk screen: header, a ``#body`` built by :meth:`compose_body`, Back/Home bar.

    Subclasses keep their state in attributes (the language toggle re-composes every screen),
    override :meth:`on_scan` to take handheld-scanner input, and call :meth:`show_error` when a
    service fails.
    """

    BINDINGS = [Binding("escape", "back", show=False)]
    show_nav: bool = True

    @property
    def ctx(self) -> KioskContext:
        """The app's :class:`~kiosk.context.KioskContext`."""
        return self.app.ctx  # type: ignore[attr-defined]

    @property
    def session(self) -> CitizenSession:
        """The current citizen's session."""
        return self.app.session  # type: ignore[attr-defined]

    def compose(self) -> ComposeResult:
        self.apply_breakpoints()
        yield KioskHeader(id="header")
        with Vertical(id="body"):
            yield from self.compose_body()
        yield Static("", id="error", classes="error-box hidden")
        if self.show_nav:
            yield NavBar(id="nav")

    def apply_breakpoints(self) -> None:
        """Give the screen its breakpoint classes (``-short``/``-tall``) before its first layout.

        Textual adds them on the screen's first Resize, which comes after a first layout without them;
        the class change then restyles and re-lays the screen out, moving buttons under a finger that is
        already tapping (on a short display Welcome's choices shrink). Set now, that later update is a no-op.
        """
        try:
            width, height = self.app.size
        except Exception:  # noqa: BLE001 - no running app (a screen built outside one): Textual will do it
            return
        horizontal = (self.HORIZONTAL_BREAKPOINTS if self.HORIZONTAL_BREAKPOINTS is not None
                      else self.app.HORIZONTAL_BREAKPOINTS) or []
        vertical = (self.VERTICAL_BREAKPOINTS if self.VERTICAL_BREAKPOINTS is not None
                    else self.app.VERTICAL_BREAKPOINTS) or []
        classes = {name: False for _, name in [*horizontal, *vertical]}
        for size, breakpoints in ((width, horizontal), (height, vertical)):
            for threshold, name in sorted(breakpoints, reverse=True):
                if size >= threshold:
                    classes[name] = True  # the same choice as Screen._get_breakpoint_classes
                    break
        if classes and (width or height):
            self.update_classes(classes, update=self.is_mounted, animate=False)

    def compose_body(self) -> ComposeResult:
        """Yield the screen's own widgets (inside ``#body``)."""
        yield from ()

    def on_scan(self, text: str) -> bool:
        """Handle a handheld-scanner burst; return True when the screen used it."""
        return False

    def on_scan_received(self, message: ScanReceived) -> None:
        """A scan posted as a message (camera workers, tests): same as :meth:`on_scan`."""
        message.stop()
        if not self.on_scan(message.text):
            self.app.notify(_("Mã vừa quét không dùng được ở bước này."), severity="warning")

    def show_error(self, exc: BaseException | str | None) -> None:
        """Show (or hide with None) a plain error message at the bottom of the screen."""
        box = self.query_one("#error", Static)
        if exc is None:
            box.add_class("hidden")
            return
        if getattr(exc, "domain", False):
            text = str(getattr(exc, "message", exc))  # a rule the citizen can act on, already translated
        else:
            text = _("Hệ thống đang gặp sự cố, chưa lưu được. Vui lòng thử lại hoặc gọi nhân viên.")
            if isinstance(exc, BaseException) and self.app.agent is not None:  # type: ignore[attr-defined]
                text += f"\n({exc})"  # technical detail for staff only
        box.update(literal(text))
        box.remove_class("hidden")

    def action_back(self) -> None:
        """Go one screen back (never leaves the app)."""
        self.app.go_back()  # type: ignore[attr-defined]

    def relabel(self) -> None:
        """Re-build the screen in the new language (state kept in attributes survives)."""
        self.refresh(recompose=True)

