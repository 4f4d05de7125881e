"""Typed result of sending a job, with stable codes the print outbox can act on."""

from __future__ import annotations

from dataclasses import dataclass

from devices.printing.status import PrinterStatus

PRINTED = "printed"
#: The printer took the bytes but did not confirm them (answers no status, or went quiet after the job).
SENT = "sent"
PAPER_OUT = "paper_out"
COVER_OPEN = "cover_open"
OFFLINE = "offline"
TIMEOUT = "timeout"
ERROR = "error"

#: Outcome kind -> stable code. Numbers never change meaning.
CODES = {
    PRINTED: "PRN-000",
    PAPER_OUT: "PRN-011",
    COVER_OPEN: "PRN-012",
    OFFLINE: "PRN-013",
    TIMEOUT: "PRN-014",
    ERROR: "PRN-015",
    SENT: "PRN-016",
}


@dataclass(frozen=True)
class PrintOutcome:
    """What happened to one job.

    Attributes:
        kind: ``printed`` (the printer confirmed it), ``sent`` (the printer took it without confirming),
            ``paper_out``, ``cover_open``, ``offline``, ``timeout`` or ``error``.
        message: Short technical reason (for logs and the admin console; no personal data).
        status: The last status read: after the job when the printer answered then, else before it.
        bytes_sent: Bytes handed to the transport (0 unless the whole job was written).
        ms: Wall time of the attempt in milliseconds.
    """

    kind: str
    message: str = ""
    status: PrinterStatus | None = None
    bytes_sent: int = 0
    ms: float = 0.0

    @property
    def code(self) -> str:
        """Stable code (``PRN-000`` for printed)."""
        return CODES[self.kind]

    @property
    def ok(self) -> bool:
        """True when the printer confirmed the job (``printed``); ``sent`` is not ok."""
        return self.kind == PRINTED

    @property
    def retryable(self) -> bool:
        """True when the same job may be sent again later without risk of printing it twice.

        Only a job that never reached the printer: not ``printed`` or ``sent``, nor a fault the
        printer reported after taking the whole job (a person checks what came out).
        """
        return self.kind not in (PRINTED, SENT) and self.bytes_sent == 0

    def to_dict(self) -> dict:
        """Return a JSON-friendly dict (kind, code, message, status, bytes_sent, ms)."""
        return {
            "kind": self.kind,
            "code": self.code,
            "message": self.message,
            "status": self.status.to_dict() if self.status else None,
            "bytes_sent": self.bytes_sent,
            "ms": round(self.ms, 1),
        }
