"""Errors with stable codes that consoles, CLIs and logs show."""

from __future__ import annotations


class KioskError(Exception):
    """Base error: a stable machine code plus a human-readable message.

    Codes look like ``DB-001`` or ``PRN-010``: a package prefix and a number that
    never changes meaning, so staff can quote them and logs can be searched.

    Args:
        code: Stable error code.
        message: Human-readable message (already translated when shown to a person).
    """

    code: str = "GEN-000"

    def __init__(self, message: str, code: str | None = None) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code
        self.message = message

    def __str__(self) -> str:
        return f"[{self.code}] {self.message}"


class ConfigError(KioskError):
    """A setting is missing or invalid; the message names the file/variable and key."""

    code = "CFG-001"
