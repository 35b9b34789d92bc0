"""The soak's table by minute and its verdict against the targets; also a saved run again:

    .venv/bin/python -m bench.soak.report /tmp/soak.json

Targets (issue 9): memory flat (after the last minute at most 10 % above after minute 2), every
minute's p95 within 20 % of minute 1's, zero errors, and a stop within 30 s of SIGTERM. A
minute's p95 rests on 30-120 samples, so next to that rule the report shows how far minute 1's
own p95 moves when its samples are drawn again (bootstrap), the p95 of 5-minute windows (five
times the samples) against the first window, and the trend over the run (Theil-Sen slope of the
minutes' p95s), and how the minutes' p95s rise and fall with the machine's own speed (a canary,
canary.py). Those are shown, not judged: the verdict is the issue's rule.
"""

from __future__ import annotations

import argparse
import collections
import itertools
import json
import random
import statistics
from dataclasses import dataclass, field, fields
from pathlib import Path

from bench.soak.recorder import KINDS, Recorder, pct

LIMIT = 1.2  # a p95 at most 20 % above the base's
WINDOW = 5  # minutes


@dataclass
class Findings:
    """What a run found: the recorder's samples and what was checked after it."""

    rec: Recorder
    never_answered: int = 0  # agent events with no answer by the end, after their 30 s
    stale_retries: int = 0  # keep-alive connections the server had closed, request resent
    log_errors: list[str] = field(default_factory=list)
    warnings: dict[str, int] = field(default_factory=dict)
    db_problems: list[str] = field(default_factory=list)
    stopped: float | None = None  # seconds from SIGTERM to the server's end (None: not known)
    killed: bool = False  # not stopped within 30 s of SIGTERM

    def to_json(self) -> str:
        found = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "rec"}
        return json.dumps({**found, "rec": self.rec.to_json()})


def mib(value: float) -> str:
    return f"{value / 2**20:.0f}"


def resources_by_minute(rec: Recorder) -> dict[int, list[tuple]]:
    by_minute: dict[int, list[tuple]] = collections.defaultdict(list)
    for row in rec.resources:
        by_minute[rec.minute(row[0] - 1e-6)].append(row)  # a sample at a minute's end closes it
    return by_minute


def print_table(rec: Recorder, by_minute: dict[int, list[tuple]]) -> None:
    def cpu_share(m: int, column: int) -> str:
        rows, previous = by_minute.get(m, []), by_minute.get(m - 1, [])
        if not rows or not previous:
            return "–"
        first, last = previous[-1], rows[-1]
        return f"{(last[column] - first[column]) / (last[0] - first[0]) * 100:.0f}"

    def answered(m: int) -> str:
        counts, late = rec.counts.get(m, collections.Counter()), rec.samples["late"].get(m, [])
        text = f"{counts['open'] + counts['reply']} / {counts['unanswered']}"
        return text + (f" (late answers: up to {max(late) / 1000:.0f} s)" if late else "")

    def cell(kind: str, m: int) -> str:
        values = rec.samples[kind].get(m, [])
        return f"{statistics.median(values):.0f} / {pct(values, 0.95):.0f}" if values else "–"

    def canary(m: int) -> str:
        values = rec.samples["canary"].get(m, [])
        return f"{statistics.median(values):.1f}" if values else "–"

    header = ["min", "server RSS MiB", "server CPU %", "client CPU %", "canary ms"]
    header += [f"{title} p50 / p95 ms" for title in KINDS.values()]
    header += ["agent events answered / not in 30 s", "requests", "pushes", "errors"]
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join(["---:"] * len(header)) + "|")
    for m in range(rec.minutes + 1):
        rows, counts = by_minute.get(m, []), rec.counts.get(m, collections.Counter())
        cells = ["warm-up" if m == 0 else str(m), mib(rows[-1][1]) if rows else "–"]
        cells += [cpu_share(m, 2), cpu_share(m, 3), canary(m), *[cell(kind, m) for kind in KINDS]]
        cells += [answered(m), *(str(counts[k]) for k in ("requests", "pushes", "errors"))]
        print("| " + " | ".join(cells) + " |")
    print()


def print_totals(findings: Findings, by_minute: dict[int, list[tuple]]) -> None:
    rec, totals = findings.rec, collections.Counter()
    for m in range(1, rec.minutes + 1):
        totals.update(rec.counts.get(m, {}))
    print("in the soak minutes: " + ", ".join(f"{k} {v}" for k, v in sorted(totals.items())))
    start, end = by_minute[1][0], rec.resources[-1]
    print(
        "server file descriptors / threads at the start of minute 1 and at the end: "
        f"{start[4]} / {start[5]} -> {end[4]} / {end[5]}"
    )
    print(f"keep-alive connections the server had closed, request resent: {findings.stale_retries}")
    print(f"agent events never answered by the end (after their 30 s): {findings.never_answered}")
    print()


def memory_met(rec: Recorder, by_minute: dict[int, list[tuple]]) -> bool:
    rss = {m: rows[-1][1] for m, rows in by_minute.items() if 1 <= m <= rec.minutes and rows}
    base_m, last_m = (2 if 2 in rss else 1), rec.minutes
    growth = rss[last_m] / rss[base_m] - 1
    met = growth <= 0.10
    print(
        f"memory: {mib(rss[base_m])} MiB after minute {base_m}, {mib(rss[last_m])} MiB after "
        f"minute {last_m} ({growth:+.1%}); target at most +10 %: {'MET' if met else 'NOT MET'}"
    )
    return met


def minute_p95s(rec: Recorder, kind: str) -> dict[int, float]:
    """Each soak minute's p95 of a series (minutes without samples left out)."""
    by_minute = rec.samples[kind]
    return {m: pct(v, 0.95) for m in range(1, rec.minutes + 1) if (v := by_minute.get(m))}


def minute_one_met(rec: Recorder, kind: str) -> bool:
    """The issue's rule: every minute's p95 within 20 % of minute 1's."""
    title, base = KINDS[kind], rec.samples[kind].get(1, [])
    if not base:
        print(f"{title}: no samples in minute 1")
        return False
    limit = pct(base, 0.95) * LIMIT
    over = [f"{m} ({v:.0f} ms)" for m, v in minute_p95s(rec, kind).items() if v > limit]
    verdict = "MET" if not over else "NOT MET in minutes " + ", ".join(over)
    print(
        f"{title}: p95 {pct(base, 0.95):.0f} ms in minute 1, limit {limit:.0f} ms; "
        f"every minute within: {verdict}"
    )
    return not over


def bootstrap_p95(samples: list[float], draws: int = 2000) -> tuple[float, float]:
    """Where 90 % of the p95s of `samples` drawn again (with replacement) fall."""
    rng = random.Random(1)
    p95s = sorted(pct(rng.choices(samples, k=len(samples)), 0.95) for _ in range(draws))
    return p95s[int(draws * 0.05)], p95s[int(draws * 0.95) - 1]


def theil_sen(points: list[tuple[int, float]]) -> float:
    """The median slope between every two points: a trend that a few wild minutes do not move."""
    slopes = [(b[1] - a[1]) / (b[0] - a[0]) for a, b in itertools.combinations(points, 2)]
    return statistics.median(slopes) if slopes else 0.0


def rank_correlation(xs: list[float], ys: list[float]) -> float:
    """Spearman's: how far ys rise and fall with xs, in order rather than in size."""

    def ranks(values: list[float]) -> list[int]:
        ranked = [0] * len(values)
        for rank, index in enumerate(sorted(range(len(values)), key=values.__getitem__)):
            ranked[index] = rank
        return ranked

    return statistics.correlation(ranks(xs), ranks(ys))


def with_the_machine(rec: Recorder, p95s: dict[int, float]) -> str:
    """How a series' minute p95s follow the canary's (canary.py): the machine's speed."""
    canary = {m: statistics.median(v) for m, v in rec.samples["canary"].items()}
    minutes = [m for m in p95s if m in canary]
    if len(minutes) < 3:
        return ""
    rho = rank_correlation([canary[m] for m in minutes], [p95s[m] for m in minutes])
    return f"; with the machine's canary: rank correlation {rho:+.2f}"


def print_steadiness(rec: Recorder, kind: str) -> None:
    """Not judged: how much of a minute's p95 is sampling noise, and whether there is a trend."""
    by_minute = rec.samples[kind]
    base = by_minute.get(1, [])
    low, high = bootstrap_p95(base) if base else (0.0, 0.0)
    windows = []
    for first in range(1, rec.minutes + 1, WINDOW):
        values = [v for m in range(first, first + WINDOW) for v in by_minute.get(m, [])]
        windows.append(pct(values, 0.95) if values else 0.0)
    shares = ", ".join(f"{w:.0f} ({w / windows[0] - 1:+.0%})" for w in windows if windows[0])
    by_p95 = minute_p95s(rec, kind)
    p95s = list(by_p95.items())
    middle = statistics.median(p for _, p in p95s) if p95s else 0.0
    change = theil_sen(p95s) * (rec.minutes - 1)
    print(
        f"  {len(base)} samples in minute 1, its p95 drawn again: {low:.0f}-{high:.0f} ms; "
        f"{WINDOW}-minute windows' p95: {shares}; trend over the run: {change:+.0f} ms "
        f"({change / middle if middle else 0:+.0%} of the median minute's p95)"
        + with_the_machine(rec, by_p95)
    )


def errors_met(findings: Findings) -> bool:
    rec = findings.rec
    client = sum(counts.get("errors", 0) for counts in rec.counts.values())
    met = not client and not findings.log_errors and not findings.db_problems
    print(
        f"errors: {client} seen by the clients (warm-up included), {len(findings.log_errors)} "
        f"error lines in the server log, {len(findings.db_problems)} database problems; "
        f"target 0: {'MET' if met else 'NOT MET'}"
    )
    kinds = collections.Counter((m, kind) for m, kind, _ in rec.errors)
    for (m, kind), n in sorted(kinds.items()):
        example = next(d for mm, k, d in rec.errors if mm == m and k == kind)
        print(f"  minute {m}: {n} x {kind}, e.g. {example}")
    for line in findings.log_errors[:20]:
        print(f"  log: {line}")
    for problem in findings.db_problems:
        print(f"  database: {problem}")
    if findings.warnings:
        print("server log warnings (not counted as errors):")
        for line, n in collections.Counter(findings.warnings).most_common(8):
            print(f"  {n} x {line}")
    return met


def stop_met(findings: Findings) -> bool:
    if findings.killed:
        print("the server did not stop within 30 s of SIGTERM: killed (SIGKILL); its threads'")
        print("stacks at that moment are at the end of the server log")
    elif findings.stopped is None:
        print("the server's stop was not recorded (a run saved before 3 Dec 2026)")
    else:
        print(f"the server stopped {findings.stopped:.1f} s after SIGTERM")
    return not findings.killed


def report(findings: Findings) -> bool:
    """Prints the table and the verdict; True when every target is met."""
    rec = findings.rec
    by_minute = resources_by_minute(rec)
    print_table(rec, by_minute)
    print_totals(findings, by_minute)
    ok = memory_met(rec, by_minute)
    for kind in KINDS:
        ok &= minute_one_met(rec, kind)
        print_steadiness(rec, kind)
    ok &= errors_met(findings)
    ok &= stop_met(findings)
    print(f"\nverdict: {'every target met' if ok else 'NOT every target met'}")
    return ok


def load(path: Path, *, minutes: int, warmup: float) -> Findings:
    data = json.loads(path.read_text())
    if "rec" not in data:  # saved before Findings: the recorder's fields alone
        return Findings(Recorder.from_json(data, minutes=minutes, warmup=warmup))
    rec = Recorder.from_json(data.pop("rec"))
    return Findings(rec, **data)


def main() -> None:
    parser = argparse.ArgumentParser(description="a saved soak's report again")
    parser.add_argument("json", type=Path)
    parser.add_argument("--minutes", type=int, default=0, help="for runs saved before 3 Dec 2026")
    parser.add_argument(
        "--warmup", type=float, default=0.0, help="for runs saved before 3 Dec 2026"
    )
    args = parser.parse_args()
    report(load(args.json, minutes=args.minutes, warmup=args.warmup))


if __name__ == "__main__":
    main()
