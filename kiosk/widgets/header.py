"""Top bar of every kiosk screen: the point's name, agent mode, language and staff buttons."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Button, Static

from kiosk.messages import _


class KioskHeader(Horizontal):
    """Shows the site name (literal text), the agent's name in agent mode, and two 3-row buttons.

    The buttons run app actions: ``app.toggle_language`` and ``app.agent``.
    """

    def compose(self) -> ComposeResult:
        yield Static(self._site_text(), id="site-name")
        yield Static(self._agent_text(), id="agent-status")
        yield Button("English" if _lang() == "vi" else "Tiếng Việt", id="lang-toggle", action="app.toggle_language")
        yield Button(_("Nhân viên"), id="agent-button", action="app.agent")

    def on_mount(self) -> None:
        self.watch(self.app, "site", self._refresh_site)
        self.watch(self.app, "agent", self._refresh_agent)

    def _site_text(self) -> Text:
        site = getattr(self.app, "site", None)
        return Text(site.name if site else _("Dịch vụ công"), style="bold")

    def _agent_text(self) -> Text:
        agent = getattr(self.app, "agent", None)
        if agent is None:
            return Text("")
        return Text(_("Chế độ nhân viên: {name}", name=agent.full_name), style="bold")

    def _refresh_site(self, _value: object) -> None:
        self.query_one("#site-name", Static).update(self._site_text())

    def _refresh_agent(self, agent: object) -> None:
        self.query_one("#agent-status", Static).update(self._agent_text())
        self.set_class(agent is not None, "agent-on")


def _lang() -> str:
    from core.i18n import get_language

    return get_language()
