"""Finding something to play a WAV file on, and reading a WAV file's length."""

from __future__ import annotations

import glob
import os
import shutil
import wave
from collections.abc import Mapping
from pathlib import Path


def find_player(path: str | None = None, env: Mapping[str, str] | None = None,
                snd_glob: str = "/dev/snd/pcmC*D*p") -> tuple[str, ...] | None:
    """Return the command that plays a WAV file on this machine's audio output, or None when there is none.

    PulseAudio (``paplay``) or PipeWire (``pw-play``) when their server's socket is there, else ALSA
    (``aplay -q``) when a playback device exists. The file's path is appended to the command.

    Args:
        path: PATH to search (default: the process's).
        env: Environment to read the sound servers' locations from (default: ``os.environ``).
        snd_glob: Where ALSA playback devices appear.
    """
    env = os.environ if env is None else env
    runtime = env.get("XDG_RUNTIME_DIR", "")
    servers = (
        ("paplay", bool(env.get("PULSE_SERVER")) or (bool(runtime) and Path(runtime, "pulse", "native").exists())),
        ("pw-play", bool(runtime) and Path(runtime, "pipewire-0").exists()),
    )
    for name, reachable in servers:
        found = shutil.which(name, path=path)
        if found and reachable:
            return (found,)
    aplay = shutil.which("aplay", path=path)
    if aplay and glob.glob(snd_glob):
        return (aplay, "-q")
    return None


def wav_seconds(path: str | Path) -> float:
    """Return how long the WAV file at ``path`` plays, in seconds (0.0 when it is not a readable WAV)."""
    try:
        with wave.open(str(path), "rb") as wav:
            rate, frames = wav.getframerate(), wav.getnframes()
            if frames >= 0x7FFF0000:  # a streamed header (``--stdout``) leaves the length open: count the bytes
                frames = (Path(path).stat().st_size - 44) // max(1, wav.getsampwidth() * wav.getnchannels())
    except (OSError, EOFError, wave.Error):
        return 0.0
    return frames / rate if rate else 0.0
