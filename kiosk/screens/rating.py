"""Rate the service: Rất hài lòng / Hài lòng / Không hài lòng, optional criteria and comment."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import Button, Input, Static

from kiosk import services
from kiosk.messages import _
from kiosk.screens import KioskScreen
from kiosk.widgets.keyboard import OnScreenKeyboard

#: Levels with their Vietnamese labels (as in QĐ 766/QĐ-TTg), best first.
LEVELS = {"very_satisfied": "Rất hài lòng", "satisfied": "Hài lòng", "unsatisfied": "Không hài lòng"}
#: Optional criteria (keys of ``db.services.feedback.CRITERIA``) with short labels for the screen.
CRITERIA = {
    "time": "Thời gian giải quyết",
    "trips": "Số lần phải đi lại",
    "attitude": "Thái độ phục vụ",
    "publicity": "Công khai thủ tục",
    "return": "Cách trả kết quả",
}
THANKS_RETURN_S = 8.0


class RatingScreen(KioskScreen):
    """Three big level buttons, optional per-criterion answers and a comment, then a thank-you.

    Args:
        dossier_reference: Rate one dossier (from the look-up or the done screen).
    """

    def spoken_instruction(self) -> str:
        """What voice guidance says when this screen opens (``kiosk.voice``)."""
        return _("Xin mời Quý khách đánh giá mức độ hài lòng.")

    class RatingRecorded(Message):
        """The rating was stored."""

        def __init__(self, rating_id: int) -> None:
            super().__init__()
            self.rating_id = rating_id

    class RatingFailed(Message):
        """The rating could not be stored."""

        def __init__(self, error: Exception) -> None:
            super().__init__()
            self.error = error

    def __init__(self, dossier_reference: str | None = None) -> None:
        super().__init__()
        self.dossier_reference = dossier_reference
        self.level: str | None = None
        self.criteria: dict[str, str] = {}
        self.comment = ""
        self.show_keyboard = False
        self.done = False
        self._sending = False

    def compose_body(self) -> ComposeResult:
        yield Static(_("Đánh giá dịch vụ"), classes="screen-title")
        if self.done:
            yield Static(_("Cảm ơn Quý khách đã đánh giá!"), id="rating-thanks")
            yield Button(_("Về trang đầu"), id="rating-home", variant="primary")
            return
        yield Static(_("Quý khách có hài lòng với dịch vụ không?"), id="rating-question")
        with Horizontal(id="rating-levels"):
            for key, label in LEVELS.items():
                yield Button(_(label), id=f"level-{key.replace('_', '-')}",
                             classes="rating-level" + (" -selected" if self.level == key else ""))
        with VerticalScroll(id="rating-details"):
            yield Static(_("Không bắt buộc: đánh giá từng tiêu chí"), classes="section-title")
            for key, label in CRITERIA.items():
                with Horizontal(classes="criterion-row"):
                    yield Static(_(label), classes="criterion-label")
                    for value, text in (("satisfied", _("Tốt")), ("unsatisfied", _("Chưa tốt"))):
                        chosen = self.criteria.get(key) == value
                        yield Button(text, id=f"crit-{key}-{value}", classes="criterion" + (" -selected" if chosen else ""))
            with Horizontal(id="comment-row"):
                yield Input(self.comment, placeholder=_("Góp ý thêm (không bắt buộc)"), id="rating-comment",
                            max_length=500)
                yield Button(_("Bàn phím"), id="toggle-keyboard")
        if self.show_keyboard:
            yield OnScreenKeyboard("rating-comment", telex=True, numbers=True, id="keyboard")
        yield Button(_("Gửi đánh giá"), id="rating-send", variant="primary", disabled=self.level is None)

    @on(Button.Pressed, ".rating-level")
    def _level(self, event: Button.Pressed) -> None:
        self.level = (event.button.id or "").removeprefix("level-").replace("-", "_")
        for button in self.query(".rating-level").results(Button):
            button.set_class(button is event.button, "-selected")
        self.query_one("#rating-send", Button).disabled = False

    @on(Button.Pressed, ".criterion")
    def _criterion(self, event: Button.Pressed) -> None:
        _prefix, key, value = (event.button.id or "").split("-", 2)
        if self.criteria.get(key) == value:
            del self.criteria[key]  # a second tap clears the answer
        else:
            self.criteria[key] = value
        for v in ("satisfied", "unsatisfied"):
            self.query_one(f"#crit-{key}-{v}", Button).set_class(self.criteria.get(key) == v, "-selected")

    @on(Input.Changed, "#rating-comment")
    def _comment(self, event: Input.Changed) -> None:
        self.comment = event.value

    @on(Button.Pressed, "#toggle-keyboard")
    async def _keyboard(self) -> None:
        self.show_keyboard = not self.show_keyboard
        await self.recompose()
        if self.show_keyboard:  # the keyboard takes the lower half: keep the comment box in sight
            comment = self.query_one("#rating-comment", Input)
            comment.focus()
            self.call_after_refresh(self.query_one("#rating-details").scroll_end, animate=False)

    @on(Button.Pressed, "#rating-send")
    def _send(self) -> None:
        if self.level is None or self._sending:
            return
        self._sending = True
        self.query_one("#rating-send", Button).disabled = True
        self._record(self.level, dict(self.criteria), self.comment)

    @work(thread=True, exclusive=True, group="rating")
    def _record(self, level: str, criteria: dict[str, str], comment: str) -> None:
        try:
            rating_id = services.record_rating(self.ctx, level, criteria, comment, self.dossier_reference)
        except services.ServiceError as exc:
            self.post_message(self.RatingFailed(exc))
            return
        self.post_message(self.RatingRecorded(rating_id))

    def on_rating_screen_rating_recorded(self, _message: RatingRecorded) -> None:
        self.done = True
        self._sending = False
        self.show_error(None)
        self.refresh(recompose=True)
        self.set_timer(THANKS_RETURN_S, self._home, name="rating-return")

    def on_rating_screen_rating_failed(self, message: RatingFailed) -> None:
        self._sending = False
        self.query_one("#rating-send", Button).disabled = False
        self.show_error(message.error)

    @on(Button.Pressed, "#rating-home")
    def _home(self) -> None:
        if self.is_current:
            self.app.action_home()  # type: ignore[attr-defined]
