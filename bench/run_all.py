"""`make bench`: the server-side benchmarks on a freshly seeded database, one after another.

    .venv/bin/python -m bench.run_all [--conversations 100000] [--runs 200] [--data-dir DIR]

Seeds the data dir (migrate, demo team, `seed-demo`), then runs bench.server_side, bench.search
and bench.worst_markdown. The browser and live benchmarks start servers of their own and share
the machine with them badly: docs/PERFORMANCE.md gives their commands.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile


def _run(*args: str, env: dict[str, str]) -> None:
    print(f"\n$ python -m {' '.join(args)}", flush=True)
    subprocess.run([sys.executable, "-m", *args], env=env, check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conversations", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--data-dir", default="")
    options = parser.parse_args()
    data_dir = options.data_dir or tempfile.mkdtemp(prefix="inbox-bench-")
    env = {
        **os.environ,
        "INBOX_DATA_DIR": data_dir,
        "INBOX_DEMO": "1",
        "INBOX_ADMIN_EMAIL": "admin@example.com",
        "INBOX_ADMIN_PASSWORD": "admin-password",
    }
    env.pop("INBOX_DATABASE_URL", None)  # always the embedded SQLite of the data dir
    _run("inbox_app", "bootstrap", env=env)
    _run(
        "inbox_app",
        "seed-demo",
        "--conversations",
        str(options.conversations),
        "--messages-per-conversation",
        "10",
        env=env,
    )
    for benchmark in ("bench.server_side", "bench.search", "bench.worst_markdown"):
        _run(benchmark, "--runs", str(options.runs), env=env)
    print(f"\nData kept in {data_dir}")


if __name__ == "__main__":
    main()
