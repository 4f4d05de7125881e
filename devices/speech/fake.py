"""A speaker that records what it was asked to say (tests, and kiosks that must stay silent)."""

from __future__ import annotations

from dataclasses import dataclass, field

from devices.speech.base import SpeechState, Utterance, clean_text


@dataclass
class FakeSpeaker:
    """Records every request instead of speaking, like a fake printer beside the real transports.

    Attributes:
        state: The state it reports (tests may set ``no_engine`` or ``no_audio_device``).
        utterances: Every request, cleaned as the real speaker cleans it, in order.
        stops: How many times :meth:`stop` was called.
        closed: True once :meth:`close` was called.
    """

    state: SpeechState = SpeechState.OK
    utterances: list[Utterance] = field(default_factory=list)
    stops: int = 0
    closed: bool = False

    @property
    def said(self) -> list[str]:
        """The texts asked for, in order."""
        return [u.text for u in self.utterances]

    def say(self, text: str, language: str = "vi") -> None:
        """Record ``text`` (empty text is ignored, as the real speaker ignores it)."""
        text = clean_text(text)
        if text:
            self.utterances.append(Utterance(text, language))

    def stop(self) -> None:
        """Count the stop."""
        self.stops += 1

    def close(self) -> None:
        """Remember that the owner let go of it."""
        self.closed = True

    def clear(self) -> None:
        """Forget what was recorded."""
        self.utterances.clear()
        self.stops = 0
