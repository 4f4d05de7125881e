"""Users mode (admins only): list accounts; add, deactivate, reset password, unlock, agent PIN and badge."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from textual import work
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Button, DataTable, Label

from admin_tui.context import ROLE_LABELS, ROLES, AdminContext
from admin_tui.messages import _
from admin_tui.widgets.cells import literal, local_time
from admin_tui.widgets.dialogs import AskDialog, ChoiceDialog, ConfirmDialog
from admin_tui.widgets.mode_screen import ModeScreen
from admin_tui.widgets.user_forms import AddUserDialog, NewUser, PasswordDialog
from core.errors import KioskError
from db.services import accounts
from db.services.accounts import UserView


class UsersMode(ModeScreen):
    """Staff accounts; every change goes through ``db.services.accounts`` and is audited."""

    MODE_NAME = "users"
    BINDINGS = [
        Binding("a", "add", _("Thêm")),
        Binding("d", "toggle_active", _("Khoá/Mở tài khoản")),
        Binding("p", "reset_password", _("Đặt lại mật khẩu")),
        Binding("u", "unlock", _("Mở khoá đăng nhập")),
    ]

    class UsersLoaded(Message):
        """The user list was read."""

        def __init__(self, users: list[UserView]) -> None:
            super().__init__()
            self.users = users

    class ChangeFinished(Message):
        """A change finished; ``text`` says what happened (starts with ``[CODE]`` on failure)."""

        def __init__(self, text: str, ok: bool) -> None:
            super().__init__()
            self.text = text
            self.ok = ok

    class AddRefused(Message):
        """The service refused a new user; ``new`` holds what was typed, ``text`` why."""

        def __init__(self, new: NewUser, text: str) -> None:
            super().__init__()
            self.new = new
            self.text = text

    def __init__(self, context: AdminContext) -> None:
        super().__init__(context)
        self.users: dict[int, UserView] = {}

    def compose_body(self) -> Iterable[Widget]:
        """Table, actions, status."""
        table: DataTable[object] = DataTable(id="users-table", cursor_type="row", zebra_stripes=True)
        # Fixed widths: a long full name ends with "…" instead of pushing role and status off screen.
        for label, width in ((_("Tên đăng nhập"), 16), (_("Họ và tên"), 30), (_("Vai trò"), 19),
                             (_("Trạng thái"), 26), (_("PIN"), 3), (_("Thẻ"), 12), (_("Ngày tạo"), 10)):
            table.add_column(label, width=width)
        yield table
        yield Horizontal(
            Button(_("Thêm"), id="users-add", compact=True, variant="primary"),
            Button(_("Khoá/Mở tài khoản"), id="users-toggle", compact=True),
            Button(_("Đặt lại mật khẩu"), id="users-password", compact=True),
            Button(_("Mở khoá đăng nhập"), id="users-unlock", compact=True),
            Button(_("Đặt PIN"), id="users-pin", compact=True),
            Button(_("Đặt mã thẻ"), id="users-badge", compact=True),
            Button(_("Đổi vai trò"), id="users-role", compact=True),
            classes="toolbar", id="users-actions")
        yield Label("", id="users-status", classes="status-line", markup=False)

    def on_mount(self) -> None:
        """Read the users."""
        self.reload()

    @work(thread=True, exclusive=True, group="users-load")
    def reload(self) -> None:
        """Read the user list again."""
        try:
            users = self.context.database.run(accounts.list_users, read_only=True)
        except KioskError as exc:
            self.post_message(self.ChangeFinished(f"[{exc.code}] {exc.message}", False))
            return
        self.post_message(self.UsersLoaded(users))

    def on_users_mode_users_loaded(self, event: UsersLoaded) -> None:
        """Fill the table (names shown literally)."""
        table = self.query_one("#users-table", DataTable)
        selected = self.selected()
        table.clear()
        self.users = {u.id: u for u in event.users}
        now = self.context.now()
        for u in event.users:
            if not u.active:
                state = _("Đã khoá tài khoản")
            elif u.locked(now):
                state = _("Tạm khoá đến {time}", time=local_time(u.locked_until, "%H:%M %d/%m"))
            else:
                state = _("Đang hoạt động")
            table.add_row(literal(u.username), literal(u.full_name), _(ROLE_LABELS.get(u.role, u.role)), state, "✓" if u.has_pin else "",
                          "✓" if u.has_badge else "", local_time(u.created_at, "%d/%m/%Y"), key=str(u.id))
        if selected is not None and selected.id in self.users:
            table.move_cursor(row=table.get_row_index(str(selected.id)))

    def selected(self) -> UserView | None:
        """The user under the cursor."""
        table = self.query_one("#users-table", DataTable)
        if table.row_count == 0:
            return None
        try:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        except Exception:  # noqa: BLE001 - empty table
            return None
        return self.users.get(int(key)) if key else None

    # --- actions --------------------------------------------------------------------------------

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Toolbar buttons run the matching action."""
        actions = {"users-add": self.action_add, "users-toggle": self.action_toggle_active,
                   "users-password": self.action_reset_password, "users-unlock": self.action_unlock,
                   "users-pin": self.action_set_pin, "users-badge": self.action_set_badge,
                   "users-role": self.action_set_role}
        if event.button.id in actions:
            event.stop()
            actions[event.button.id]()

    def action_add(self, initial: NewUser | None = None, error: str = "") -> None:
        """Ask for the new user's details, then create them; a refusal reopens the form as it was typed."""
        def done(new: NewUser | None) -> None:
            if new is not None:
                self._add_user(new)

        self.app.push_screen(AddUserDialog(initial, error), done)

    @work(thread=True, group="users-change")
    def _add_user(self, new: NewUser) -> None:
        actor = self.context.require_user()
        try:
            self.context.database.run(lambda s: accounts.add_user(
                s, actor=actor, username=new.username, role=new.role, password=new.password,
                full_name=new.full_name, pin=new.pin, badge_code=new.badge))
        except KioskError as exc:
            self.post_message(self.AddRefused(new, f"[{exc.code}] {exc.message}"))
            return
        self.post_message(self.ChangeFinished(_("Đã thêm {user}", user=new.username), True))

    def on_users_mode_add_refused(self, event: AddRefused) -> None:
        """Say why, and give the form back with everything that was typed."""
        label = self.query_one("#users-status", Label)
        label.update(event.text)
        label.set_class(True, "-error")
        self.action_add(event.new, event.text)

    def action_toggle_active(self) -> None:
        """Deactivate the selected user (or reactivate), after confirmation."""
        user = self.selected()
        if user is None:
            return
        question = (_("Khoá tài khoản {user}? Người này sẽ không đăng nhập được nữa.", user=user.username)
                    if user.active else _("Mở lại tài khoản {user}?", user=user.username))

        def answered(yes: bool | None) -> None:
            if yes:
                self._change(lambda s, actor: accounts.set_active(s, actor, user.id, not user.active),
                             _("Đã cập nhật {user}", user=user.username))

        self.app.push_screen(ConfirmDialog(question), answered)

    def action_reset_password(self) -> None:
        """Set a new password for the selected user (also ends a lockout)."""
        user = self.selected()
        if user is None:
            return

        def done(password: str | None) -> None:
            if password:
                self._change(lambda s, actor: accounts.reset_password(s, actor, user.id, password),
                             _("Đã đặt mật khẩu mới cho {user}", user=user.username))

        self.app.push_screen(PasswordDialog(user.username), done)

    def action_unlock(self) -> None:
        """End the selected user's login lockout."""
        user = self.selected()
        if user is not None:
            self._change(lambda s, actor: accounts.unlock(s, actor, user.id),
                         _("Đã mở khoá đăng nhập cho {user}", user=user.username))

    def action_set_pin(self) -> None:
        """Set (or clear, when left empty) the selected user's agent PIN."""
        user = self.selected()
        if user is None:
            return

        def done(pin: str | None) -> None:
            if pin is not None:
                self._change(lambda s, actor: accounts.set_pin(s, actor, user.id, pin.strip() or None),
                             _("Đã cập nhật PIN của {user}", user=user.username))

        self.app.push_screen(AskDialog(_("PIN mới cho {user} (6 chữ số, không dễ đoán; để trống để xoá):",
                                         user=user.username), password=True), done)

    def action_set_badge(self) -> None:
        """Set (or clear, when left empty) the selected user's badge code."""
        user = self.selected()
        if user is None:
            return

        def done(badge: str | None) -> None:
            if badge is not None:
                self._change(lambda s, actor: accounts.set_badge(s, actor, user.id, badge.strip() or None),
                             _("Đã cập nhật mã thẻ của {user}", user=user.username))

        self.app.push_screen(AskDialog(_("Mã thẻ cho {user} (quét hoặc gõ; để trống để xoá):", user=user.username)),
                             done)

    def action_set_role(self) -> None:
        """Change the selected user's role (not one's own; never the last active admin)."""
        user = self.selected()
        if user is None:
            return

        def done(role: str | None) -> None:
            if role and role != user.role:
                self._change(lambda s, actor: accounts.set_role(s, actor, user.id, role),
                             _("Đã đổi vai trò của {user}", user=user.username))

        choices = [(_(ROLE_LABELS[r]), r) for r in ROLES]
        self.app.push_screen(ChoiceDialog(_("Vai trò mới cho {user}:", user=user.username), choices, user.role), done)

    def _change(self, change: Callable[[Any, Any], object], done_text: str) -> None:
        self._run_change(change, done_text)

    @work(thread=True, group="users-change")
    def _run_change(self, change: Callable[[Any, Any], object], done_text: str) -> None:
        actor = self.context.require_user()
        try:
            self.context.database.run(lambda s: change(s, actor))
        except KioskError as exc:
            self.post_message(self.ChangeFinished(f"[{exc.code}] {exc.message}", False))
            return
        self.post_message(self.ChangeFinished(done_text, True))

    def on_users_mode_change_finished(self, event: ChangeFinished) -> None:
        """Say what happened and show the new state."""
        label = self.query_one("#users-status", Label)
        label.update(event.text)
        label.set_class(not event.ok, "-error")
        self.notify(event.text, severity="information" if event.ok else "error", markup=False)
        if event.ok:
            self.reload()
