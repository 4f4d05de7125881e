"""Find the procedure: search as you type (on-screen keyboard, Telex off), browse by field, most used first."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import Button, Input, Static
from textual.worker import get_current_worker

from core.i18n import get_language
from kiosk import services
from kiosk.messages import _
from kiosk.screens import KioskScreen
from kiosk.widgets.keyboard import OnScreenKeyboard


def hit_label(hit: services.ProcedureHit) -> Text:
    """Two lines: the procedure name (bold) and its field, or where to go when this point does not accept it."""
    label = Text(hit.name, style="bold")
    label.append("\n")
    if hit.accepted:
        label.append(hit.field)
    else:
        label.append(_("Điểm này không nhận") + (": " + hit.redirect_note if hit.redirect_note else ""))
    return label


class ChoiceButton(Button):
    """A pooled result button; ``value`` is the procedure code or the field name it stands for."""

    def __init__(self, label: Text, value: str, **kwargs) -> None:
        super().__init__(label, **kwargs)
        self.value = value


class SearchScreen(KioskScreen):
    """Search box, results (most used first when empty), field browsing, on-screen keyboard."""

    def spoken_instruction(self) -> str:
        """What voice guidance says when this screen opens (``kiosk.voice``)."""
        return _("Xin mời Quý khách chọn thủ tục cần làm, hoặc gõ tên thủ tục để tìm.")

    class ResultsLoaded(Message):
        """Procedures found for a query or a field."""

        def __init__(self, key: str, hits: list[services.ProcedureHit]) -> None:
            super().__init__()
            self.key = key
            self.hits = hits

    class FieldsLoaded(Message):
        """The list of fields for browsing."""

        def __init__(self, fields: list[str]) -> None:
            super().__init__()
            self.fields = fields

    class LoadFailed(Message):
        """The catalogue could not be read."""

        def __init__(self, error: Exception) -> None:
            super().__init__()
            self.error = error

    def __init__(self) -> None:
        super().__init__()
        self.query_text = ""
        self.field: str | None = None  # browsing one field
        self.browsing = False  # showing the list of fields
        self._key = ""
        self._language = get_language()
        self.unsure = False  # the shown results are guesses (no confident hit) or there are none

    def compose_body(self) -> ComposeResult:
        self._language = get_language()
        yield Static(_("Tìm thủ tục"), id="search-title", classes="screen-title")
        with Horizontal(id="search-bar"):
            yield Input(self.query_text, placeholder=_("Gõ tên thủ tục, ví dụ: khai sinh"), id="search-input")
            yield Button(_("Xem theo lĩnh vực"), id="browse-fields")
        yield Static("", id="results-title")
        with VerticalScroll(id="results"):
            yield Static(_("Không tìm thấy thủ tục. Hãy thử từ khác hoặc xem theo lĩnh vực."), id="no-results")
            with Horizontal(id="unsure-actions"):  # when the search only guesses: browse or ask a person
                yield Button(_("Xem theo lĩnh vực"), id="unsure-browse")
                yield Button(_("Gọi nhân viên hỗ trợ"), id="unsure-call-staff")
        # Telex starts off: the search folds diacritics ("ho chieu" finds "hộ chiếu"), and Latin words such as
        # "visa" or "CMND" must stay as typed (Telex made "visa" "vía"). The toggle on the keyboard turns it on.
        yield OnScreenKeyboard("search-input", telex=False, id="keyboard")

    def on_mount(self) -> None:
        self.query_one("#search-input", Input).focus()
        self._reload()

    def on_screen_resume(self) -> None:
        """The app keeps one search screen (opening it is then fast); catch up with language changes."""
        if self._language != get_language():
            self.relabel()
        # typing goes to the search box (the button tapped last time may be hidden or gone by now)
        self.query_one("#search-input", Input).focus()

    def relabel(self) -> None:
        super().relabel()
        self.call_after_refresh(self._reload)

    def forget(self) -> None:
        """Clear the query and results for the next citizen (called by the app when a session ends)."""
        self.query_text, self.field, self.browsing = "", None, False
        if not self.is_mounted:
            return
        self.query_one("#search-input", Input).value = ""
        for button in self.query(ChoiceButton).results(ChoiceButton):
            button.display = False
        self.query_one("#results", VerticalScroll).scroll_home(animate=False)
        self._reload()

    def _reload(self) -> None:
        if self.browsing:
            self._load_fields()
        elif self.field is not None:
            self._load(f"field:{self.field}")
        else:
            self._load(f"q:{self.query_text}")

    @on(Input.Changed, "#search-input")
    def _typed(self, event: Input.Changed) -> None:
        if event.value == self.query_text:
            return
        self.query_text = event.value
        self.browsing, self.field = False, None
        self._load(f"q:{event.value}")

    @on(Input.Submitted, "#search-input")
    def _submitted(self, event: Input.Submitted) -> None:
        """Enter opens the first result shown, unless the search is only guessing."""
        shown = [b for b in self.query(".result").results(ChoiceButton) if b.display]
        if shown and not self.unsure:
            self._open(shown[0].value)

    def _load(self, key: str) -> None:
        self._key = key
        self._title_for(key)
        self._fetch(key)

    def _title_for(self, key: str) -> None:
        title = self.query_one("#results-title", Static)
        if key.startswith("field:"):
            title.update(Text(_("Lĩnh vực: {name}", name=key[6:]), style="bold"))
        elif key == "q:" or not key[2:].strip():
            title.update(Text(_("Thủ tục thường dùng nhất"), style="bold"))
        else:
            title.update(Text(_("Kết quả tìm kiếm"), style="bold"))

    @work(thread=True, exclusive=True, group="search")
    def _fetch(self, key: str) -> None:
        try:
            if key.startswith("field:"):
                hits = services.in_field(self.ctx, key[6:])
            else:
                hits = services.search(self.ctx, key[2:])
        except services.ServiceError as exc:
            self.post_message(self.LoadFailed(exc))
            return
        if not get_current_worker().is_cancelled:
            self.post_message(self.ResultsLoaded(key, hits))

    @work(thread=True, exclusive=True, group="search")
    def _load_fields(self) -> None:
        try:
            fields = services.list_fields(self.ctx)
        except services.ServiceError as exc:
            self.post_message(self.LoadFailed(exc))
            return
        self.post_message(self.FieldsLoaded(fields))

    async def on_search_screen_results_loaded(self, message: ResultsLoaded) -> None:
        if message.key != self._key or self.browsing:
            return
        self.show_error(None)
        items = [(hit_label(hit), hit.code, "result" + ("" if hit.accepted else " not-accepted"))
                 for hit in message.hits]
        await self._show(items)
        self.query_one("#no-results").display = not items
        typed = message.key.startswith("q:") and bool(message.key[2:].strip())
        self._set_unsure(typed and (not message.hits or not message.hits[0].confident), found=bool(items))

    def _set_unsure(self, unsure: bool, *, found: bool = True) -> None:
        """Say plainly when the search only guesses, and offer browsing by field and a person instead."""
        self.unsure = unsure
        self.query_one("#unsure-actions").display = unsure
        if unsure:
            title = (_("Chưa chắc chắn: các thủ tục dưới đây chỉ là gợi ý. Nếu không đúng, Quý khách có thể:") if found
                     else _("Chưa tìm thấy? Xem theo lĩnh vực hoặc nhờ nhân viên:"))
            self.query_one("#results-title", Static).update(Text(title, style="bold"))
    async def on_search_screen_fields_loaded(self, message: FieldsLoaded) -> None:
        if not self.browsing:
            return
        self.show_error(None)
        self.query_one("#results-title", Static).update(Text(_("Chọn lĩnh vực"), style="bold"))
        await self._show([(Text(name), name, "field-choice") for name in message.fields])
        self.query_one("#no-results").display = False
        self._set_unsure(False)

    async def _show(self, items: list[tuple[Text, str, str]]) -> None:
        """Show result buttons, re-using the mounted ones (typing stays fast: no DOM churn)."""
        results = self.query_one("#results", VerticalScroll)
        pool = list(results.query(ChoiceButton).results(ChoiceButton))
        for i, (label, value, classes) in enumerate(items):
            if i < len(pool):
                button = pool[i]
                button.label, button.value = label, value
                button.set_classes(f"pooled {classes}")
                button.display = True
            else:
                await results.mount(ChoiceButton(label, value, id=f"result-{i}", classes=f"pooled {classes}"))
        for button in pool[len(items):]:
            button.display = False
        results.scroll_home(animate=False)

    def on_search_screen_load_failed(self, message: LoadFailed) -> None:
        self.show_error(message.error)

    @on(Button.Pressed, "#unsure-call-staff")
    def _call_staff(self) -> None:
        from kiosk.screens.call_staff import CallStaffScreen

        self.app.push_screen(CallStaffScreen())

    @on(Button.Pressed, "#browse-fields, #unsure-browse")
    def _browse(self) -> None:
        self.browsing, self.field = True, None
        self._key = "fields"
        self._load_fields()

    @on(Button.Pressed, ".field-choice")
    def _pick_field(self, event: Button.Pressed) -> None:
        assert isinstance(event.button, ChoiceButton)
        self.browsing, self.field = False, event.button.value
        self._load(f"field:{self.field}")

    @on(Button.Pressed, ".result")
    def _pick(self, event: Button.Pressed) -> None:
        assert isinstance(event.button, ChoiceButton)
        self._open(event.button.value)

    def _open(self, code: str) -> None:
        from kiosk.screens.procedure import ProcedureScreen

        if code:
            self.app.push_screen(ProcedureScreen(code))

    def action_back(self) -> None:
        """Back from a field's list goes to the list of fields, then to Welcome."""
        if self.field is not None:
            self._browse()
        elif self.browsing:
            self.browsing = False
            self._load(f"q:{self.query_text}")
        else:
            super().action_back()
