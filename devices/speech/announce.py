"""Queue calls said aloud: the words (how numbers are read), a chime, and one call after another, never cut off."""

from __future__ import annotations

import logging
import math
import queue
import re
import threading
import wave
from pathlib import Path
from typing import Any

import numpy as np

from devices.speech.audio import find_player
from devices.speech.base import clean_text

log = logging.getLogger(__name__)

DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
#: Vietnamese names of the letters, as staff and citizens spell a ticket prefix aloud ("HT" → "hát tê").
LETTERS = {
    "A": "a", "B": "bê", "C": "xê", "D": "dê", "Đ": "đê", "E": "e", "F": "ép", "G": "giê", "H": "hát", "I": "i",
    "J": "gi", "K": "ca", "L": "e lờ", "M": "em mờ", "N": "en nờ", "O": "o", "P": "pê", "Q": "quy", "R": "e rờ",
    "S": "ét xì", "T": "tê", "U": "u", "V": "vê", "W": "vê kép", "X": "ích xì", "Y": "i dài", "Z": "dét",
}


def number_words(n: int) -> str:
    """Read 0–999 as a Vietnamese number ("hai mươi mốt", "một trăm linh năm")."""
    if not 0 <= n <= 999:
        return " ".join(DIGITS[int(d)] for d in str(abs(n)))
    if n < 10:
        return DIGITS[n]
    if n < 100:
        tens, unit = divmod(n, 10)
        head = "mười" if tens == 1 else f"{DIGITS[tens]} mươi"
        if unit == 0:
            return head
        if unit == 1 and tens > 1:
            return f"{head} mốt"
        if unit == 5:
            return f"{head} lăm"
        if unit == 4 and tens > 1:
            return f"{head} tư"
        return f"{head} {DIGITS[unit]}"
    hundreds, rest = divmod(n, 100)
    head = f"{DIGITS[hundreds]} trăm"
    if rest == 0:
        return head
    if rest < 10:
        return f"{head} linh {DIGITS[rest]}"
    return f"{head} {number_words(rest)}"


def ticket_words(number: str) -> str:
    """Read a ticket number the way it is printed: letters by name, then each digit ("HT-004" → "hát tê, không không bốn").

    Digit by digit, not as a quantity: the citizen compares the sound with the digits on the slip, and "bốn"
    alone would not match "004"; a zero is "không", never dropped.
    """
    letters = [LETTERS.get(ch, ch.lower()) for ch in re.sub(r"[^A-ZĐ]", "", number.upper())]
    digits = [DIGITS[int(d)] for d in re.sub(r"\D", "", number)]
    return ", ".join(part for part in (" ".join(letters), " ".join(digits)) if part)


def counter_words(counter: str) -> str:
    """Read a counter label: its number as a quantity ("Quầy 12" → "quầy số mười hai"); other labels as written."""
    found = re.search(r"\d+", counter or "")
    if not found:
        return clean_text(counter or "").lower() or "quầy"
    return f"quầy số {number_words(int(found.group()))}"


def call_words(number: str, counter: str) -> str:
    """The sentence a call board says: "Mời khách hàng số hát tê, không không bốn, đến quầy số hai"."""
    return f"Mời khách hàng số {ticket_words(number)}, đến {counter_words(counter)}."


def write_chime(path: Path, rate: int = 22050) -> Path:
    """A soft two-note chime (ding-dong, 0.9 s) as a 16-bit mono WAV at ``rate``."""
    samples = _chime(rate)
    _write(path, samples, rate)
    return path


def _chime(rate: int) -> np.ndarray:
    out = []
    for freq, seconds in ((880.0, 0.4), (660.0, 0.5)):
        t = np.arange(int(rate * seconds)) / rate
        envelope = np.exp(-3.5 * t)
        out.append(0.45 * envelope * np.sin(2 * math.pi * freq * t))
    return (np.concatenate(out) * 32767).astype("<i2")


def _write(path: Path, samples: np.ndarray, rate: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(samples.astype("<i2").tobytes())


def with_chime(speech: Path, out: Path) -> Path:
    """Write the chime followed by ``speech`` (a 16-bit mono WAV, as espeak-ng makes) into ``out``."""
    with wave.open(str(speech), "rb") as wav:
        rate, width, channels = wav.getframerate(), wav.getsampwidth(), wav.getnchannels()
        frames = wav.readframes(wav.getnframes())
    if width != 2 or channels != 1:
        raise ValueError("speech must be 16-bit mono")
    voice = np.frombuffer(frames, dtype="<i2")
    gap = np.zeros(int(rate * 0.15), dtype="<i2")
    _write(out, np.concatenate([_chime(rate), gap, voice]), rate)
    return out


class Announcer:
    """Says queue calls one after another on a background thread (a new call never cuts off the last one).

    Args:
        speaker: An ``EspeakSpeaker`` (its ``synthesise``) or anything with that method; None: words only.
        folder: Where the announcement WAVs are written.
        player: Command that plays a WAV (default: found on this machine; None when there is no audio).
        max_waiting: Calls kept when they come faster than they can be said (the oldest are dropped).
    """

    def __init__(self, speaker: Any, folder: Path, *, player: tuple[str, ...] | None | bool = True,
                 max_waiting: int = 8) -> None:
        self.speaker = speaker
        self.folder = Path(folder)
        self.player = find_player() if player is True else (player or None)
        self.said: list[str] = []  # the words of every call made (tests, and the board's log line)
        self.last_wav: Path | None = None
        self._queue: queue.Queue[str | None] = queue.Queue(maxsize=max_waiting)
        self._thread = threading.Thread(target=self._run, name="announcer", daemon=True)
        self._thread.start()

    def announce(self, number: str, counter: str) -> str:
        """Queue the call of ``number`` to ``counter``; return the words that will be said."""
        words = call_words(number, counter)
        try:
            self._queue.put_nowait(words)
        except queue.Full:
            try:
                self._queue.get_nowait()  # a flood of calls: the oldest unsaid one goes
            except queue.Empty:
                pass
            self._queue.put_nowait(words)
        return words

    def wait_idle(self, timeout: float = 15.0) -> bool:
        """Block until every queued call was said (tests)."""
        done = threading.Event()
        threading.Thread(target=lambda: (self._queue.join(), done.set()), daemon=True).start()
        return done.wait(timeout)

    def close(self) -> None:
        """Stop after the calls already queued."""
        self._queue.put(None)

    def _run(self) -> None:
        import subprocess  # noqa: PLC0415

        while True:
            words = self._queue.get()
            try:
                if words is None:
                    return
                self.said.append(words)
                wav = self._make(words)
                if wav is not None and self.player:
                    subprocess.run([*self.player, str(wav)], check=False, timeout=30,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            except Exception as exc:  # noqa: BLE001 - a failed announcement never stops the board
                log.warning("SPK-010 call not announced: %s", type(exc).__name__)
            finally:
                self._queue.task_done()

    def _make(self, words: str) -> Path | None:
        if self.speaker is None:
            return None
        speech = self.speaker.synthesise(words, "vi", self.folder / "call-speech.wav")
        if speech is None:
            return None
        self.last_wav = with_chime(speech, self.folder / "call.wav")
        return self.last_wav
