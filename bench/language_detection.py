"""How fast, how big and how right the language detector is on short chat messages.

.venv/bin/python -m bench.language_detection --rounds 20

Needs no server and no data. The sample (bench/data/language_sample.tsv) is 40 short support
messages each in German, English, French and Spanish, written for this benchmark. Accuracy
counts "no language" as wrong. Memory is the process's resident set grown by loading the
models of the enabled languages (the product's default four). Times are per message, warm.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import psutil

SAMPLE = Path(__file__).parent / "data" / "language_sample.tsv"


def _sample() -> list[tuple[str, str]]:
    rows = (line.split("\t", 1) for line in SAMPLE.read_text().splitlines() if line.strip())
    return [(code, text) for code, text in rows]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=20)
    rounds = parser.parse_args().rounds
    process = psutil.Process()
    before = process.memory_info().rss
    from inbox_app.services.language_detection import detect, warm

    warm()
    grown_mb = (process.memory_info().rss - before) / 2**20
    sample = _sample()
    right = sum(detect(text) == code for code, text in sample)
    wrong = [(code, text, detect(text)) for code, text in sample if detect(text) != code]
    times = []
    for _ in range(rounds):
        for _code, text in sample:
            start = time.perf_counter()
            detect(text)
            times.append((time.perf_counter() - start) * 1000)
    p95 = statistics.quantiles(times, n=100)[94]
    print(f"messages: {len(sample)}  right: {right}  accuracy: {right / len(sample):.1%}")
    print(f"detection per message: median {statistics.median(times):.3f} ms, p95 {p95:.3f} ms")
    print(f"memory of the detector (4 languages): {grown_mb:.0f} MB")
    for code, text, got in wrong:
        print(f"  wrong: {code} -> {got}: {text}")


if __name__ == "__main__":
    main()
