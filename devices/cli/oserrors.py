"""Operating-system errors as plain words with a stable code, never a Python class name.

``kiosk-devices`` hands :func:`os_error` to ``core.cli.run_cli(known_errors=)``, so an ``OSError`` that
escapes a command becomes ``error: [GEN-11x] <Vietnamese text>``; :func:`plain_reason` rewrites a device
layer message that is only a class name (``ConnectionRefusedError``) the same way.

Codes: GEN-110 connection refused, 111 connection lost, 112 timed out, 113 not found, 114 permission
denied, 115 address in use, 116 disk full, 117 host or network unreachable, 119 other system error.
"""

from __future__ import annotations

import builtins
import errno

from core.errors import KioskError
from core.i18n import register_catalogue, translator

_ = translator("devices")

#: (exception class, errno values) -> (code, Vietnamese text); the first match wins.
_FAMILIES: tuple[tuple[type[OSError], frozenset[int], str, str], ...] = (
    (ConnectionRefusedError, frozenset({errno.ECONNREFUSED}), "GEN-110",
     "thiết bị từ chối kết nối (chưa bật, sai địa chỉ hoặc cổng)"),
    (ConnectionError, frozenset({errno.ECONNRESET, errno.ECONNABORTED, errno.EPIPE}), "GEN-111",
     "kết nối bị ngắt giữa chừng"),
    (TimeoutError, frozenset({errno.ETIMEDOUT}), "GEN-112", "thiết bị không trả lời kịp"),
    (FileNotFoundError, frozenset({errno.ENOENT, errno.ENODEV, errno.ENXIO}), "GEN-113",
     "không tìm thấy tệp hoặc thiết bị"),
    (PermissionError, frozenset({errno.EACCES, errno.EPERM}), "GEN-114",
     "không có quyền truy cập (kiểm tra quyền của người dùng dịch vụ)"),
    (OSError, frozenset({errno.EADDRINUSE}), "GEN-115", "cổng đang được chương trình khác dùng"),
    (OSError, frozenset({errno.ENOSPC, errno.EDQUOT}), "GEN-116", "ổ đĩa đã đầy"),
    (OSError, frozenset({errno.EHOSTUNREACH, errno.ENETUNREACH, errno.EHOSTDOWN, errno.ENETDOWN}), "GEN-117",
     "không tới được máy hoặc mạng đó"),
)
OTHER = ("GEN-119", "lỗi hệ thống")

register_catalogue("devices", {
    "thiết bị từ chối kết nối (chưa bật, sai địa chỉ hoặc cổng)":
        "the device refused the connection (off, or a wrong address or port)",
    "kết nối bị ngắt giữa chừng": "the connection was cut off",
    "thiết bị không trả lời kịp": "the device did not answer in time",
    "không tìm thấy tệp hoặc thiết bị": "file or device not found",
    "không có quyền truy cập (kiểm tra quyền của người dùng dịch vụ)":
        "permission denied (check the service user's rights)",
    "cổng đang được chương trình khác dùng": "the port is in use by another program",
    "ổ đĩa đã đầy": "the disk is full",
    "không tới được máy hoặc mạng đó": "that host or network cannot be reached",
    "lỗi hệ thống": "system error",
})


class SystemProblem(KioskError):
    """An operating-system error in words (GEN-110..119)."""

    code = "GEN-119"


def describe(exc: OSError) -> tuple[str, str]:
    """``(code, translated text)`` of an ``OSError`` (its family, else its errno, else "lỗi hệ thống")."""
    for cls, numbers, code, text in _FAMILIES:
        if (cls is not OSError and isinstance(exc, cls)) or exc.errno in numbers:
            return code, _(text)
    return OTHER[0], _(OTHER[1])


def os_error(exc: BaseException) -> KioskError | None:
    """The coded error an escaped ``OSError`` stands for (``run_cli``'s ``known_errors``); None for others."""
    if not isinstance(exc, OSError):
        return None
    code, text = describe(exc)
    where = getattr(exc, "filename", None)
    return SystemProblem(f"{text}: {where}" if where else text, code=code)


def plain_reason(message: str) -> str:
    """``message`` with a bare exception class name (``ConnectionRefusedError``) replaced by words and a code."""
    word = (message or "").strip()
    cls = getattr(builtins, word, None)
    if isinstance(cls, type) and issubclass(cls, OSError):
        code, text = describe(cls())
        return f"{text} ({code})"
    return message
