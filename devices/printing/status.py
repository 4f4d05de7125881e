"""Printer status from the ESC/POS real-time requests DLE EOT 1-4 (Epson bit layout)."""

from __future__ import annotations

from dataclasses import asdict, dataclass

DLE_EOT = b"\x10\x04"
#: DLE EOT n for n = 1 (printer), 2 (offline cause), 3 (error cause), 4 (roll paper sensor).
STATUS_REQUESTS = {n: DLE_EOT + bytes((n,)) for n in (1, 2, 3, 4)}

PAPER_OK = "ok"
PAPER_NEAR_END = "near_end"
PAPER_OUT = "out"
PAPER_UNKNOWN = "unknown"
#: ``error`` of a printer that accepted the connection (TCP, USB) but answered no status request: hung,
#: or working without status (some emulators and clones). The two look the same from here, so
#: nothing sent to it can be confirmed.
NO_STATUS_ANSWER = "no status answer"

# Bit masks, Epson "DLE EOT" reference.
OFFLINE = 0x08  # n=1: printer is offline
COVER_OPEN = 0x04  # n=2: cover is open
PAPER_END_STOP = 0x20  # n=2: printing stopped because of paper end
ERROR_OCCURRED = 0x40  # n=2: an error occurred
CUTTER_ERROR = 0x08  # n=3: autocutter error
UNRECOVERABLE = 0x20  # n=3: unrecoverable error
AUTO_RECOVERABLE = 0x40  # n=3: auto-recoverable error (head too hot ...)
NEAR_END = 0x0C  # n=4: roll paper near-end sensor
PAPER_END = 0x60  # n=4: roll paper end sensor
FIXED_BITS = 0x12  # bits 1 and 4 are always 1; bits 0 and 7 always 0


@dataclass(frozen=True)
class PrinterStatus:
    """What the printer says about itself.

    Attributes:
        online: The printer answered (or, for write-only transports, could be opened).
        paper: ``ok``, ``near_end``, ``out`` or ``unknown`` (transport cannot read).
        cover_open: True/False, or None when unknown.
        error: A short reason when something is wrong, else None.
    """

    online: bool
    paper: str = PAPER_UNKNOWN
    cover_open: bool | None = None
    error: str | None = None

    def to_dict(self) -> dict:
        """Return the stable JSON shape ``{"online", "paper", "cover_open", "error"}``."""
        return asdict(self)

    @property
    def ready(self) -> bool:
        """True when a job can be sent now (online, paper not out, cover not open, no error)."""
        return self.online and self.paper != PAPER_OUT and not self.cover_open and self.error is None

    @property
    def unconfirmed(self) -> bool:
        """True when the printer is reachable but answers no status, so nothing it prints is confirmed."""
        return self.error == NO_STATUS_ANSWER


def valid_status_byte(value: int | None) -> bool:
    """Tell a real DLE EOT answer (bits 1 and 4 set, bits 0 and 7 clear) from noise."""
    return value is not None and (value & 0x93) == FIXED_BITS


def decode_status(s1: int | None, s2: int | None, s3: int | None, s4: int | None) -> PrinterStatus:
    """Combine the answers to DLE EOT 1-4 into a :class:`PrinterStatus`.

    Args:
        s1: Answer to DLE EOT 1 (printer status), or None if the printer did not answer.
        s2: Answer to DLE EOT 2 (offline cause), or None.
        s3: Answer to DLE EOT 3 (error cause), or None.
        s4: Answer to DLE EOT 4 (roll paper sensor), or None.
    """
    if not valid_status_byte(s1):
        return PrinterStatus(online=False, paper=PAPER_UNKNOWN, error="no answer")
    paper = PAPER_UNKNOWN
    if valid_status_byte(s4):
        paper = PAPER_OUT if s4 & PAPER_END else PAPER_NEAR_END if s4 & NEAR_END else PAPER_OK
    cover = bool(s2 & COVER_OPEN) if valid_status_byte(s2) else None
    if valid_status_byte(s2) and s2 & PAPER_END_STOP:
        paper = PAPER_OUT
    error = None
    if cover:
        error = "cover open"
    elif paper == PAPER_OUT:
        error = "paper out"
    elif valid_status_byte(s3) and s3 & (CUTTER_ERROR | UNRECOVERABLE | AUTO_RECOVERABLE):
        error = "cutter error" if s3 & CUTTER_ERROR else "unrecoverable error" if s3 & UNRECOVERABLE else "recoverable error"
    elif s1 & OFFLINE:
        error = "offline"
    return PrinterStatus(online=True, paper=paper, cover_open=cover, error=error)


def encode_status(*, offline: bool = False, cover_open: bool = False, paper: str = PAPER_OK,
                  cutter_error: bool = False) -> dict[int, int]:
    """Return the bytes an Epson printer answers to DLE EOT 1-4 in a given state (used by the virtual printer)."""
    out = paper == PAPER_OUT
    offline = offline or out or cover_open or cutter_error
    s1 = FIXED_BITS | (OFFLINE if offline else 0)
    s2 = FIXED_BITS | (COVER_OPEN if cover_open else 0) | (PAPER_END_STOP if out else 0)
    s2 |= ERROR_OCCURRED if cutter_error else 0
    s3 = FIXED_BITS | (CUTTER_ERROR if cutter_error else 0)
    # An empty roll has passed the near-end sensor too: a real printer sets both pairs (0x7E).
    s4 = FIXED_BITS | (PAPER_END | NEAR_END if out else NEAR_END if paper == PAPER_NEAR_END else 0)
    return {1: s1, 2: s2, 3: s3, 4: s4}
