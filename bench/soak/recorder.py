"""The soak's samples and counts, by minute: 0 is the warm-up, 1..N the soak."""

from __future__ import annotations

import collections
import math
import time
from dataclasses import dataclass, field

KINDS = {  # latency series: key -> column title
    "send": "visitor send -> 201",
    "reply": "agent reply -> answer",
    "open": "agent page load -> done",
    "wake": "reply -> visitor's long-poll",
    "push": "visitor send -> agent socket",
    "api": "REST API call -> answer",
}


def pct(samples: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(len(ordered) * p) - 1)]


@dataclass
class Recorder:
    """Samples and events by minute: 0 is the warm-up, 1..N the soak."""

    minutes: int
    t0: float = 0.0
    samples: dict = field(
        default_factory=lambda: collections.defaultdict(lambda: collections.defaultdict(list))
    )
    counts: dict = field(default_factory=lambda: collections.defaultdict(collections.Counter))
    errors: list = field(default_factory=list)
    resources: list = field(
        default_factory=list
    )  # (t, rss, server cpu s, client cpu s, fds, threads)

    def minute(self, t: float) -> int:
        return 0 if t < self.t0 else min(self.minutes + 1, int((t - self.t0) // 60) + 1)

    def sample(self, kind: str, started: float, seconds: float) -> None:
        self.samples[kind][self.minute(started)].append(seconds * 1000)

    def count(self, kind: str, n: int = 1) -> None:
        self.counts[self.minute(time.perf_counter())][kind] += n

    def error(self, kind: str, detail: str) -> None:
        now = time.perf_counter()
        self.counts[self.minute(now)]["errors"] += 1
        self.errors.append((self.minute(now), kind, detail[:300]))

    def to_json(self) -> dict:
        return {
            "minutes": self.minutes,
            "t0": self.t0,
            "samples": self.samples,
            "counts": self.counts,
            "errors": self.errors,
            "resources": self.resources,
        }

    @classmethod
    def from_json(cls, data: dict, *, minutes: int = 0, warmup: float = 0.0) -> Recorder:
        """A saved run again (JSON's keys are strings). Runs saved before the length and t0
        were kept: pass them; the first resource sample was taken at the start."""
        rec = cls(data.get("minutes", minutes))
        rec.resources = [tuple(row) for row in data["resources"]]
        rec.t0 = data.get("t0", rec.resources[0][0] + warmup)
        for kind, by_minute in data["samples"].items():
            for m, values in by_minute.items():
                rec.samples[kind][int(m)] = values
        for m, counts in data["counts"].items():
            rec.counts[int(m)] = collections.Counter(counts)
        rec.errors = [tuple(error) for error in data["errors"]]
        return rec
