"""Login screen: username and password, checked in a worker; wrong attempts and lockouts said plainly."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.containers import Center, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Label

from admin_tui.context import AdminContext, CurrentUser
from admin_tui.messages import _
from core.errors import KioskError
from db.numbering import VN_TZ
from db.services import accounts


class LoginScreen(Screen[None]):
    """The first screen: sign in to the console.

    Args:
        context: The console context (its clock decides lockouts).
    """

    class SignedIn(Message):
        """The user signed in."""

        def __init__(self, user: CurrentUser) -> None:
            super().__init__()
            self.user = user

    class SignInFailed(Message):
        """The login was refused; ``text`` says why (already translated)."""

        def __init__(self, text: str, locked: bool) -> None:
            super().__init__()
            self.text = text
            self.locked = locked

    def __init__(self, context: AdminContext) -> None:
        super().__init__(id="login-screen")
        self.context = context

    def compose(self) -> ComposeResult:
        with Center():
            with Vertical(id="login-box"):
                yield Label(_("Bảng quản trị điểm phục vụ hành chính công"), id="login-title")
                yield Label(_("Tên đăng nhập"), classes="field-label")
                yield Input(id="login-username", max_length=80)
                yield Label(_("Mật khẩu"), classes="field-label")
                yield Input(id="login-password", password=True, max_length=200)
                yield Button(_("Đăng nhập"), id="login-submit", variant="primary")
                yield Label("", id="login-message", markup=False)
        yield Footer()

    class NoAccounts(Message):
        """The database has no active admin yet (first start)."""

    def on_mount(self) -> None:
        """Focus the username; on a fresh database say how to create the first admin."""
        self.query_one("#login-username", Input).focus()
        self._check_accounts()

    @work(thread=True, group="login-accounts")
    def _check_accounts(self) -> None:
        try:
            users = self.context.database.run(accounts.list_users, read_only=True)
        except KioskError:
            return  # the sign-in itself will report the database problem
        if not any(u.role == "admin" and u.active for u in users):
            self.post_message(self.NoAccounts())

    def on_login_screen_no_accounts(self, event: NoAccounts) -> None:
        """Show the first-start hint."""
        self._show(_("[ADM-007] Chưa có quản trị viên. Tạo tài khoản đầu tiên bằng lệnh: "
                     "kiosk-admin users add TÊN --role admin"), error=True)

    def reset(self) -> None:
        """Clear the form (after sign-out)."""
        self.query_one("#login-password", Input).value = ""
        self.query_one("#login-message", Label).update("")
        self.query_one("#login-submit", Button).disabled = False
        self.query_one("#login-username", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in the username moves on; Enter in the password signs in."""
        if event.input.id == "login-username":
            self.query_one("#login-password", Input).focus()
        else:
            self.action_sign_in()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """The sign-in button."""
        if event.button.id == "login-submit":
            self.action_sign_in()

    def action_sign_in(self) -> None:
        """Check the credentials in a worker."""
        username = self.query_one("#login-username", Input).value.strip()
        password = self.query_one("#login-password", Input).value
        if not username or not password:
            self._show(_("[ADM-001] Nhập tên đăng nhập và mật khẩu"), error=True)
            return
        self.query_one("#login-submit", Button).disabled = True
        self._show(_("Đang kiểm tra…"), error=False)
        self._check(username, password)

    @work(thread=True, exclusive=True, group="login")
    def _check(self, username: str, password: str) -> None:
        now = self.context.now()
        try:
            result = self.context.database.run(lambda s: accounts.login(s, username, password, now=now))
        except KioskError as exc:
            self.post_message(self.SignInFailed(f"[{exc.code}] {exc.message}", False))
            return
        if result.status == "ok" and result.user is not None:
            u = result.user
            self.post_message(self.SignedIn(CurrentUser(u.id, u.username, u.full_name, u.role)))
        elif result.status == "locked" and result.locked_until is not None:
            until = result.locked_until.astimezone(VN_TZ).strftime("%H:%M")
            minutes = max(1, round((result.locked_until - now).total_seconds() / 60))
            self.post_message(self.SignInFailed(
                _("[ACC-020] Tài khoản tạm bị khoá do đăng nhập sai nhiều lần. Thử lại sau {minutes} phút "
                  "(lúc {until}) hoặc nhờ quản trị viên mở khoá.", minutes=minutes, until=until), True))
        else:
            # The same words for an unknown name and a wrong password: nothing tells which names exist.
            text = _("[ACC-021] Sai tên đăng nhập hoặc mật khẩu.") + " " + _(
                "Sau {n} lần sai liên tiếp, đăng nhập bị khoá {minutes} phút.", n=accounts.MAX_FAILED_ATTEMPTS,
                minutes=round(accounts.LOCKOUT.total_seconds() / 60))
            self.post_message(self.SignInFailed(text, False))

    def on_login_screen_sign_in_failed(self, event: SignInFailed) -> None:
        """Show why; keep the username, clear the password."""
        self.query_one("#login-submit", Button).disabled = False
        password = self.query_one("#login-password", Input)
        password.value = ""
        password.focus()
        self._show(event.text, error=True, locked=event.locked)

    def _show(self, text: str, *, error: bool, locked: bool = False) -> None:
        label = self.query_one("#login-message", Label)
        label.update(text)
        label.set_class(error, "-error")
        label.set_class(locked, "-locked")
