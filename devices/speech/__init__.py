"""Spoken guidance: a :class:`Speaker` protocol, the offline espeak-ng speaker and a fake for tests.

``open_speaker(command="espeak-ng", out_dir=...)`` gives a speaker whose ``state`` says whether it can be
heard: ``ok``, ``no_engine`` (espeak-ng missing: nothing is said, nothing raises) or ``no_audio_device``
(the WAV is made and kept, nothing plays). ``say(text)`` never blocks and cancels what is still playing.
"""

from __future__ import annotations

from devices.speech.audio import find_player, wav_seconds
from devices.speech.base import Speaker, SpeechState, Utterance, clean_text
from devices.speech.espeak import EspeakSpeaker
from devices.speech.fake import FakeSpeaker

__all__ = [
    "EspeakSpeaker",
    "FakeSpeaker",
    "Speaker",
    "SpeechState",
    "Utterance",
    "clean_text",
    "find_player",
    "open_speaker",
    "wav_seconds",
]


def open_speaker(command: str = "espeak-ng", **options: object) -> EspeakSpeaker:
    """Return the espeak-ng speaker (see :class:`EspeakSpeaker` for ``options``); never raises for a missing engine."""
    return EspeakSpeaker(command, **options)  # type: ignore[arg-type]
