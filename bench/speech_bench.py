"""Speech benchmark: how long espeak-ng takes to make the WAV of typical kiosk instructions.

Prints, per instruction, the median and worst synthesis time (ms), the audio's length (s) and the
real-time factor (synthesis time / audio time), then the overall p50/p95. Playback is not measured
(nothing is played): the number that matters is the delay before the kiosk starts talking.

Run: ``.venv/bin/python -m bench.speech_bench [--rounds 10]``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the project importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from devices.speech import EspeakSpeaker, SpeechState, wav_seconds  # noqa: E402

INSTRUCTIONS = (
    "Xin mời Quý khách chọn việc cần làm.",
    "Xin mời Quý khách chọn thủ tục cần làm.",
    "Quý khách vui lòng đọc thông báo, rồi chạm Tôi đồng ý để tiếp tục.",
    "Xin mời Quý khách đưa mã QR trên thẻ căn cước vào trước camera.",
    "Quý khách vui lòng kiểm tra lại hồ sơ, rồi chạm Gửi hồ sơ.",
)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10, help="syntheses per instruction")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="speech-bench-") as folder:
        speaker = EspeakSpeaker(player=(), out_dir=folder)
        if speaker.state is SpeechState.NO_ENGINE:
            print("espeak-ng is not installed (apt-get install espeak-ng)")
            return 1
        speaker.synthesise("Xin chào")  # warm the voice data into the page cache
        every: list[float] = []
        print(f"{'chars':>5} {'p50 ms':>7} {'max ms':>7} {'audio s':>7} {'RTF':>6}  instruction")
        for text in INSTRUCTIONS:
            times, seconds = [], 0.0
            for _ in range(args.rounds):
                started = time.perf_counter()
                wav = speaker.synthesise(text, wav=Path(folder, "bench.wav"))
                times.append((time.perf_counter() - started) * 1000)
                seconds = wav_seconds(wav) if wav else 0.0
            every += times
            p50 = statistics.median(times)
            rtf = p50 / 1000 / seconds if seconds else float("nan")
            print(f"{len(text):>5} {p50:>7.1f} {max(times):>7.1f} {seconds:>7.2f} {rtf:>6.3f}  {text}")
        every.sort()
        p95 = every[min(len(every) - 1, int(len(every) * 0.95))]
        print(f"all: p50 {statistics.median(every):.1f} ms, p95 {p95:.1f} ms over {len(every)} syntheses "
              f"(espeak-ng {speaker.engine}, rate {speaker.rate} wpm)")
        speaker.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
