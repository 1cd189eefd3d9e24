"""Make the scan desk's three sounds (run once; the .wav files are committed).

Success is two short rising notes, warning one middle note twice, error a low buzz: distinct
enough to tell apart without looking, short enough for fifty scans in a row.
"""

from __future__ import annotations

import math
import struct
import wave
from pathlib import Path

RATE = 22_050


def tone(freq: float, seconds: float, volume: float = 0.5, square: bool = False) -> list[float]:
    samples = []
    count = int(RATE * seconds)
    for i in range(count):
        value = math.sin(2 * math.pi * freq * i / RATE)
        if square:
            value = 1.0 if value >= 0 else -1.0
        fade = min(1.0, i / 200, (count - i) / 200)  # no clicks at the ends
        samples.append(value * volume * fade)
    return samples


def silence(seconds: float) -> list[float]:
    return [0.0] * int(RATE * seconds)


def write(path: Path, samples: list[float]) -> None:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(b"".join(struct.pack("<h", int(s * 32767)) for s in samples))


def main() -> None:
    here = Path(__file__).resolve().parents[1] / "src" / "illdesk" / "resources" / "sounds"
    write(here / "success.wav", tone(880, 0.08) + tone(1320, 0.12))
    write(here / "warning.wav", tone(660, 0.12) + silence(0.06) + tone(660, 0.12))
    write(here / "error.wav", tone(180, 0.45, 0.35, square=True))


if __name__ == "__main__":
    main()
