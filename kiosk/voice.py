"""Voice guidance: when the kiosk speaks, what it says, and the citizen's mute.

Each screen may declare its main instruction with a method ``spoken_instruction() -> str`` (Vietnamese
source through ``kiosk.messages._``, so it is said in the kiosk's current language); screens without one
say nothing. The app calls :meth:`VoiceGuide.screen_changed` on every push, pop and switch (and screens on a
panel swap); once the stack has settled the new screen's instruction is said, unless it was the last thing
said for that same screen. Saying never blocks: the speaker works in its own thread and a new instruction
cuts the previous one short.

Voice guidance is on when the site's ``voice_guidance`` or ``Settings.voice_guidance`` is. The citizen's
mute lasts until the session ends (Home, finish, idle reset). Nothing is said when the kiosk starts or
after an idle reset: nobody is there to hear it.
"""

from __future__ import annotations

import logging
import weakref
from typing import Any

from textual.signal import Signal

from core.i18n import get_language
from devices.speech import Speaker, SpeechState

log = logging.getLogger(__name__)


def instruction_of(screen: Any) -> str:
    """Return what ``screen`` asks to be said when it opens ("" for a screen without an instruction)."""
    spoken = getattr(screen, "spoken_instruction", None)
    if not callable(spoken):
        return ""
    try:
        return str(spoken() or "")
    except Exception as exc:  # noqa: BLE001 - a screen's words are never worth an out-of-service screen
        log.warning("KIO-090 spoken instruction of %s failed: %s", type(screen).__name__, type(exc).__name__)
        return ""


def make_speaker(settings: Any) -> Speaker:
    """The real speaker for ``settings``: espeak-ng (``speech_command``), WAVs kept under ``data_dir/speech``."""
    from pathlib import Path

    from devices.speech import open_speaker

    return open_speaker(getattr(settings, "speech_command", "espeak-ng") or "espeak-ng",
                        out_dir=Path(settings.data_dir) / "speech")


class VoiceGuide:
    """The app's voice: speaks each new screen's instruction when voice guidance is on and not muted.

    Args:
        app: The kiosk app (``ctx.settings``, ``site``, ``screen``, ``call_later``).
        speaker: The speaker to use (tests pass a :class:`devices.speech.FakeSpeaker`); default: espeak-ng,
            made the first time something is to be said.

    Attributes:
        muted: The citizen turned the sound off (until the session ends).
        changed_signal: Published (with this guide) when ``enabled`` or ``muted`` may have changed; the
            header's ``#voice-toggle`` follows it.
    """

    def __init__(self, app: Any, speaker: Speaker | None = None) -> None:
        self._app = app
        self._speaker = speaker
        self.muted = False
        self.changed_signal: Signal[VoiceGuide] = Signal(app, "voice-changed")
        self._last: tuple[weakref.ref[Any] | None, str] = (None, "")
        self._quiet = True  # the first screen (start-up) is not announced

    # --- state -------------------------------------------------------------------------------

    @property
    def enabled(self) -> bool:
        """True when this kiosk speaks: the site's flag or the settings' flag."""
        settings = getattr(self._app.ctx, "settings", None)
        return bool(getattr(settings, "voice_guidance", False) or getattr(self._app.site, "voice_guidance", False))

    @property
    def available(self) -> bool:
        """True when voice guidance is on and its engine is installed (the sound button is shown then)."""
        return self.enabled and self.speaker.state != SpeechState.NO_ENGINE

    @property
    def speaker(self) -> Speaker:
        """The speaker (the real one is made on first use, so a silent kiosk starts no engine)."""
        if self._speaker is None:
            self._speaker = make_speaker(self._app.ctx.settings)
            log.info("voice guidance: speaker %s", self._speaker.state)
        return self._speaker

    @property
    def state(self) -> str:
        """``off`` when voice guidance is off, else the speaker's state (``ok``, ``no_engine``, ``no_audio_device``)."""
        return str(self.speaker.state) if self.enabled else "off"

    # --- events from the app -------------------------------------------------------------------

    def screen_changed(self) -> None:
        """The screen is changing: announce the new one once the stack has settled."""
        try:
            self._app.call_later(self.announce)
        except Exception:  # noqa: BLE001 - no running app (built outside ``run``): nothing to say
            return

    def announce(self, *, again: bool = False) -> None:
        """Say the current screen's instruction (unless just said for it, muted, or voice is off)."""
        try:
            screen = self._app.screen
        except Exception:  # noqa: BLE001 - no screen yet or any more
            return
        text = instruction_of(screen)
        quiet, self._quiet = self._quiet, False
        if not text:
            return  # e.g. a modal without words: what the screen below said stands
        last_screen, last_text = self._last
        same = last_screen is not None and last_screen() is screen and last_text == text
        self._last = (weakref.ref(screen), text)
        if quiet or (same and not again) or self.muted or not self.enabled:
            return
        self.speaker.say(text, get_language())

    def toggle_mute(self) -> None:
        """The citizen's sound button: mute (stop at once) or unmute (say the current instruction again)."""
        self.muted = not self.muted
        if self.muted:
            self._stop()
        else:
            self.announce(again=True)
        self.changed_signal.publish(self)

    def end_session(self, *, quiet: bool = False) -> None:
        """The citizen's session ended: the sound comes back on for the next person.

        Args:
            quiet: Nobody is there (idle reset): stop talking and do not announce the screen shown next.
        """
        was_muted, self.muted = self.muted, False
        if quiet:
            self._stop()
            self._quiet = True
            try:
                self._app.call_later(self.announce)  # runs after the pops: marks Welcome as said, silently
            except Exception:  # noqa: BLE001
                self._quiet = False
        if was_muted:
            self.changed_signal.publish(self)

    def close(self) -> None:
        """The app is closing: stop the speaker and its thread."""
        if self._speaker is not None:
            self._speaker.close()

    def _stop(self) -> None:
        if self._speaker is not None:
            self._speaker.stop()
