"""Procedure editor: every field of the record (documents and colloquial names one per line); stale saves refused."""

from __future__ import annotations

from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Footer, Input, Label, Select, TextArea

from admin_tui.context import AdminContext
from admin_tui.messages import _
from admin_tui.widgets.dialogs import ConfirmDialog
from core.errors import KioskError
from db.catalogue import csvfmt, service
from db.catalogue.errors import InvalidProcedure, StaleEdit
from db.catalogue.schema import FIELDS, LIMITS, MAX_ITEMS
from db.services import audit

LEVEL_CHOICES = ("trung ương", "tỉnh", "xã")
ONLINE_CHOICES = ("toàn trình", "một phần")
BOOLEANS = ("active", "postal_allowed", "personal_presence")
TEXT_AREAS = ("postal_note", "fee_text", "channels", "documents", "aliases", "result", "note", "sources")
TALL = ("documents", "aliases")
LABELS = {
    "code": "Mã thủ tục", "national_code": "Mã quốc gia (D.NNNNNN, để trống để tự suy ra)",
    "active": "Đang áp dụng", "name": "Tên thủ tục", "field": "Lĩnh vực", "level": "Cấp thực hiện",
    "agency": "Cơ quan thực hiện", "online_level": "Mức dịch vụ công trực tuyến",
    "postal_allowed": "Nhận hồ sơ qua bưu chính", "postal_note": "Ghi chú bưu chính",
    "personal_presence": "Phải có mặt trực tiếp", "processing_days": "Thời hạn giải quyết (ngày làm việc)",
    "cutoff_time": "Giờ chốt nhận trong ngày (HH:MM)", "fee_vnd": "Lệ phí (đồng)", "fee_text": "Lệ phí (diễn giải)",
    "channels": "Theo kênh (JSON: in_person / online / post → days, fee_vnd, fee_text)",
    "documents": "Thành phần hồ sơ — mỗi dòng: bản chính+bản sao | tên | điều kiện (nếu có)",
    "aliases": "Tên thường gọi — mỗi dòng một tên", "result": "Kết quả", "note": "Ghi chú",
    "sources": "Nguồn — mỗi dòng một nguồn",
}
#: Short names for messages about a field whose label is a whole instruction.
SHORT_LABELS = {
    "national_code": "Mã quốc gia", "processing_days": "Thời hạn giải quyết", "cutoff_time": "Giờ chốt nhận",
    "channels": "Theo kênh", "documents": "Thành phần hồ sơ", "aliases": "Tên thường gọi", "sources": "Nguồn",
}
#: Most characters each form widget takes: the record's own limits (``db.catalogue.schema.LIMITS``) for one-line
#: fields; for the one-entry-a-line areas, their entries' limits times their most entries. The service still
#: checks every entry (``aliases[3]: …``); these bound what a paste can put in the form.
WIDGET_LIMITS = {
    **{name: LIMITS[name] for name in ("code", "national_code", "name", "field", "agency", "postal_note",
                                       "fee_text", "result", "note")},
    "cutoff_time": 5, "processing_days": 4, "fee_vnd": 13,
    "channels": 3 * (LIMITS["channel_fee_text"] + 100),
    "documents": MAX_ITEMS["documents"] * (LIMITS["document"] + LIMITS["condition"] + 16),
    "aliases": MAX_ITEMS["aliases"] * (LIMITS["alias"] + 1),
    "sources": MAX_ITEMS["sources"] * (LIMITS["source"] + 1),
}


def field_name(name: str) -> str:
    """The field's name for a message (translated)."""
    return _(SHORT_LABELS.get(name) or LABELS[name])


def over_limit(cells: dict[str, str]) -> list[str]:
    """One message per form cell longer than its ``WIDGET_LIMITS`` entry, naming the field and the limit."""
    return [_("{label} ({field}) dài quá {n} ký tự (đang có {length}); hãy rút gọn rồi lưu",
              label=field_name(name), field=name, n=WIDGET_LIMITS[name], length=len(value))
            for name, value in cells.items() if len(value) > WIDGET_LIMITS.get(name, len(value))]


class ProcedureEditor(Screen[bool]):
    """Edit one procedure (or create one); dismisses with True after a save.

    Args:
        context: Console context.
        code: Code to edit; None creates a new procedure.
    """

    BINDINGS = [
        Binding("ctrl+s", "save", _("Lưu")),
        Binding("escape", "close", _("Đóng")),
    ]

    class Loaded(Message):
        """The procedure was read (``cells`` per field, ``row_version`` to save against).

        ``clipped`` maps a field stored longer than the form takes (from before the limits) to its stored length.
        """

        def __init__(self, cells: dict[str, str], row_version: int, version_no: int,
                     clipped: dict[str, int] | None = None) -> None:
            super().__init__()
            self.cells = cells
            self.row_version = row_version
            self.version_no = version_no
            self.clipped = clipped or {}

    class Saved(Message):
        """The save went through; ``version_no`` is the current version."""

        def __init__(self, version_no: int) -> None:
            super().__init__()
            self.version_no = version_no

    class SaveFailed(Message):
        """The save was refused; ``text`` says why; ``stale`` when someone else saved first."""

        def __init__(self, text: str, stale: bool = False) -> None:
            super().__init__()
            self.text = text
            self.stale = stale

    def __init__(self, context: AdminContext, code: str | None) -> None:
        super().__init__(id="procedure-editor")
        self.context = context
        self.code = code
        self.row_version: int | None = None
        self.saved = False

    def compose(self) -> ComposeResult:
        title = _("Sửa thủ tục {code}", code=self.code) if self.code else _("Thêm thủ tục mới")
        yield Label(title, id="editor-title", markup=False)
        with VerticalScroll(id="editor-form"):
            for name in FIELDS:
                yield from self._field(name)
        yield Label("", id="editor-error", markup=False)
        with Horizontal(classes="toolbar"):
            yield Button(_("Lưu"), id="editor-save", variant="primary", compact=True)
            yield Button(_("Tải lại"), id="editor-reload", compact=True)
            yield Button(_("Đóng"), id="editor-close", compact=True)
        yield Footer()

    def _field(self, name: str) -> list[Widget]:
        wid = f"edit-{name}"
        if name in BOOLEANS:
            return [Checkbox(_(LABELS[name]), value=name == "active", id=wid)]
        label = Label(_(LABELS[name]), classes="field-label")
        if name == "level":
            return [label, Select([(_(v), v) for v in LEVEL_CHOICES], prompt=_("Chọn cấp"), id=wid)]
        if name == "online_level":
            return [label, Select([(_(v), v) for v in ONLINE_CHOICES], prompt=_("Không có"), id=wid)]
        if name in TEXT_AREAS:
            area = TextArea("", id=wid, soft_wrap=True)
            if name in TALL:
                area.add_class("-tall")
            return [label, area]
        restrict = r"[0-9]*" if name in ("processing_days", "fee_vnd") else None
        return [label, Input("", id=wid, restrict=restrict, max_length=WIDGET_LIMITS[name],
                             disabled=name == "code" and self.code is not None)]

    def on_mount(self) -> None:
        """Load the procedure (or start empty)."""
        self.saved_cells = self.cells()  # what Escape compares with before discarding
        if self.code:
            self.query_one("#editor-save", Button).disabled = True
            self._load()
        else:
            self.query_one("#edit-code", Input).focus()

    # --- reading and writing the form -----------------------------------------------------------

    @work(thread=True, exclusive=True, group="editor-load")
    def _load(self) -> None:
        code = self.code or ""
        try:
            detail = self.context.database.run(lambda s: service.get_procedure(s, code), read_only=True)
        except KioskError as exc:
            self.post_message(self.SaveFailed(f"[{exc.code}] {exc.message}"))
            return
        record = dict(detail.record)
        cells = csvfmt.encode(record)
        if record.get("channels"):
            import json

            cells["channels"] = json.dumps(record["channels"], ensure_ascii=False, indent=1, sort_keys=True)
        # A value stored before the limits existed can be megabytes: the form shows what it can take, and says so.
        clipped = {name: len(value) for name, value in cells.items()
                   if len(value) > WIDGET_LIMITS.get(name, len(value))}
        for name in clipped:
            cells[name] = cells[name][:WIDGET_LIMITS[name]]
        self.post_message(self.Loaded(cells, detail.row_version, detail.version_no, clipped))

    def on_procedure_editor_loaded(self, event: Loaded) -> None:
        """Fill the form."""
        self.row_version = event.row_version
        self.set_cells(event.cells)
        self.saved_cells = self.cells()
        self.query_one("#editor-title", Label).update(
            _("Sửa thủ tục {code} (phiên bản {n})", code=self.code, n=event.version_no))
        self.query_one("#editor-save", Button).disabled = False
        self.query_one("#editor-error", Label).update("\n".join(
            _("{label} ({field}) đang dài {length} ký tự, quá giới hạn {n}: chỉ hiện {n} ký tự đầu; khi lưu, phần "
              "sau bị bỏ.", label=field_name(name), field=name, length=length, n=WIDGET_LIMITS[name])
            for name, length in event.clipped.items()))

    def set_cells(self, cells: dict[str, str]) -> None:
        """Put CSV-format cells into the form widgets."""
        for name in FIELDS:
            value = cells.get(name, "")
            widget = self.query_one(f"#edit-{name}")
            if isinstance(widget, Checkbox):
                widget.value = value == "true"
            elif isinstance(widget, Select):
                if value:
                    widget.value = value
                else:
                    widget.clear()
            elif isinstance(widget, TextArea):
                widget.text = value
            elif isinstance(widget, Input):
                widget.value = value

    def cells(self) -> dict[str, str]:
        """Read the form as CSV-format cells (``db.catalogue.csvfmt``)."""
        out: dict[str, str] = {}
        for name in FIELDS:
            widget = self.query_one(f"#edit-{name}")
            if isinstance(widget, Checkbox):
                out[name] = "true" if widget.value else "false"
            elif isinstance(widget, Select):
                out[name] = "" if widget.is_blank() else str(widget.value)
            elif isinstance(widget, TextArea):
                out[name] = widget.text
            elif isinstance(widget, Input):
                out[name] = widget.value
        return out

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        """Say at once when a pasted text is longer than the field takes."""
        name = (event.text_area.id or "").removeprefix("edit-")
        if name in WIDGET_LIMITS:
            problems = over_limit({name: event.text_area.text})
            if problems:
                self._error(problems[0])

    def action_save(self) -> None:
        """Validate and save in a worker (a new version when the content changed)."""
        cells = self.cells()
        problems = over_limit(cells)
        if problems:
            self._error("\n".join(problems))
            return
        code = (self.code or cells["code"]).strip()
        raw, issues = csvfmt.decode(cells, 0)
        if issues:
            self._error("\n".join(f"{i.field}: {i.message}" for i in issues))
            return
        if not raw.get("national_code"):
            raw.pop("national_code", None)  # derived from the code
        raw.pop("code", None)
        if not code:
            self._error(_("[ADM-006] code: bắt buộc"))
            return
        self.query_one("#editor-save", Button).disabled = True
        self._save(code, raw, self.row_version if self.code else None)

    @work(thread=True, exclusive=True, group="editor-save")
    def _save(self, code: str, data: dict[str, Any], expected: int | None) -> None:
        user = self.context.user
        actor = self.context.actor

        def run(session) -> int:  # noqa: ANN001
            version = service.save_procedure(session, code, data, expected, actor)
            if expected is None:  # creations are not audited by the catalogue service itself
                audit.record(session, user=user, action="catalogue.create", entity="procedure", entity_id=code,
                             after={k: v for k, v in data.items() if k not in ("documents", "sources")}
                             | {"documents": len(data.get("documents") or [])})
            return version.version_no

        try:
            version_no = self.context.database.run(run)
        except StaleEdit as exc:
            self.post_message(self.SaveFailed(f"[{exc.code}] {exc.message}", stale=True))
            return
        except InvalidProcedure as exc:
            text = "\n".join(f"{i.field}: {i.message}" for i in exc.issues) or exc.message
            self.post_message(self.SaveFailed(f"[{exc.code}] {text}"))
            return
        except KioskError as exc:
            self.post_message(self.SaveFailed(f"[{exc.code}] {exc.message}"))
            return
        self.post_message(self.Saved(version_no))

    def on_procedure_editor_saved(self, event: Saved) -> None:
        """Close with a confirmation."""
        self.app.notify(_("Đã lưu {code} (phiên bản {n})", code=self.code or self.cells()["code"], n=event.version_no),
                        markup=False)
        self.dismiss(True)

    def on_procedure_editor_save_failed(self, event: SaveFailed) -> None:
        """Show why; a stale edit keeps the form so the user can copy their changes, then reload."""
        self.query_one("#editor-save", Button).disabled = event.stale
        text = event.text
        if event.stale:
            text += "\n" + _("Thay đổi của bạn CHƯA được lưu. Bấm “Tải lại” để xem bản mới nhất rồi sửa lại.")
        self._error(text)
        self.app.notify(event.text, severity="error", markup=False)

    def _error(self, text: str) -> None:
        self.query_one("#editor-error", Label).update(text)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Save, reload or close."""
        event.stop()
        if event.button.id == "editor-save":
            self.action_save()
        elif event.button.id == "editor-reload" and self.code:
            self._load()
        elif event.button.id == "editor-close":
            self.action_close()

    def action_close(self) -> None:
        """Close without saving; with unsaved changes, only after confirming that they are dropped."""
        if self.cells() == self.saved_cells:
            self.dismiss(False)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(False)

        self.app.push_screen(ConfirmDialog(_("Bỏ các thay đổi chưa lưu?"), _("Bỏ thay đổi")), answered)
