"""devices.speech: espeak-ng makes real Vietnamese audio; a missing engine is a state; new speech cuts old."""

from __future__ import annotations

import array
import os
import shutil
import sys
import time
import wave
from pathlib import Path

import pytest

from devices.speech import (
    EspeakSpeaker,
    FakeSpeaker,
    Speaker,
    SpeechState,
    clean_text,
    find_player,
    open_speaker,
    wav_seconds,
)

needs_espeak = pytest.mark.skipif(
    shutil.which("espeak-ng") is None,
    reason="espeak-ng is not installed (apt-get install espeak-ng; `bash scripts/setup.sh --test` installs it)",
)

SENTENCE = "Xin mời Quý khách chọn thủ tục cần làm."


def _script(folder: Path, name: str, body: str) -> Path:
    """An executable shell script standing in for an engine or a player."""
    path = folder / name
    path.write_text("#!/bin/sh\n" + body + "\n")
    path.chmod(0o755)
    return path


def _fake_engine(folder: Path, stdin_to: str = "/dev/null") -> Path:
    """A stand-in for espeak-ng: reads the text from stdin (into ``stdin_to``), writes a 2000-byte "WAV" to ``-w``."""
    return _script(folder, "espeak-ng", 'while [ $# -gt 0 ]; do [ "$1" = -w ] && out=$2; shift; done\n'
                   f'cat > {stdin_to}; head -c 2000 /dev/zero > "$out"')


def _wait_for(predicate, timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.01)
    return False


def _rms(path: Path) -> float:
    with wave.open(str(path), "rb") as wav:
        assert wav.getsampwidth() == 2
        samples = array.array("h", wav.readframes(wav.getnframes()))
    return (sum(s * s for s in samples) / max(1, len(samples))) ** 0.5


# --- the real engine -------------------------------------------------------------------------------


@needs_espeak
def test_espeak_makes_a_vietnamese_wav_of_a_sentence(tmp_path):
    speaker = EspeakSpeaker(player=(), out_dir=tmp_path)
    wav = speaker.synthesise(SENTENCE, wav=tmp_path / "sentence.wav")
    assert wav == tmp_path / "sentence.wav"
    data = wav.read_bytes()
    assert len(data) > 1000 and data[:4] == b"RIFF" and data[8:12] == b"WAVE"
    assert wav_seconds(wav) > 0.3
    assert _rms(wav) > 100  # sound, not a silent file
    assert not list(tmp_path.glob("*.part"))


@needs_espeak
def test_say_returns_at_once_and_keeps_the_wav_without_an_audio_device(tmp_path):
    speaker = EspeakSpeaker(player=(), out_dir=tmp_path)
    try:
        assert speaker.state is SpeechState.NO_AUDIO_DEVICE
        started = time.monotonic()
        speaker.say(SENTENCE)
        assert time.monotonic() - started < 0.1  # the caller (the UI) never waits for the engine
        assert speaker.wait_idle(10)
        assert [s.outcome for s in speaker.recent] == ["kept"]
        assert speaker.last_wav is not None and speaker.last_wav.parent == tmp_path
        assert wav_seconds(speaker.last_wav) > 0.3
    finally:
        speaker.close()


@needs_espeak
def test_english_voice_follows_the_language(tmp_path):
    speaker = EspeakSpeaker(player=(), out_dir=tmp_path)
    wav = speaker.synthesise("Please choose what you would like to do.", "en")
    assert wav is not None and wav_seconds(wav) > 0.3


@needs_espeak
def test_plays_through_the_player_when_there_is_one(tmp_path):
    log = tmp_path / "played.txt"
    player = _script(tmp_path, "player", f'head -c 4 "$1" >> {log}')
    speaker = EspeakSpeaker(player=(str(player),), out_dir=tmp_path / "out")
    try:
        assert speaker.state is SpeechState.OK
        speaker.say(SENTENCE)
        assert speaker.wait_idle(10)
        assert [s.outcome for s in speaker.recent] == ["played"]
        assert log.read_bytes() == b"RIFF"  # the player got the WAV file
    finally:
        speaker.close()


# --- no engine, no audio: states, never exceptions ----------------------------------------------------


def test_missing_engine_is_a_state_not_an_exception(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # a PATH without espeak-ng
    speaker = open_speaker()
    assert speaker.state is SpeechState.NO_ENGINE and speaker.engine is None
    speaker.say(SENTENCE)  # nothing said, nothing raised
    assert speaker.synthesise(SENTENCE) is None
    assert speaker.wait_idle(1)
    speaker.stop()
    speaker.close()
    assert list(speaker.recent) == []


def test_missing_engine_given_by_path(tmp_path):
    speaker = EspeakSpeaker(str(tmp_path / "espeak-ng"), path=str(tmp_path))
    assert speaker.state is SpeechState.NO_ENGINE


def test_failing_player_means_no_audio_device_and_the_wav_is_kept(tmp_path):
    engine = _fake_engine(tmp_path)
    player = _script(tmp_path, "player", "exit 1")
    speaker = EspeakSpeaker(str(engine), player=(str(player),), out_dir=tmp_path / "out")
    try:
        assert speaker.state is SpeechState.OK
        speaker.say("Xin chào")
        assert speaker.wait_idle(5)
        assert speaker.state is SpeechState.NO_AUDIO_DEVICE
        assert [s.outcome for s in speaker.recent] == ["kept"]
        assert speaker.last_wav is not None and speaker.last_wav.stat().st_size == 2000
    finally:
        speaker.close()


def test_a_hung_engine_is_stopped_after_its_timeout(tmp_path):
    engine = _script(tmp_path, "espeak-ng", "exec sleep 30")
    speaker = EspeakSpeaker(str(engine), player=(), out_dir=tmp_path, timeout_s=0.3)
    try:
        started = time.monotonic()
        speaker.say("Xin chào")
        assert time.monotonic() - started < 0.1
        assert speaker.wait_idle(5)
        assert time.monotonic() - started < 3
        assert [s.outcome for s in speaker.recent] == ["failed"]
    finally:
        speaker.close()


def test_find_player_without_any_sound_output(tmp_path):
    assert find_player(path=str(tmp_path), env={}, snd_glob=str(tmp_path / "pcm*")) is None
    aplay = _script(tmp_path, "aplay", "exit 0")
    assert find_player(path=str(tmp_path), env={}, snd_glob=str(tmp_path / "pcm*")) is None  # no device
    (tmp_path / "pcmC0D0p").touch()
    assert find_player(path=str(tmp_path), env={}, snd_glob=str(tmp_path / "pcm*")) == (str(aplay), "-q")
    paplay = _script(tmp_path, "paplay", "exit 0")
    assert find_player(path=str(tmp_path), env={"PULSE_SERVER": "unix:/x"}, snd_glob="/nonexistent") == (str(paplay),)


# --- one utterance at a time ------------------------------------------------------------------------


def test_a_new_utterance_cancels_the_one_still_playing(tmp_path):
    """A citizen who taps on before the kiosk finished talking hears the new instruction, not a queue."""
    engine = _fake_engine(tmp_path)
    log = tmp_path / "played.txt"
    player = _script(tmp_path, "player", f'echo start >> {log}\nexec sleep 20')
    speaker = EspeakSpeaker(str(engine), player=(str(player),), out_dir=tmp_path / "out")
    try:
        started = time.monotonic()
        speaker.say("Một")
        assert _wait_for(lambda: log.exists() and log.read_text().count("start") == 1)
        speaker.say("Hai")  # kills the first player at once
        assert _wait_for(lambda: log.read_text().count("start") == 2)
        assert [s.outcome for s in speaker.recent] == ["cancelled"]
        assert [s.utterance.text for s in speaker.recent] == ["Một"]
        speaker.stop()
        assert speaker.wait_idle(5)
        assert [s.outcome for s in speaker.recent] == ["cancelled", "cancelled"]
        assert time.monotonic() - started < 10  # neither 20 s player was waited for
    finally:
        speaker.close()


def test_text_is_nfc_without_control_characters(tmp_path):
    decomposed = "Xin cha\u0300o\x07\u202e  Quy\u0301 kha\u0301ch\n"
    assert clean_text(decomposed) == "Xin chào Quý khách"
    engine = _fake_engine(tmp_path, stdin_to=f"{tmp_path}/said.txt")
    speaker = EspeakSpeaker(str(engine), player=(), out_dir=tmp_path / "out")
    assert speaker.synthesise(decomposed) is not None
    assert (tmp_path / "said.txt").read_text(encoding="utf-8") == "Xin chào Quý khách"  # on stdin, not in argv


def test_fake_speaker_records_what_was_asked():
    fake = FakeSpeaker()
    assert isinstance(fake, Speaker)
    fake.say("Xin cha\u0300o\x00")
    fake.say("  ")
    fake.say("Hello", "en")
    fake.stop()
    assert fake.said == ["Xin chào", "Hello"] and fake.utterances[1].language == "en" and fake.stops == 1


@pytest.mark.skipif(sys.platform != "linux", reason="POSIX process handling")
def test_close_ends_the_thread(tmp_path):
    engine = _script(tmp_path, "espeak-ng", "exec sleep 30")
    speaker = EspeakSpeaker(str(engine), player=(), out_dir=tmp_path)
    speaker.say("Xin chào")
    assert _wait_for(lambda: speaker._proc is not None)
    speaker.close()
    assert speaker._thread is not None and not speaker._thread.is_alive()
    speaker.say("Xin chào")  # after close: ignored, no error
    assert os.path.exists(tmp_path)
