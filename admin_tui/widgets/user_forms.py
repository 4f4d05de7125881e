"""Modal forms of the users mode: add a user, set a new password (typed twice)."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select

from admin_tui.context import ROLE_LABELS, ROLES
from admin_tui.messages import _


@dataclass(frozen=True)
class NewUser:
    """What the add-user form collected."""

    username: str
    full_name: str
    role: str
    password: str
    pin: str | None
    badge: str | None


class AddUserDialog(ModalScreen[NewUser | None]):
    """Collect a new user's details; checks the two passwords match before dismissing.

    Args:
        initial: Values to show again (the service refused them: nothing typed is lost).
        error: Why they were refused, shown under the form.
    """

    BINDINGS = [Binding("escape", "cancel", _("Huỷ"))]

    def __init__(self, initial: NewUser | None = None, error: str = "") -> None:
        super().__init__()
        self.initial = initial
        self.error = error

    def on_mount(self) -> None:
        """Fill the form with the values the service refused, and say why."""
        new = self.initial
        if new is not None:
            for name, value in (("username", new.username), ("full-name", new.full_name),
                                ("password", new.password), ("password2", new.password),
                                ("pin", new.pin or ""), ("badge", new.badge or "")):
                self.query_one(f"#add-{name}", Input).value = value
            self.query_one("#add-role", Select).value = new.role
        if self.error:
            self.query_one("#add-error", Label).update(self.error)

    def compose(self) -> ComposeResult:
        with Vertical(id="add-user-dialog", classes="dialog"):
            yield Label(_("Thêm người dùng"), classes="dialog-title")
            yield Label(_("Tên đăng nhập"), classes="field-label")
            yield Input(id="add-username", max_length=80, compact=True)
            yield Label(_("Họ và tên"), classes="field-label")
            yield Input(id="add-full-name", max_length=200, compact=True)
            yield Label(_("Vai trò"), classes="field-label")
            yield Select([(_(ROLE_LABELS[r]), r) for r in ROLES], value="agent", allow_blank=False, id="add-role", compact=True)
            yield Label(_("Mật khẩu"), classes="field-label")
            yield Input(id="add-password", password=True, compact=True)
            yield Label(_("Nhập lại mật khẩu"), classes="field-label")
            yield Input(id="add-password2", password=True, compact=True)
            yield Label(_("Mã PIN nhân viên (6 chữ số, không dễ đoán; có thể bỏ trống)"), classes="field-label")
            yield Input(id="add-pin", password=True, restrict=r"[0-9]*", max_length=6, compact=True)
            yield Label(_("Mã thẻ nhân viên (có thể bỏ trống)"), classes="field-label")
            yield Input(id="add-badge", max_length=80, compact=True)
            yield Label("", id="add-error", classes="status-line -error", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Thêm"), id="add-ok", variant="primary")
                yield Button(_("Huỷ"), id="add-cancel")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Check and return the form, or cancel."""
        event.stop()
        if event.button.id != "add-ok":
            self.dismiss(None)
            return
        value = {name: self.query_one(f"#add-{name}", Input).value
                 for name in ("username", "full-name", "password", "password2", "pin", "badge")}
        if value["password"] != value["password2"]:
            self.query_one("#add-error", Label).update(_("[ADM-004] Hai lần nhập mật khẩu không khớp"))
            return
        if not value["username"].strip():
            self.query_one("#add-error", Label).update(_("[ADM-005] Nhập tên đăng nhập"))
            return
        self.dismiss(NewUser(value["username"].strip(), value["full-name"].strip(),
                             str(self.query_one("#add-role", Select).value), value["password"],
                             value["pin"] or None, value["badge"].strip() or None))

    def action_cancel(self) -> None:
        """Close without adding."""
        self.dismiss(None)


class PasswordDialog(ModalScreen[str | None]):
    """Ask for a new password twice; dismisses with it when both match.

    Args:
        username: Whose password is set (shown literally).
    """

    BINDINGS = [Binding("escape", "cancel", _("Huỷ"))]

    def __init__(self, username: str) -> None:
        super().__init__()
        self.username = username

    def compose(self) -> ComposeResult:
        with Vertical(id="password-dialog", classes="dialog"):
            yield Label(_("Đặt mật khẩu mới cho {user}", user=self.username), markup=False)
            yield Input(id="password-1", password=True)
            yield Input(id="password-2", password=True)
            yield Label("", id="password-error", classes="status-line -error", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Đồng ý"), id="password-ok", variant="primary")
                yield Button(_("Huỷ"), id="password-cancel")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Return the password when both entries match."""
        event.stop()
        if event.button.id != "password-ok":
            self.dismiss(None)
            return
        self._submit()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in the first box moves on; Enter in the second one submits, like the button."""
        event.stop()
        if event.input.id == "password-1":
            self.query_one("#password-2", Input).focus()
        else:
            self._submit()

    def _submit(self) -> None:
        first = self.query_one("#password-1", Input).value
        if first != self.query_one("#password-2", Input).value:
            self.query_one("#password-error", Label).update(_("[ADM-004] Hai lần nhập mật khẩu không khớp"))
            return
        self.dismiss(first)

    def action_cancel(self) -> None:
        """Close without changing."""
        self.dismiss(None)
