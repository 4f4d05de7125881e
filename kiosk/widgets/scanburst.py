"""Tell a handheld scanner (a keyboard that types a whole code in a burst) from a person typing."""

from __future__ import annotations

from textual.message import Message

from devices.scanner import ScanDetector


class ScanReceived(Message):
    """A handheld scanner typed a whole code; the app routes it to the current screen.

    Attributes:
        text: The scanned text (NFC, as typed by the scanner, without the final Enter).
    """

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


class ScanBurst:
    """The app's view of :class:`devices.scanner.ScanDetector`: keys pass through, scans are reported.

    The detector decides by speed; the kiosk does not hold keys back (a person's typing reaches the
    focused widget at once), and when a burst turns out to be a scan the app removes what it typed.

    Args:
        max_gap_s: Largest gap between two keys of one scan (people type slower than ~80 ms).
        min_length: Shortest text that counts as a scan.
    """

    def __init__(self, max_gap_s: float = 0.035, min_length: int = 4) -> None:
        self.detector = ScanDetector(max_interval_s=max_gap_s, min_length=min_length)

    @property
    def max_gap_s(self) -> float:
        """Largest gap between two keys of one scan (tests widen it: Pilot is slower than a scanner)."""
        return self.detector.max_interval_s

    @max_gap_s.setter
    def max_gap_s(self, value: float) -> None:
        self.detector.max_interval_s = value

    def feed(self, character: str | None, key: str, now: float) -> str | None:
        """Feed one key event; return the scanned text when Enter ends a fast burst, else None.

        Args:
            character: The printable character of the key, or None.
            key: Textual key name (``enter`` ends a burst).
            now: Monotonic time of the event in seconds.
        """
        if key == "enter":
            events = self.detector.feed("enter", now)
        elif character is None or not character.isprintable():
            self.reset(now)
            return None
        else:
            events = self.detector.feed(character, now)
        scans = [e.text for e in events if e.kind == "scan"]
        return scans[-1] if scans else None

    def reset(self, now: float = 0.0) -> None:
        """Forget the current burst (a non-character key such as Tab or an arrow)."""
        self.detector.flush(now + self.detector.max_interval_s + 1.0)
