"""The espeak-ng speaker: text → WAV with espeak-ng, played when the machine can, in one background thread.

The text goes to espeak-ng on standard input (never on the command line, where ``ps`` would show it).
A new utterance kills the process still synthesising or playing the previous one, so speech never queues
up behind a citizen who taps faster than the kiosk talks. Without an audio output the WAV is still made
and kept (``last_wav``): tests and staff can check the audio without hearing it.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import tempfile
import threading
import time
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from devices.speech.audio import find_player, wav_seconds
from devices.speech.base import SpeechState, Utterance, clean_text

log = logging.getLogger(__name__)

#: espeak-ng voice for each kiosk language (others are passed as they are).
VOICES = {"vi": "vi", "en": "en"}
#: Words per minute: slower than espeak-ng's 175, for elderly listeners.
DEFAULT_RATE = 150
#: Bytes of a WAV header: a file no longer than this holds no sound.
WAV_HEADER = 44


@dataclass(frozen=True)
class Spoken:
    """What became of one utterance (``EspeakSpeaker.recent``, for diagnosis and tests).

    Attributes:
        utterance: What was asked.
        outcome: ``played``, ``kept`` (made, no audio output), ``cancelled`` (a newer one came) or ``failed``.
        synth_s: Seconds the synthesis took.
    """

    utterance: Utterance
    outcome: str
    synth_s: float


class EspeakSpeaker:
    """Says short instructions with espeak-ng, never blocking the caller.

    Args:
        command: The engine's executable (name or path).
        player: Command that plays a WAV (its path is appended), e.g. ``("aplay", "-q")``; None finds one
            (:func:`devices.speech.audio.find_player`); an empty sequence never plays (the WAV is kept).
        out_dir: Folder for the last utterance's WAV (default: a private temporary folder).
        rate: Words per minute (espeak-ng ``-s``).
        timeout_s: Longest a synthesis may take before it is killed.
        path: PATH searched for the engine and the player (default: the process's).

    Attributes:
        state: ``ok``, ``no_engine`` or ``no_audio_device`` (see :class:`~devices.speech.base.SpeechState`).
        last_wav: The last WAV made, or None.
        recent: The last utterances' outcomes (:class:`Spoken`), oldest first.
    """

    def __init__(self, command: str = "espeak-ng", *, player: Sequence[str] | None = None,
                 out_dir: str | Path | None = None, rate: int = DEFAULT_RATE, timeout_s: float = 10.0,
                 path: str | None = None) -> None:
        self.command = command
        self.rate = rate
        self.timeout_s = timeout_s
        self._path = path
        self._player_option = None if player is None else tuple(player)
        self._out_dir = Path(out_dir) if out_dir else None
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        self._pending: Utterance | None = None
        self._generation = 0  # bumped by every say/stop: work of an older generation is abandoned
        self._proc: subprocess.Popen[bytes] | None = None
        self._busy = False
        self._closed = False
        self._thread: threading.Thread | None = None
        self._state: SpeechState | None = None
        self.engine: str | None = None
        self.player: tuple[str, ...] | None = None
        self.last_wav: Path | None = None
        self.recent: deque[Spoken] = deque(maxlen=20)
        self.refresh()

    # --- state -------------------------------------------------------------------------------

    @property
    def state(self) -> SpeechState:
        """Whether what is said can be heard."""
        return self._state or SpeechState.NO_ENGINE

    def refresh(self) -> SpeechState:
        """Look for the engine and an audio output again (e.g. after a speaker was plugged in)."""
        self.engine = shutil.which(self.command, path=self._path)
        if self._player_option is None:
            self.player = find_player(self._path)
        elif self._player_option:
            found = shutil.which(self._player_option[0], path=self._path)
            self.player = (found, *self._player_option[1:]) if found else None
        else:
            self.player = None
        if self.engine is None:
            self._set_state(SpeechState.NO_ENGINE)
        else:
            self._set_state(SpeechState.OK if self.player else SpeechState.NO_AUDIO_DEVICE)
        return self.state

    def _set_state(self, state: SpeechState) -> None:
        if state == self._state:
            return
        self._state = state
        if state is SpeechState.NO_ENGINE:
            log.warning("SPK-001 speech engine %r not found: voice guidance stays silent", self.command)
        elif state is SpeechState.NO_AUDIO_DEVICE:
            log.warning("SPK-002 no audio output: speech is made and kept as a WAV, not played")

    # --- speaking ----------------------------------------------------------------------------

    def say(self, text: str, language: str = "vi") -> None:
        """Start saying ``text`` in the background; what is still being said stops first."""
        text = clean_text(text)
        with self._changed:
            if self._closed:
                return
            self._cancel_locked()
            if not text or self.engine is None:
                return  # nothing to say, or no engine: a state, not an error
            self._pending = Utterance(text, language)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="speech", daemon=True)
                self._thread.start()
            self._changed.notify_all()

    def stop(self) -> None:
        """Stop what is being said and forget what was about to be."""
        with self._changed:
            self._cancel_locked()
            self._changed.notify_all()

    def close(self) -> None:
        """Stop speaking and end the background thread."""
        with self._changed:
            self._closed = True
            self._cancel_locked()
            self._changed.notify_all()
            thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=2.0)

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """Block until nothing is being made or played; return False when ``timeout`` passed first."""
        with self._changed:
            return self._changed.wait_for(lambda: self._pending is None and not self._busy, timeout)

    def synthesise(self, text: str, language: str = "vi", wav: str | Path | None = None) -> Path | None:
        """Make the WAV for ``text`` now (blocking) and return its path; None without an engine or on failure."""
        text = clean_text(text)
        if not text or self.engine is None:
            return None
        with self._lock:
            generation = self._generation
        return self._synthesise(Utterance(text, language), generation, Path(wav) if wav else None)

    # --- the background thread ----------------------------------------------------------------

    def _cancel_locked(self) -> None:
        self._generation += 1
        self._pending = None
        if self._proc is not None and self._proc.poll() is None:
            self._proc.kill()  # the worker waiting on it sees it end and drops the utterance

    def _run(self) -> None:
        while True:
            with self._changed:
                self._busy = False
                self._changed.notify_all()
                self._changed.wait_for(lambda: self._pending is not None or self._closed)
                if self._closed:
                    return
                utterance, self._pending = self._pending, None
                generation, self._busy = self._generation, True
            try:
                self._speak(utterance, generation)  # type: ignore[arg-type]
            except Exception as exc:  # noqa: BLE001 - speech is optional: it never takes the kiosk down
                log.warning("SPK-009 speech failed: %s", type(exc).__name__)

    def _speak(self, utterance: Utterance, generation: int) -> None:
        started = time.monotonic()
        wav = self._synthesise(utterance, generation)
        synth_s = time.monotonic() - started
        if wav is None:
            self._note(utterance, "failed" if self._current(generation) else "cancelled", synth_s)
            return
        self.last_wav = wav
        if not self.player:
            self._note(utterance, "kept", synth_s)
            return
        code = self._run_process((*self.player, str(wav)), generation, timeout=wav_seconds(wav) + 5.0)
        if not self._current(generation):
            self._note(utterance, "cancelled", synth_s)
        elif code == 0:
            self._note(utterance, "played", synth_s)
        else:
            log.warning("SPK-003 audio player %s failed (exit %s)", Path(self.player[0]).name, code)
            self._set_state(SpeechState.NO_AUDIO_DEVICE)
            self._note(utterance, "kept", synth_s)

    def _synthesise(self, utterance: Utterance, generation: int, wav: Path | None = None) -> Path | None:
        target = wav or self._wav_dir() / "utterance.wav"
        part = target.with_name(target.name + ".part")
        argv = (str(self.engine), "-v", VOICES.get(utterance.language, utterance.language), "-s", str(self.rate),
                "-b", "1", "-w", str(part), "--stdin")
        code = self._run_process(argv, generation, timeout=self.timeout_s, stdin=utterance.text.encode("utf-8"))
        try:
            if code == 0 and part.stat().st_size > WAV_HEADER:
                os.replace(part, target)
                return target
        except OSError:
            pass
        part.unlink(missing_ok=True)
        return None

    def _run_process(self, argv: Sequence[str], generation: int, *, timeout: float,
                     stdin: bytes | None = None) -> int | None:
        """Run ``argv`` as the one current process unless cancelled; return its exit code (None: not run/stopped)."""
        name = Path(argv[0]).name
        if not self._current(generation):
            return None
        try:  # started outside the lock: say() from the UI thread never waits for a fork
            proc = subprocess.Popen(argv, stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        except OSError as exc:
            log.warning("SPK-004 could not start %s: %s", name, exc.strerror or type(exc).__name__)
            return None
        with self._lock:
            cancelled = generation != self._generation or self._closed
            if not cancelled:
                self._proc = proc
        if cancelled:  # a newer utterance came while it started
            proc.kill()
            proc.wait()
            return None
        try:
            if stdin is not None and proc.stdin is not None:
                try:
                    proc.stdin.write(stdin)
                    proc.stdin.close()
                except OSError:
                    pass  # killed meanwhile
            return proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            log.warning("SPK-005 %s took longer than %.0f s and was stopped", name, timeout)
            return None
        finally:
            with self._lock:
                if self._proc is proc:
                    self._proc = None

    def _current(self, generation: int) -> bool:
        with self._lock:
            return generation == self._generation

    def _note(self, utterance: Utterance, outcome: str, synth_s: float) -> None:
        self.recent.append(Spoken(utterance, outcome, synth_s))

    def _wav_dir(self) -> Path:
        if self._out_dir is None:
            self._out_dir = Path(tempfile.mkdtemp(prefix="kiosk-speech-"))
        self._out_dir.mkdir(parents=True, exist_ok=True)
        return self._out_dir
