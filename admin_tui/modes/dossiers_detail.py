"""Dossier detail: applicant, procedure, deadline, status timeline, documents; status change, reprint, hand-over."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, DataTable, Footer, Label, Static

from admin_tui.context import AdminContext
from admin_tui.messages import _
from admin_tui.modes.dossiers import flag_cell
from admin_tui.modes.queue_widgets import MODES_CSS, ChoiceDialog
from admin_tui.widgets.cells import literal, local_time
from admin_tui.widgets.dialogs import ConfirmDialog
from core.errors import KioskError
from db.services import dossier_admin as da
from db.services import site_admin
from db.services.dossier_status import status_label


class DossierDetailScreen(Screen[None]):
    """One dossier. Every change runs in a worker, goes through the services and is audited.

    Args:
        context: The console context.
        dossier_id: The dossier to show.
    """

    CSS_PATH = MODES_CSS
    AUTO_FOCUS = "#dossier-timeline"
    BINDINGS = [
        Binding("escape", "back", _("Quay lại")),
        Binding("s", "change_status", _("Đổi trạng thái")),
        Binding("p", "reprint", _("In lại giấy hẹn")),
        Binding("h", "hand_over", _("Bàn giao")),
        Binding("l", "print_label", _("In nhãn gửi")),
        Binding("g", "delivery", _("Kết quả phát")),
        Binding("i", "reveal", _("Hiện số định danh")),
    ]

    class DetailLoaded(Message):
        """The dossier was read."""

        def __init__(self, detail: da.DossierDetail) -> None:
            super().__init__()
            self.detail = detail

    class KiosksLoaded(Message):
        """The site's kiosks were read (to choose where to reprint)."""

        def __init__(self, kiosks: list[site_admin.KioskRow]) -> None:
            super().__init__()
            self.kiosks = kiosks

    class IdRevealed(Message):
        """The full ID number was read (and the look-up audited)."""

        def __init__(self, number: str) -> None:
            super().__init__()
            self.number = number

    class ActionFinished(Message):
        """A change finished (``ok``) or was refused; ``text`` says what happened."""

        def __init__(self, text: str, ok: bool) -> None:
            super().__init__()
            self.text = text
            self.ok = ok

    def __init__(self, context: AdminContext, dossier_id: int) -> None:
        super().__init__(id="dossier-detail-screen")
        self.context = context
        self.dossier_id = dossier_id
        self.detail: da.DossierDetail | None = None
        self.revealed_id: str | None = None

    def compose(self) -> ComposeResult:
        yield Label("", id="dossier-title", classes="section-title", markup=False)
        with VerticalScroll(id="dossier-detail-body"):
            yield Static("", id="dossier-info")
            yield Label(_("Diễn biến xử lý"), classes="section-title")
            timeline: DataTable[Any] = DataTable(id="dossier-timeline", cursor_type="row", zebra_stripes=True)
            timeline.add_columns(_("Thời điểm"), _("Trạng thái"), _("Người thực hiện"), _("Ghi chú"))
            yield timeline
            yield Label(_("Giấy tờ"), classes="section-title")
            docs: DataTable[Any] = DataTable(id="dossier-documents", cursor_type="row")
            docs.add_columns(_("Giấy tờ"), _("Bản chính"), _("Bản sao"), _("Nộp tại quầy"), _("Số trang"),
                             _("Bản quét"))
            yield docs
        with Horizontal(classes="toolbar", id="dossier-actions"):
            yield Button(_("Đổi trạng thái"), id="dossier-change-status", variant="primary", compact=True)
            yield Button(_("In lại giấy hẹn"), id="dossier-reprint", compact=True)
            yield Button(_("Bàn giao (PDF)"), id="dossier-handover", compact=True)
            yield Button(_("In nhãn gửi"), id="dossier-label", compact=True)
            yield Button(_("Kết quả phát"), id="dossier-delivery", compact=True)
            yield Button(_("Hiện số định danh"), id="dossier-reveal", compact=True)
            yield Button(_("Quay lại"), id="dossier-back", compact=True)
        yield Label("", id="dossier-status-line", classes="status-line", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        """Read the dossier."""
        self.reload()

    @work(thread=True, exclusive=True, group="dossier-detail")
    def reload(self) -> None:
        """Read the dossier again (after every change)."""
        now = self.context.now()
        try:
            detail = self.context.database.run(lambda s: da.detail(s, self.dossier_id, now), read_only=True)
        except KioskError as exc:
            self.post_message(self.ActionFinished(f"[{exc.code}] {exc.message}", False))
            return
        self.post_message(self.DetailLoaded(detail))

    def on_dossier_detail_screen_detail_loaded(self, event: DetailLoaded) -> None:
        """Show everything (text literally; the ID number masked unless revealed)."""
        d = self.detail = event.detail
        title = self.query_one("#dossier-title", Label)
        title.update(f"{d.reference} · {status_label(d.status)}")
        self.query_one("#dossier-info", Static).update(self._info(d))
        timeline = self.query_one("#dossier-timeline", DataTable)
        timeline.clear()
        for i, e in enumerate(d.events):
            timeline.add_row(local_time(e.at, "%d/%m/%Y %H:%M"), literal(status_label(e.status)),
                             literal(e.actor), literal(self._event_note(e)), key=str(i))
        docs = self.query_one("#dossier-documents", DataTable)
        docs.clear()
        for i, doc in enumerate(d.documents):
            scan = _("đã xoá") if doc.purged else (_("có") if doc.scan_path else _("không"))
            docs.add_row(literal(doc.name), str(doc.originals), str(doc.copies),
                         _("có") if doc.at_counter else _("không"), str(doc.page_count), scan, key=str(i))
        self.query_one("#dossier-change-status", Button).disabled = not d.next_statuses
        self.query_one("#dossier-label", Button).display = d.return_method == "post"
        self.query_one("#dossier-delivery", Button).display = d.status == "result_in_transit"

    def _info(self, d: da.DossierDetail) -> Text:
        rows: list[tuple[str, Any]] = [
            (_("Người nộp"), d.applicant_name),
            (_("Số định danh"), self.revealed_id or d.id_masked),
            (_("Điện thoại"), d.applicant_phone),
            (_("Địa chỉ"), d.applicant_address),
            (_("Thủ tục"), f"{d.procedure_code} · {d.procedure_name}"),
            (_("Lĩnh vực / cơ quan"), f"{d.field} · {d.agency}"),
            (_("Nhận kết quả"), _("qua bưu chính: {address}", address=d.delivery_address)
             if d.return_method == "post" else _("tại quầy")),
            (_("Tiếp nhận"), f"{local_time(d.received_at)} · {d.site_name} {d.kiosk_code}".strip()),
            (_("Hẹn trả"), local_time(d.due_at)),
        ]
        if d.clock_paused_at:
            rows.append((_("Tạm dừng tính hạn từ"), local_time(d.clock_paused_at)))
        if d.agency_code:
            rows.append((_("Mã tại cơ quan"), d.agency_code))
        if d.tracking_number:
            rows.append((_("Số hiệu bưu gửi"), d.tracking_number))
        if d.handed_over_at:
            rows.append((_("Đã bàn giao"), local_time(d.handed_over_at)))
        text = Text()
        for label, value in rows:
            text.append(f"{label}: ", style="bold")
            text.append(str(value or ""))
            text.append("\n")
        text.append(f"{_('Hạn')}: ", style="bold")
        text.append_text(flag_cell(d.flag))
        return text

    @staticmethod
    def _event_note(e: da.EventInfo) -> str:
        parts = [e.note] if e.note else []
        missing = e.details.get("missing_documents")
        if missing:
            parts.append(_("Thiếu: {docs}", docs="; ".join(missing)))
        if "due_after" in e.details:
            parts.append(_("Hẹn trả dời sang {due} (+{n} ngày làm việc)",
                           due=e.details["due_after"].replace("T", " ")[:16], n=e.details.get("paused_working_days", 0)))
        if e.details.get("agency_code"):
            parts.append(_("Mã tại cơ quan: {code}", code=e.details["agency_code"]))
        if e.details.get("delivery"):
            from db.services.delivery import outcome_label, reason_label

            label = outcome_label(e.details["delivery"])
            reason = reason_label(e.details["reason"]) if e.details.get("reason") else ""
            parts.insert(0, f"{label}: {reason}" if reason else label)
        return " · ".join(parts)

    # --- actions --------------------------------------------------------------------------------

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Toolbar buttons run the matching action."""
        actions = {"dossier-change-status": self.action_change_status, "dossier-reprint": self.action_reprint,
                   "dossier-handover": self.action_hand_over, "dossier-reveal": self.action_reveal,
                   "dossier-label": self.action_print_label, "dossier-delivery": self.action_delivery,
                   "dossier-back": self.action_back}
        if event.button.id in actions:
            event.stop()
            actions[event.button.id]()

    def action_back(self) -> None:
        """Back to the list."""
        self.app.pop_screen()

    def action_change_status(self) -> None:
        """Ask for the new status (and its reason / missing documents) and apply it."""
        from admin_tui.modes.dossiers_status import StatusDialog

        d = self.detail
        if d is None or not d.next_statuses:
            return

        def chosen(answer: dict[str, Any] | None) -> None:
            if answer:
                self._change(d.row_version, answer)

        self.app.push_screen(StatusDialog(d), chosen)

    @work(thread=True, group="dossier-change")
    def _change(self, row_version: int, answer: dict[str, Any]) -> None:
        try:
            change = da.set_status(self.context.database, self.dossier_id, answer["status"],
                                   user=self.context.require_user(), now=self.context.now(),
                                   note=answer.get("note", ""), missing_documents=answer.get("missing") or None,
                                   agency_code=answer.get("agency_code", ""), expected_version=row_version)
        except KioskError as exc:
            self.post_message(self.ActionFinished(f"[{exc.code}] {exc.message}", False))
            return
        self.post_message(self.ActionFinished(
            _("Đã chuyển sang \"{status}\".", status=status_label(change.status)), True))

    def action_reprint(self) -> None:
        """Queue a new receipt to the dossier's kiosk (or a chosen kiosk for counter entries)."""
        if self.detail is None:
            return
        if self.detail.kiosk_id is not None:
            self._reprint(None)
        else:
            self._load_kiosks()

    @work(thread=True, group="dossier-change")
    def _load_kiosks(self) -> None:
        site_code = self.context.settings.site_code
        rows = self.context.database.run(lambda s: site_admin.list_kiosks(s), read_only=True)
        mine = [k for k in rows if k.site_code == site_code and k.active] or [k for k in rows if k.active]
        self.post_message(self.KiosksLoaded(mine))

    def on_dossier_detail_screen_kiosks_loaded(self, event: KiosksLoaded) -> None:
        """Ask which kiosk prints the receipt."""
        options = [(f"{k.site_code}/{k.code} {k.name}".strip(), str(k.id)) for k in event.kiosks]
        self._choose_kiosk(_("In giấy hẹn ở ki-ốt:"), options, self._reprint)

    def _choose_kiosk(self, prompt: str, options: list[tuple[str, str]], then: Any) -> None:
        """Ask which kiosk prints, then call ``then(kiosk_id)``."""

        def chosen(value: str | None) -> None:
            if value:
                then(int(value))

        self.app.push_screen(ChoiceDialog(prompt, options), chosen)

    @work(thread=True, group="dossier-change")
    def _reprint(self, kiosk_id: int | None) -> None:
        try:
            job = da.reprint_receipt(self.context.database, self.dossier_id, user=self.context.require_user(),
                                     kiosk_id=kiosk_id)
        except KioskError as exc:
            self.post_message(self.ActionFinished(f"[{exc.code}] {exc.message}", False))
            return
        self.post_message(self.ActionFinished(_("Đã gửi lệnh in lại giấy hẹn (lệnh in số {job}).", job=job), True))

    class LabelKiosksLoaded(Message):
        """The kiosks of the dossier's site were read (to choose where the address label prints)."""

        def __init__(self, kiosks: list[tuple[int, str, str]]) -> None:
            super().__init__()
            self.kiosks = kiosks

    def action_print_label(self) -> None:
        """Print the address label (the S10 number is drawn the first time, reused after)."""
        d = self.detail
        if d is None or d.return_method != "post":
            return
        if d.kiosk_id is not None:
            self._print_label(d.kiosk_id)
        else:
            self._load_label_kiosks(d.site_id)

    @work(thread=True, group="dossier-change")
    def _load_label_kiosks(self, site_id: int | None) -> None:
        from admin_tui.modes.dossiers_label import label_kiosks

        kiosks = label_kiosks(self.context.database, site_id) if site_id is not None else []
        self.post_message(self.LabelKiosksLoaded(kiosks))

    def on_dossier_detail_screen_label_kiosks_loaded(self, event: LabelKiosksLoaded) -> None:
        """One kiosk prints at once; several: ask; none: the label is written to the hand-over folder."""
        if len(event.kiosks) <= 1:
            self._print_label(event.kiosks[0][0] if event.kiosks else None)
            return
        options = [(code, str(kiosk_id)) for kiosk_id, code, _url in event.kiosks]
        self._choose_kiosk(_("In nhãn gửi ở ki-ốt:"), options, self._print_label)

    @work(thread=True, group="dossier-change")
    def _print_label(self, kiosk_id: int | None) -> None:
        from admin_tui.modes.dossiers_label import write_label_file
        from db.services.tracking import print_label

        try:
            out = print_label(self.context.database, self.dossier_id, user=self.context.require_user(),
                              now=self.context.now(), kiosk_id=kiosk_id)
            path = write_label_file(self.context.settings, out.payload) if out.job_id is None else None
        except KioskError as exc:
            self.post_message(self.ActionFinished(f"[{exc.code}] {exc.message}", False))
            return
        if path is not None:
            text = _("Nhãn gửi {number} đã ghi vào tệp {path} (không có máy in).", number=out.tracking_number,
                     path=str(path))
        else:
            text = _("Đã gửi lệnh in nhãn gửi {number} đến ki-ốt {kiosk} (lệnh in số {job}).",
                     number=out.tracking_number, kiosk=out.kiosk_code, job=out.job_id)
        if not out.new_number:
            text = f"{text} {_('In lại: số hiệu giữ nguyên.')}"
        if out.warning:
            text = f"{text} ⚠ {out.warning}"
            self.app.notify(out.warning, severity="warning", markup=False, timeout=15)
        self.post_message(self.ActionFinished(text, True))

    def action_delivery(self) -> None:
        """Record a delivery outcome (delivered / not delivered / back to the counter)."""
        from admin_tui.modes.dossiers_delivery import delivery_fields
        from admin_tui.modes.settings_form import FormDialog

        d = self.detail
        if d is None or d.status != "result_in_transit":
            return

        def answered(values: dict[str, Any] | None) -> None:
            if values:
                self._record_delivery(d.row_version, values)

        self.app.push_screen(FormDialog(_("Kết quả phát"), delivery_fields()), answered)

    @work(thread=True, group="dossier-change")
    def _record_delivery(self, row_version: int, values: dict[str, Any]) -> None:
        from admin_tui.modes.dossiers_delivery import record

        try:
            text = record(self.context, self.dossier_id, values, row_version)
        except KioskError as exc:
            self.post_message(self.ActionFinished(f"[{exc.code}] {exc.message}", False))
            return
        self.post_message(self.ActionFinished(text, True))

    def action_hand_over(self) -> None:
        """Confirm, then build one PDF of the scanned pages and mark the dossier handed over."""
        d = self.detail
        if d is None:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._hand_over(d.reference)

        self.app.push_screen(ConfirmDialog(
            _("Bàn giao hồ sơ {ref}? Các trang quét được gộp thành một tệp PDF và hồ sơ được đánh dấu đã bàn giao.",
              ref=d.reference), _("Bàn giao")), answered)

    @work(thread=True, group="dossier-change")
    def _hand_over(self, reference: str) -> None:
        from admin_tui.modes.dossiers_pdf import HandoverError, export_pdf
        from db.services.dossier_purge import handover_dir, handover_pdf_path

        db = self.context.database
        try:
            docs, unreachable = db.run(lambda s: (da.scan_pages(s, self.dossier_id),
                                                  da.unreachable_scans(s, self.dossier_id)), read_only=True)
            if unreachable:
                raise HandoverError(_("Máy này không đọc được bản quét của: {docs}. Hãy bàn giao từ máy có bản quét.",
                                      docs="; ".join(unreachable)), code="ADM-303")
            name, digest, pages = "", "", 0
            if docs:
                out = handover_pdf_path(handover_dir(self.context.settings), reference)
                pages, digest = export_pdf(docs, out)
                name = str(out)
            da.record_handover(db, self.dossier_id, user=self.context.require_user(), now=self.context.now(),
                               pdf_name=name, pdf_sha256=digest, pages=pages)
        except KioskError as exc:
            self.post_message(self.ActionFinished(f"[{exc.code}] {exc.message}", False))
            return
        text = (_("Đã bàn giao; tệp PDF {pages} trang: {path}", pages=pages, path=name) if name
                else _("Đã bàn giao; hồ sơ không có trang quét nào."))
        self.post_message(self.ActionFinished(text, True))

    def action_reveal(self) -> None:
        """Show the full ID number (the look-up is audited)."""
        if self.detail is not None and self.revealed_id is None:
            self._reveal()

    @work(thread=True, group="dossier-change")
    def _reveal(self) -> None:
        number = da.reveal_id_number(self.context.database, self.dossier_id, user=self.context.require_user())
        self.post_message(self.IdRevealed(number))

    def on_dossier_detail_screen_id_revealed(self, event: IdRevealed) -> None:
        """Redraw the info with the full number."""
        self.revealed_id = event.number
        if self.detail is not None:
            self.query_one("#dossier-info", Static).update(self._info(self.detail))

    def on_dossier_detail_screen_action_finished(self, event: ActionFinished) -> None:
        """Say what happened; re-read the dossier after a change."""
        label = self.query_one("#dossier-status-line", Label)
        label.update(event.text)
        label.set_class(not event.ok, "-error")
        if event.ok:
            self.reload()
