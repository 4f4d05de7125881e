"""Reports mode: per day, field, site or kiosk — dossiers, deadlines, ticket times, ratings; charts and CSV."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from textual import work
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Button, DataTable, Input, Label, Select
from textual_plotext import PlotextPlot

from admin_tui.messages import _
from admin_tui.modes.queue_data import duration
from admin_tui.modes.queue_widgets import MODES_CSS, refill
from admin_tui.widgets.cells import literal
from admin_tui.widgets.dialogs import AskDialog
from admin_tui.widgets.mode_screen import ModeScreen
from core.errors import KioskError
from db.calendar import to_local
from db.services import audit
from db.services.reports import LEVELS, Report, build_report, report_csv

GROUPS = (("day", "Theo ngày"), ("field", "Theo lĩnh vực"), ("site", "Theo điểm phục vụ"), ("kiosk", "Theo ki-ốt"))
LEVEL_LABELS = {"very_satisfied": "Rất hài lòng", "satisfied": "Hài lòng", "unsatisfied": "Không hài lòng"}
DEFAULT_DAYS = 30


def parse_day(text: str) -> date | None:
    """``dd/mm/yyyy`` or ``yyyy-mm-dd`` -> date; None when it is neither or outside the years 1900–2999."""
    text = text.strip()
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            day = datetime.strptime(text, fmt).date()
        except ValueError:
            continue
        # 01/01/0001 or 31/12/9999 overflow once shifted to UTC or to the next day in the queries.
        return day if 1900 <= day.year <= 2999 else None
    return None


class ReportsMode(ModeScreen):
    """Statistics for a date range, grouped as chosen; the query runs in a worker."""

    MODE_NAME = "reports"
    CSS_PATH = MODES_CSS
    AUTO_FOCUS = "#reports-table"
    BINDINGS = [
        Binding("ctrl+r", "run", _("Xem báo cáo")),
        Binding("x", "export", _("Xuất CSV")),
    ]

    class ReportLoaded(Message):
        """A report was computed."""

        def __init__(self, report: Report) -> None:
            super().__init__()
            self.report = report

    class ActionFinished(Message):
        """Something finished (``ok``) or failed; ``text`` says what."""

        def __init__(self, text: str, ok: bool) -> None:
            super().__init__()
            self.text = text
            self.ok = ok

    def __init__(self, context) -> None:  # noqa: ANN001
        super().__init__(context)
        self.report: Report | None = None

    def compose_body(self) -> Iterable[Widget]:
        """Range and grouping, the table, two charts and a status line."""
        today = to_local(self.context.now()).date()
        start = today - timedelta(days=DEFAULT_DAYS - 1)
        yield Horizontal(
            Label(_("Từ ngày"), classes="inline-label"),
            Input(start.strftime("%d/%m/%Y"), id="reports-from", compact=True),
            Label(_("đến"), classes="inline-label"),
            Input(today.strftime("%d/%m/%Y"), id="reports-to", compact=True),
            Select([(_(label), value) for value, label in GROUPS], value="day", allow_blank=False,
                   id="reports-group", compact=True),
            Button(_("Xem báo cáo"), id="reports-run", variant="primary", compact=True),
            Button(_("Xuất CSV…"), id="reports-export", compact=True),
            classes="toolbar", id="reports-bar")
        table: DataTable[Any] = DataTable(id="reports-table", cursor_type="row", zebra_stripes=True)
        table.add_columns(_("Nhóm"), _("Tiếp nhận"), _("Trả qua bưu chính"), _("Đúng hạn"), _("Quá hạn"),
                          _("Đang giải quyết"), _("Vé"), _("Chờ TB"), _("Phục vụ TB"),
                          *(_(LEVEL_LABELS[lv]) for lv in LEVELS))
        yield table
        yield Horizontal(PlotextPlot(id="reports-chart-dossiers"), PlotextPlot(id="reports-chart-ratings"),
                         id="reports-charts")
        yield Label("", id="reports-status", classes="status-line", markup=False)

    def on_mount(self) -> None:
        """Show the last 30 days by day."""
        self.action_run()

    def on_select_changed(self, event: Select.Changed) -> None:
        """A new grouping recomputes the report."""
        if event.select.id == "reports-group":
            self.action_run()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in a date box recomputes the report."""
        event.stop()
        self.action_run()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Run or export."""
        if event.button.id == "reports-run":
            event.stop()
            self.action_run()
        elif event.button.id == "reports-export":
            event.stop()
            self.action_export()

    def _range(self) -> tuple[date, date] | None:
        start = parse_day(self.query_one("#reports-from", Input).value)
        end = parse_day(self.query_one("#reports-to", Input).value)
        if start is None or end is None:
            self.show_status(_("Ngày không hợp lệ; dùng dạng dd/mm/yyyy."), error=True)
            return None
        return start, end

    def action_run(self) -> None:
        """Compute the report for the chosen range and grouping."""
        span = self._range()
        if span is not None:
            self.show_status(_("Đang tính…"))
            self._compute(str(self.query_one("#reports-group", Select).value), *span)

    @work(thread=True, exclusive=True, group="reports")
    def _compute(self, group: str, start: date, end: date) -> None:
        now = self.context.now()
        try:
            report = self.context.database.run(
                lambda s: build_report(s, group=group, day_from=start, day_to=end, now=now), read_only=True)
        except KioskError as exc:
            self.post_message(self.ActionFinished(f"[{exc.code}] {exc.message}", False))
            return
        self.post_message(self.ReportLoaded(report))

    def on_reports_mode_report_loaded(self, event: ReportLoaded) -> None:
        """Fill the table (total row last) and draw the charts."""
        report = self.report = event.report
        rows = [*report.rows, report.total]
        refill(self.query_one("#reports-table", DataTable), (
            (f"{i}", (literal(_("Tổng cộng") if r is report.total else r.key, style="bold" if r is report.total
                              else ""), str(r.received), str(r.by_post), str(r.on_time),
                      literal(str(r.overdue), style="bold red" if r.overdue else ""), str(r.open), str(r.tickets),
                      duration(r.avg_wait_s), duration(r.avg_service_s), *(str(r.ratings[lv]) for lv in LEVELS)))
            for i, r in enumerate(rows)))
        self._draw(report)
        self.show_status(_("{n} hồ sơ, {t} vé, {r} đánh giá từ {start} đến {end}.", n=report.total.received,
                           t=report.total.tickets, r=sum(report.total.ratings.values()),
                           start=report.day_from.strftime("%d/%m/%Y"), end=report.day_to.strftime("%d/%m/%Y")))

    def _draw(self, report: Report) -> None:
        keys = [r.key[-5:] if report.group == "day" else r.key[:12] for r in report.rows]
        chart = self.query_one("#reports-chart-dossiers", PlotextPlot)
        plt = chart.plt
        plt.clear_data()
        plt.clear_figure()
        if keys:
            plt.multiple_bar(keys, [[r.on_time for r in report.rows], [r.overdue for r in report.rows],
                                    [r.open for r in report.rows]],
                             labels=[_("Đúng hạn"), _("Quá hạn"), _("Đang giải quyết")])
        plt.title(_("Hồ sơ tiếp nhận"))
        chart.refresh()
        ratings = self.query_one("#reports-chart-ratings", PlotextPlot)
        plt = ratings.plt
        plt.clear_data()
        plt.clear_figure()
        plt.bar([_(LEVEL_LABELS[lv]) for lv in LEVELS], [report.total.ratings[lv] for lv in LEVELS])
        plt.title(_("Mức độ hài lòng"))
        ratings.refresh()

    def action_export(self) -> None:
        """Ask for a file name, then write the shown report as CSV."""
        if self.report is None:
            return
        r = self.report
        default = Path(self.context.settings.data_dir) / f"bao-cao-{r.group}-{r.day_from:%Y%m%d}-{r.day_to:%Y%m%d}.csv"

        def chosen(path: str | None) -> None:
            if path and path.strip():
                self._export(r, Path(path.strip()))

        self.app.push_screen(AskDialog(_("Xuất báo cáo ra tệp CSV:"), str(default)), chosen)

    @work(thread=True, group="reports-export")
    def _export(self, report: Report, path: Path) -> None:
        data_dir = Path(self.context.settings.data_dir)
        if not path.parent.is_dir() and path.parent != data_dir:
            # A typo in the folder must not quietly scatter reports into new folders: say so instead.
            # Only the product's own data folder (the suggested place) is created when missing.
            self.post_message(self.ActionFinished(
                _("[ADM-205] Thư mục {folder} không tồn tại; hãy chọn một thư mục có sẵn.", folder=str(path.parent)),
                False))
            return
        try:
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            path.write_text(report_csv(report), encoding="utf-8-sig")  # BOM: spreadsheets read UTF-8 right
        except OSError as exc:
            self.post_message(self.ActionFinished(
                _("[ADM-204] Không ghi được tệp {path}: {error}", path=str(path), error=exc.strerror or exc), False))
            return
        user = self.context.require_user()
        self.context.database.run(lambda s: audit.record(
            s, user=user, action="report.export", entity="report", entity_id=report.group,
            after={"path": str(path), "from": report.day_from.isoformat(), "to": report.day_to.isoformat(),
                   "rows": len(report.rows)}))
        self.post_message(self.ActionFinished(_("Đã xuất báo cáo ra {path}", path=str(path)), True))

    def on_reports_mode_action_finished(self, event: ActionFinished) -> None:
        """Say what happened."""
        self.show_status(event.text, error=not event.ok)

    def show_status(self, text: str, *, error: bool = False) -> None:
        """Show a line at the bottom."""
        label = self.query_one("#reports-status", Label)
        label.update(text)
        label.set_class(error, "-error")
