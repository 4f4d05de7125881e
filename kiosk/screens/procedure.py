"""Procedure detail: documents to bring, fee, processing time, appointment if submitted now, postal options."""

from __future__ import annotations

import importlib
from dataclasses import replace

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import Button, Static

from kiosk import services
from kiosk.messages import _
from kiosk.screens import KioskScreen
from kiosk.widgets import format as fmt

REFRESH_S = 60.0  # the appointment is "live": recomputed every minute
#: Catalogue level -> where, in words, a citizen finds that level's office (shown when a point refuses a procedure).
LEVEL_PLACES = {
    "xã": "cấp xã/phường nơi cư trú",
    "tỉnh": "cấp tỉnh/thành phố",
    "trung ương": "cấp trung ương",
}


def where_to_go(detail: services.ProcedureDetail) -> str:
    """Where to submit a procedure this point refuses: the site's note, else the catalogue's agency and level.

    E.g. "Ủy ban nhân dân cấp xã — cấp xã/phường nơi cư trú". Empty when the catalogue knows neither.
    """
    if detail.redirect_note:
        return detail.redirect_note
    agency = detail.agency.strip()
    place = LEVEL_PLACES.get(detail.level.strip().lower(), "")
    if agency and place:
        return f"{agency} — {_(place)}"
    return agency or (_(place) if place else "")


def refusal_text(detail: services.ProcedureDetail) -> Text:
    """Why "Nộp hồ sơ" is grey, where to go instead, and the alternatives offered beside it."""
    where = where_to_go(detail) or _("Vui lòng hỏi nhân viên nơi nhận hồ sơ.")
    out = Text(_("Điểm này chưa nhận thủ tục này."), style="bold")
    out.append(" " + _("Nơi nộp: {where}", where=where))
    out.append("\n" + _("Quý khách có thể lấy số thứ tự để được nhân viên hướng dẫn, hoặc gọi nhân viên."))
    return out


def documents_text(detail: services.ProcedureDetail) -> Text:
    """Numbered documents with originals/copies and conditions (catalogue text shown literally)."""
    out = Text()
    if not detail.documents:
        out.append(_("Chưa có danh sách giấy tờ. Vui lòng hỏi nhân viên."))
    for i, doc in enumerate(detail.documents, 1):
        out.append(f"{i}. ", style="bold")
        out.append(doc.name)
        counts = []
        if doc.originals:
            counts.append(_("{n} bản chính", n=doc.originals))
        if doc.copies:
            counts.append(_("{n} bản sao", n=doc.copies))
        if counts:
            out.append(" — " + ", ".join(counts), style="bold")
        if doc.condition:
            out.append("\n   " + _("Khi: {condition}", condition=doc.condition), style="italic")
        elif not doc.required:
            out.append(" (" + _("nếu có") + ")", style="italic")
        if i < len(detail.documents):
            out.append("\n")
    return out


def facts_text(detail: services.ProcedureDetail) -> Text:
    """Fee, processing time, appointment, postal options, agency."""
    out = Text()

    def line(label: str, value: str, style: str = "") -> None:
        if out:
            out.append("\n")
        out.append(label + ": ", style="bold")
        out.append(value, style=style)

    line(_("Lệ phí"), fmt.fee(detail.fee_vnd, detail.fee_text))
    line(_("Thời gian giải quyết"), fmt.working_days(detail.processing_days))
    if detail.appointment_at is not None and detail.accepted:  # a point that refuses it gives no date
        line(_("Nếu nộp bây giờ, hẹn trả kết quả"), fmt.date_time(detail.appointment_at), "bold")
    if detail.personal_presence:
        line(_("Nộp qua bưu chính"), _("Không — cần có mặt trực tiếp"))
    else:
        line(_("Nộp qua bưu chính"), _("Có") if detail.postal_allowed else _("Không"))
    line(_("Nhận kết quả qua bưu chính"), _("Có") if detail.postal_allowed else _("Không"))
    if detail.postal_note:
        line(_("Ghi chú"), detail.postal_note)
    if detail.agency:
        line(_("Cơ quan giải quyết"), detail.agency)
    return out


class ProcedureScreen(KioskScreen):
    """What to bring and when the result will be ready; "Nộp hồ sơ" starts the submission steps.

    Args:
        code: The procedure's code.
    """

    def spoken_instruction(self) -> str:
        """What voice guidance says when this screen opens (``kiosk.voice``)."""
        return _("Xin mời Quý khách xem các giấy tờ cần chuẩn bị cho thủ tục này.")

    class DetailLoaded(Message):
        """The procedure and its appointment were read."""

        def __init__(self, detail: services.ProcedureDetail) -> None:
            super().__init__()
            self.detail = detail

    class DetailFailed(Message):
        """The procedure could not be read."""

        def __init__(self, error: Exception) -> None:
            super().__init__()
            self.error = error

    def __init__(self, code: str) -> None:
        super().__init__()
        self.code = code
        self.detail: services.ProcedureDetail | None = None

    def compose_body(self) -> ComposeResult:
        d = self.detail
        yield Static(Text(d.name if d else _("Đang tải…"), style="bold"), id="procedure-name", classes="screen-title")
        yield Static(Text(f"{d.code} · {d.field}" if d else ""), id="procedure-meta")
        with VerticalScroll(id="procedure-detail"):
            yield Static(self._warning(), id="presence-warning", classes="warning-box" + ("" if self._warning() else " hidden"))
            yield Static(Text(_("Giấy tờ cần mang theo"), style="bold underline"), classes="section-title")
            yield Static(documents_text(d) if d else Text(""), id="documents")
            yield Static(facts_text(d) if d else Text(""), id="facts")
        refused = d is not None and not d.accepted
        with Horizontal(id="procedure-actions", classes="-refused" if refused else ""):
            yield Button(_("Nộp hồ sơ"), id="start-submission", variant="primary", disabled=not (d and d.accepted))
            if refused:
                # The grey button says "no"; the note beside it says why, where to go, and what to do here.
                yield Static(refusal_text(d), id="redirect-note", classes="warning-box")
                yield Button(_("Lấy số thứ tự"), id="detail-ticket", variant="primary")
                yield Button(_("Gọi nhân viên"), id="detail-call-staff")
            else:
                yield Button(_("Chỉ lấy số thứ tự"), id="detail-ticket")

    def _warning(self) -> Text:
        if self.detail and self.detail.personal_presence:
            return Text(_("Lưu ý: thủ tục này cần Quý khách có mặt trực tiếp, không nộp thay qua bưu điện được."))
        return Text("")

    def on_mount(self) -> None:
        self._fetch()
        self.set_interval(REFRESH_S, self._fetch, name="appointment-refresh")

    @work(thread=True, exclusive=True, group="detail")
    def _fetch(self) -> None:
        try:
            detail = services.procedure_detail(self.ctx, self.code)
        except services.ServiceError as exc:
            self.post_message(self.DetailFailed(exc))
            return
        self.post_message(self.DetailLoaded(detail))

    async def on_procedure_screen_detail_loaded(self, message: DetailLoaded) -> None:
        old, new = self.detail, message.detail
        first = old is None
        self.detail = new
        self.show_error(None)
        if old is not None and replace(old, received_at=new.received_at, appointment_at=new.appointment_at) == new:
            # The minute refresh moved only the appointment: update that text in place. Re-composing would
            # replace the buttons under a finger mid-tap (the tap is lost) and scroll the list back to the top.
            self.query_one("#facts", Static).update(facts_text(new))
            return
        await self.recompose()
        if first:
            # Enter submits for keyboard users; on a refused procedure it takes a number instead.
            self.query_one("#start-submission" if message.detail.accepted else "#detail-ticket", Button).focus()

    def on_procedure_screen_detail_failed(self, message: DetailFailed) -> None:
        self.show_error(message.error)

    @on(Button.Pressed, "#start-submission")
    def _start(self) -> None:
        """Hand over to the submission steps (``kiosk.screens.flow.begin_submission``)."""
        if self.detail is None or not self.detail.accepted:
            return
        self.session.procedure_code = self.code
        try:
            flow = importlib.import_module("kiosk.screens.flow")
        except ImportError:
            self.app.notify(_("Chức năng nộp hồ sơ chưa sẵn sàng. Vui lòng gọi nhân viên."), severity="warning")
            return
        flow.begin_submission(self.app, self.code)

    @on(Button.Pressed, "#detail-ticket")
    def _ticket(self) -> None:
        from kiosk.screens.ticket_only import TicketOnlyScreen

        field = self.detail.field if self.detail else None
        self.app.push_screen(TicketOnlyScreen(field=field))

    @on(Button.Pressed, "#detail-call-staff")
    def _call_staff(self) -> None:
        from kiosk.screens.call_staff import CallStaffScreen

        self.app.push_screen(CallStaffScreen(detail=f"procedure {self.code} not accepted here"))
