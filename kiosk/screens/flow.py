"""The dossier submission flow: step order, the chosen procedure's facts, and moving between steps."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from kiosk.context import KioskContext
from kiosk.services import ProcedureFacts, ProcedureNotFound, RequirementFacts, load_procedure  # noqa: F401
from kiosk.messages import _
from kiosk.screens import KioskScreen
from kiosk.state import CapturedDocument, CitizenSession

if TYPE_CHECKING:
    from textual.app import App

#: Steps of the flow in order (steps 4–10 of the kiosk issue); ``return_method`` is skipped
#: when the procedure does not allow postal return.
STEPS = ("consent", "id_card", "phone", "documents", "return_method", "review", "done")
#: Session ``extra`` key holding the :class:`ProcedureFacts` of the chosen procedure.
PROCEDURE_KEY = "submit.procedure"
#: Session ``extra`` key holding the folder of this session's captured pages.
SCANS_KEY = "submit.scans_dir"


# --- Access to what the app shell provides --------------------------------------------------------


def ctx_of(app: App) -> KioskContext:
    """Return the app's :class:`KioskContext` (``app.ctx``)."""
    return app.ctx  # type: ignore[attr-defined,no-any-return]


def session_of(app: App) -> CitizenSession:
    """Return the app's current :class:`CitizenSession` (``app.session``)."""
    return app.session  # type: ignore[attr-defined,no-any-return]


def procedure_of(app: App) -> ProcedureFacts:
    """Return the facts of the procedure being submitted."""
    return session_of(app).extra[PROCEDURE_KEY]  # type: ignore[no-any-return]


def agent_mode(app: App) -> bool:
    """True while an agent has unlocked agent mode beside the kiosk."""
    return getattr(app, "agent", None) is not None or session_of(app).agent_id is not None


# --- Moving between steps -------------------------------------------------------------------------


def begin_submission(app: App, procedure_code: str) -> None:
    """Start the submission flow for ``procedure_code`` (called by the procedure-detail screen).

    Reads the procedure's current version in a worker thread, then prepares the document checklist
    in the session and shows the consent step. If the database cannot be read, the current screen
    shows its error box and nothing changes.
    """
    ctx = ctx_of(app)

    def load() -> None:
        try:
            facts = load_procedure(ctx, procedure_code)
        except Exception as exc:  # noqa: BLE001 - shown on the current screen; the app keeps running
            app.call_from_thread(_not_started, app, exc)
            return
        app.call_from_thread(_start, app, facts)

    app.run_worker(load, thread=True, group="submit-begin", exclusive=True, exit_on_error=False)


def _not_started(app: App, exc: BaseException) -> None:
    show_error = getattr(app.screen, "show_error", None)
    if callable(show_error):
        show_error(exc)
    else:
        app.notify(_("Hệ thống đang gặp sự cố. Vui lòng thử lại hoặc gọi nhân viên."), severity="error")


def _start(app: App, facts: ProcedureFacts) -> None:
    """Prepare the session for ``facts`` and show the consent step."""
    session = session_of(app)
    agent_id, agent_name = session.agent_id, session.agent_name
    if session.documents or session.id_card is not None:
        session.wipe()
    session.agent_id, session.agent_name = agent_id, agent_name
    session.procedure_code = facts.code
    session.extra[PROCEDURE_KEY] = facts
    session.documents = [
        CapturedDocument(
            requirement_id=d.id,
            name=d.name,
            originals=d.originals,
            copies=d.copies,
            required=d.required,
        )
        for d in facts.documents
    ]
    session.return_method = "counter"
    session.delivery_address = ""
    show_step(app, "consent")


def next_step(app: App, current: str) -> str:
    """Return the step after ``current`` (skips postal return when the procedure does not allow it)."""
    index = STEPS.index(current) + 1
    step = STEPS[index]
    if step == "return_method" and not procedure_of(app).postal_allowed:
        session_of(app).return_method = "counter"
        step = STEPS[index + 1]
    return step


def make_screen(step: str) -> Screen:
    """Build the screen of ``step``."""
    if step == "consent":
        from kiosk.screens.consent import ConsentScreen

        return ConsentScreen()
    if step == "id_card":
        from kiosk.screens.id_card import IdCardScreen

        return IdCardScreen()
    if step == "phone":
        from kiosk.screens.phone import PhoneScreen

        return PhoneScreen()
    if step == "documents":
        from kiosk.screens.documents import DocumentsScreen

        return DocumentsScreen()
    if step == "return_method":
        from kiosk.screens.return_method import ReturnMethodScreen

        return ReturnMethodScreen()
    if step == "review":
        from kiosk.screens.review import ReviewScreen

        return ReviewScreen()
    raise ValueError(f"unknown step {step!r}")


def show_step(app: App, step: str) -> None:
    """Push the screen of ``step`` (so "back" pops to the previous step)."""
    app.push_screen(make_screen(step))


def advance(app: App, current: str) -> None:
    """Go from ``current`` to the next step."""
    show_step(app, next_step(app, current))


def go_home(app: App) -> None:
    """Wipe the session and return to the Welcome screen (the shell's Home; agent mode stays on)."""
    app.action_home()  # type: ignore[attr-defined]


def step_label(app: App, step: str) -> tuple[int, int]:
    """Return ``(number, total)`` of ``step`` for the "Bước 3/6" indicator."""
    steps = [s for s in STEPS if s != "done"]
    if not procedure_of(app).postal_allowed:
        steps.remove("return_method")
    return steps.index(step) + 1, len(steps)


# --- The common frame of every step's screen ------------------------------------------------------


class FlowScreen(KioskScreen):
    """Base of the submission steps: the shell's header and Back/Home bar, a step title, the step's body.

    Subclasses set :attr:`STEP` and :attr:`TITLE_VI`, implement :meth:`compose_step`, and keep their state
    in attributes so that the language toggle (which re-composes the screen) keeps it.
    """

    STEP = ""
    TITLE_VI = ""

    def __init__(self) -> None:
        super().__init__()
        self._said: dict[str, tuple[str, dict[str, Any]]] = {}

    def say(self, selector: str, source: str, /, **values: Any) -> None:
        """Show the translation of ``source`` in the Static ``selector`` (kept across a language switch)."""
        self._said[selector] = (source, values)
        widget = self.query_one(selector, Static)
        widget.update(_(source, **values) if source else "")
        if source:  # a message below the fold looks like a button that does nothing
            self.call_after_refresh(widget.scroll_visible, animate=False)

    def restore(self) -> None:
        """Re-show what the step displayed (after mounting, or after the language toggle re-composed it)."""
        for selector, (source, values) in self._said.items():
            self.query_one(selector, Static).update(_(source, **values) if source else "")

    def on_mount(self) -> None:
        """Show the step's state."""
        self.restore()

    def relabel(self) -> None:
        """The language changed: re-build the widgets, then re-show the state."""
        self.call_later(self._relabel_now)

    async def _relabel_now(self) -> None:
        await self.recompose()
        self.restore()

    def compose_body(self) -> ComposeResult:
        """Step title bar, then the step's own widgets in a scrolling body."""
        facts = procedure_of(self.app)
        number, total = step_label(self.app, self.STEP)
        with Horizontal(id="flow-header", classes="flow-header"):
            yield Static(
                _("Bước {n}/{total}: {title}", n=number, total=total, title=_(self.TITLE_VI)),
                id="flow-step",
                classes="flow-step",
                markup=False,
            )
            yield Static(Text(facts.name), id="flow-procedure", classes="flow-procedure")
        with VerticalScroll(id=f"{self.STEP.replace('_', '-')}-body", classes="flow-body"):
            yield from self.compose_step()
        actions = list(self.compose_actions())
        if actions:
            with Horizontal(id="flow-actions", classes="flow-actions"):
                yield from actions

    def compose_step(self) -> ComposeResult:
        """The step's own widgets (they scroll when long)."""
        yield from ()

    def compose_actions(self) -> ComposeResult:
        """The step's main buttons, always visible below the body."""
        yield from ()

    def advance(self) -> None:
        """Go to the next step."""
        advance(self.app, self.STEP)


def show_only(screen: Screen, panels: dict[str, str], current: str) -> None:
    """Show the panel named ``current`` of ``panels`` (name -> widget id), hide the others.

    A panel swap replaces what is under the finger like a new screen does, so it opens the app's
    ghost-tap window too.
    """
    note = getattr(screen.app, "note_screen_change", None)
    if callable(note):
        note()
    for name, widget_id in panels.items():
        screen.query_one(f"#{widget_id}").set_class(name != current, "hidden")
