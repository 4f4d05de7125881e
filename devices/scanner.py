"""Telling a keyboard-wedge handheld scanner from a person typing, by the speed of the key burst."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from core.text import nfc

ENTER_KEYS = frozenset({"\n", "\r", "enter", "Enter", "return", "Return"})


@dataclass(frozen=True)
class ScanEvent:
    """What the detector decided about buffered keys.

    Attributes:
        kind: ``"scan"`` (``text`` is the scanned payload, NFC, without the Enter) or ``"keys"``
            (``text`` are ordinary keystrokes to hand to the UI, in order; ``"\\n"`` stands for Enter).
        text: The scanned payload or the keys.
        timestamp: Time of the last key of the event.
    """

    kind: Literal["scan", "keys"]
    text: str
    timestamp: float


class ScanDetector:
    """Split a stream of ``(character, timestamp)`` key events into scans and ordinary keys.

    A scanner types its payload much faster than a person (5–15 ms per character) and ends it
    with Enter. Keys are held back while they arrive in a fast burst; a burst of at least
    ``min_length`` characters ended by Enter within ``max_interval_s`` is a scan. Anything slower
    is released as ordinary keys, including a digit a person typed just before a scan (the gap
    before the burst separates it). The UI calls :meth:`flush` from a timer so that held keys are
    released once the burst has stopped (after ``max_interval_s``).

    Args:
        max_interval_s: Largest gap between two keys of one scan (seconds).
        min_length: Fewest characters (before Enter) a scan has; shorter fast bursts are keys.
        max_length: A burst longer than this without Enter is released as keys.
    """

    def __init__(self, max_interval_s: float = 0.035, min_length: int = 4, max_length: int = 4096) -> None:
        if max_interval_s <= 0 or min_length < 1 or max_length < min_length:
            raise ValueError("max_interval_s must be > 0 and 1 <= min_length <= max_length")
        self.max_interval_s = max_interval_s
        self.min_length = min_length
        self.max_length = max_length
        self._burst: list[str] = []
        self._last: float | None = None

    @property
    def pending(self) -> str:
        """Keys currently held back while a possible scan is in progress."""
        return "".join(self._burst)

    def feed(self, char: str, timestamp: float) -> list[ScanEvent]:
        """Process one key event; return the events it completes (often none).

        Args:
            char: The character typed, or an Enter key (``"\\n"``, ``"\\r"``, ``"enter"``).
            timestamp: Monotonic time of the key in seconds.
        """
        events = self.flush(timestamp)
        self._last = timestamp
        if char in ENTER_KEYS:
            if len(self._burst) >= self.min_length:
                events.append(ScanEvent("scan", nfc("".join(self._burst)), timestamp))
            else:
                events.append(ScanEvent("keys", "".join(self._burst) + "\n", timestamp))
            self._reset()
            return events
        self._burst.append(char)
        if len(self._burst) > self.max_length:
            events.append(ScanEvent("keys", "".join(self._burst), timestamp))
            self._reset()
        return events

    def flush(self, now: float) -> list[ScanEvent]:
        """Release held keys as ordinary keys when no key came within ``max_interval_s`` of ``now``.

        Args:
            now: Current monotonic time (seconds), or the time of a new key.
        """
        if not self._burst or self._last is None or now - self._last <= self.max_interval_s:
            return []
        keys = "".join(self._burst)
        self._reset()
        return [ScanEvent("keys", keys, self._last)]

    def _reset(self) -> None:
        self._burst = []
