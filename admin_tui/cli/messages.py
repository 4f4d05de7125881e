"""Messages of ``kiosk-admin``'s scripting commands: Vietnamese source, English catalogue (domain ``admin``).

The sign-in refusals reuse the console's own words where it has them (``[ACC-020]``, ``[ACC-021]``: the
English for those is registered by ``admin_tui.messages.shell``, imported here).
"""

from __future__ import annotations

from admin_tui.messages import _  # noqa: F401  (re-exported: the CLI modules translate with it)
from core.i18n import register_catalogue

ENGLISH: dict[str, str] = {
    # sign-in (admin_tui.cli.signin)
    "Lệnh này cần một quản trị viên đăng nhập: chạy `kiosk-admin login`, hoặc thêm --user TÊN "
    "--password-stdin (mật khẩu ở dòng đầu của stdin)":
        "This command needs a signed-in administrator: run `kiosk-admin login`, or add --user NAME "
        "--password-stdin (the password on the first line of stdin)",
    "Phiên đăng nhập dòng lệnh đã hết hạn lúc {at}; chạy lại `kiosk-admin login`":
        "The command-line session expired at {at}; run `kiosk-admin login` again",
    "Phiên đăng nhập dòng lệnh không hợp lệ ({why}); chạy lại `kiosk-admin login`":
        "The command-line session is not valid ({why}); run `kiosk-admin login` again",
    "tệp bị sửa hoặc hỏng": "the file was edited or is damaged",
    "phiên của máy khác, người dùng hệ thống khác hoặc cơ sở dữ liệu khác":
        "a session of another machine, operating-system user or database",
    "mật khẩu đã đổi hoặc phiên đã bị đăng xuất": "the password changed or the session was signed out",
    "tài khoản không còn hoạt động": "the account is no longer active",
    "Tệp phiên {path} cho phép người khác đọc hoặc không thuộc về bạn; đã bỏ qua. Xoá nó rồi đăng nhập lại":
        "The session file {path} is readable by others or not yours; it was ignored. Delete it and sign in again",
    "Chỉ quản trị viên được dùng lệnh này ({user} có vai trò {role})":
        "Only an administrator may use this command ({user} has the role {role})",
    "--actor {actor} khác người đang đăng nhập ({user}); bỏ --actor (đã lỗi thời), nhật ký ghi người đăng nhập":
        "--actor {actor} is not the signed-in user ({user}); drop --actor (deprecated): the audit names who signed in",
    "Chưa có quản trị viên: tài khoản đầu tiên phải là quản trị viên (--role admin)":
        "There is no administrator yet: the first account must be an administrator (--role admin)",
    "Cần tên đăng nhập: thêm --user TÊN": "A user name is needed: add --user NAME",
    "Không có mật khẩu ở stdin": "No password on stdin",
    "Tên đăng nhập: ": "User name: ",
    "Mật khẩu: ": "Password: ",
    "Đã đăng nhập {user} trên máy này đến {until} ({minutes} phút)":
        "Signed in as {user} on this machine until {until} ({minutes} minutes)",
    "Đã đăng xuất {user}": "Signed out {user}",
    "Đã xoá tệp phiên; không xác nhận được với cơ sở dữ liệu": "The session file was deleted; the database was not told",
    "Không có phiên đăng nhập dòng lệnh nào trên máy này": "There is no command-line session on this machine",
    "Chưa có quản trị viên: tạo tài khoản đầu tiên bằng `kiosk-admin users add TÊN --role admin`":
        "There is no administrator yet: create the first account with `kiosk-admin users add NAME --role admin`",
    # users
    "{prompt} (nhập lại): ": "{prompt} (again): ",
    "Hai lần nhập {what} không giống nhau": "The two {what} entries differ",
    "Chưa nhập {what}": "No {what} given",
    "Mật khẩu mới của {user}": "New password for {user}",
    "Mã PIN": "PIN",
    " (có mã PIN)": " (with a PIN)",
    "Vai trò '{role}' không hợp lệ; chọn admin, agent hoặc technician":
        "Unknown role '{role}'; choose admin, agent or technician",
    "Không có người dùng '{user}'": "No user '{user}'",
    # catalogue import
    "{n} lỗi; chưa nhập gì": "errors: {n}; nothing was imported",
    "… và {n} lỗi nữa": "… and {n} more errors",
}

register_catalogue("admin", ENGLISH)
