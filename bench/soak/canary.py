"""The machine's speed, minute by minute: a fixed piece of pure Python timed every 2 s in a
process of its own (python -m bench.soak.canary). Its time rises when the machine is slower
(other work on the host, another process on the same core), not when the inbox is: a minute
whose p95 rose together with it was a slow minute of the machine, not of the code.

Prints "<time.perf_counter()> <seconds>" per run: CLOCK_MONOTONIC, the soak's own clock."""

from __future__ import annotations

import asyncio
import sys
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bench.soak.recorder import Recorder

EVERY_SECONDS = 2.0


def fixed_work() -> int:
    return sum(i * i for i in range(100_000))  # about 8 ms here


async def record(rec: Recorder) -> None:
    """Runs the canary and keeps its timings as "canary" samples, until cancelled."""
    from tests.e2e.conftest import ROOT

    canary = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bench.soak.canary", cwd=ROOT, stdout=asyncio.subprocess.PIPE
    )
    try:
        assert canary.stdout is not None
        async for line in canary.stdout:
            started, seconds = map(float, line.split())
            rec.sample("canary", started, seconds)
    finally:
        if canary.returncode is None:
            canary.kill()
        await canary.wait()


def main() -> None:
    while True:
        started = time.perf_counter()
        fixed_work()
        print(f"{started} {time.perf_counter() - started}", flush=True)
        time.sleep(EVERY_SECONDS)


if __name__ == "__main__":
    main()
