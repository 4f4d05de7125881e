"""What every speaker offers: the :class:`Speaker` protocol, its states, and the text it accepts."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol, runtime_checkable

from core.text import sanitize

#: Longest text spoken at once: an instruction is one or two sentences; more is cut, never queued.
MAX_CHARS = 400


class SpeechState(StrEnum):
    """Whether a speaker can be heard."""

    OK = "ok"
    NO_ENGINE = "no_engine"  # the speech engine is not installed: nothing is said
    NO_AUDIO_DEVICE = "no_audio_device"  # the audio is made (WAV kept) but there is nothing to play it on


@dataclass(frozen=True)
class Utterance:
    """One request to speak.

    Attributes:
        text: Clean text (NFC, no control characters).
        language: Voice language (``vi`` or ``en``).
    """

    text: str
    language: str = "vi"


@runtime_checkable
class Speaker(Protocol):
    """Something that says short instructions aloud without blocking its caller."""

    @property
    def state(self) -> SpeechState:
        """Whether what is said can be heard (see :class:`SpeechState`)."""
        ...

    def say(self, text: str, language: str = "vi") -> None:
        """Start saying ``text``; whatever is still being said stops first. Returns at once."""
        ...

    def stop(self) -> None:
        """Stop what is being said (nothing if silent)."""
        ...

    def close(self) -> None:
        """Stop and release the speaker's thread and processes."""
        ...


def clean_text(text: str) -> str:
    """Return ``text`` as it may be spoken: NFC, without control characters, one line, at most :data:`MAX_CHARS`."""
    return sanitize(str(text))[:MAX_CHARS]
