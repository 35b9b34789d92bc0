"""A granian worker that does not stop on SIGTERM is killed after the timeout, so the server
stops (operations/worker_stop.py); without it, granian's master waits for it for ever."""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[3]
SERVE = """
import sys
from granian.constants import Interfaces
from granian.server import Server
if sys.argv[2] == "with-timeout":
    from inbox_app.operations.worker_stop import kill_workers_that_do_not_stop
    kill_workers_that_do_not_stop()
Server(
    "tests.integration.worker_stop.stubborn_app:app",
    address="127.0.0.1",
    port=int(sys.argv[1]),
    interface=Interfaces.ASGI,
    workers=1,
).serve()
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve(mode: str) -> subprocess.Popen:
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-c", SERVE, str(port), mode],
        cwd=ROOT,
        env={**os.environ, "GRANIAN_WORKERS_KILL_TIMEOUT": "2"},
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/", timeout=1).text == "up":
                return server
        except httpx.HTTPError:
            time.sleep(0.2)
    kill(server)
    raise AssertionError("the server did not start")


def kill(server: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError):  # gone already
        os.killpg(server.pid, signal.SIGKILL)
    server.wait(timeout=10)


def test_a_worker_that_ignores_sigterm_is_killed_and_the_server_stops():
    server = serve("with-timeout")
    os.kill(server.pid, signal.SIGTERM)  # the master, as systemd does first
    try:
        server.wait(timeout=15)  # the worker is killed after 2 s; the master then exits
    finally:
        kill(server)


def test_without_the_timeout_the_server_waits_for_ever():
    """What the soak saw: proof that the test above needs the fix."""
    server = serve("without")
    os.kill(server.pid, signal.SIGTERM)
    try:
        with pytest.raises(subprocess.TimeoutExpired):
            server.wait(timeout=6)
    finally:
        kill(server)
