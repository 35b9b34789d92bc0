"""Start the production build on a bootstrapped data folder for a benchmark, and stop it."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from tests.e2e.conftest import ROOT, _free_port, _wait_for


@contextmanager
def production_server(
    cpus: set[int] | None = None, **extra_env: str
) -> Iterator[tuple[str, subprocess.Popen]]:
    """(base URL, process) of `reflex run --env prod` on INBOX_DATA_DIR, one process;
    `cpus` pins it (and what it starts) to those cores, away from the benchmark's client."""
    port = str(_free_port())
    env = {
        **os.environ,
        **extra_env,
        "INBOX_PORT": port,
        "REFLEX_USE_SYSTEM_BUN": "1",
        "REFLEX_TELEMETRY_ENABLED": "false",
        "PATH": f"{ROOT / '.tools' / 'node_modules' / '.bin'}:{os.environ['PATH']}",
    }
    command = [sys.executable, "-m", "reflex", "run", "--env", "prod", "--frontend-port", port]
    server = subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        preexec_fn=(lambda: os.sched_setaffinity(0, cpus)) if cpus else None,
    )
    url = f"http://localhost:{port}"
    try:
        _wait_for(f"{url}/login", server)
        yield url, server
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=30)
