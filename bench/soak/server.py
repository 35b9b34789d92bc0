"""The soak's set-up and checks: its agents, its own production server, the log and the
database afterwards."""

from __future__ import annotations

import collections
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from tests.e2e.conftest import ROOT, _free_port, _wait_for

if TYPE_CHECKING:
    from bench.soak.run import Soak

AGENT_PASSWORD = "soak-password"


def ensure_agents(count: int) -> list[tuple[int, str, int]]:
    """(id, name, token version) of soak-agent-01..NN@example.com, created when missing."""
    from sqlmodel import Session, select

    from inbox_app.db import get_engine
    from inbox_app.models.tables import Agent
    from inbox_app.services.team.agents import create_agent

    rows = []
    with Session(get_engine()) as session:
        for n in range(1, count + 1):
            email = f"soak-agent-{n:02d}@example.com"
            agent = session.exec(select(Agent).where(Agent.email == email)).first()
            if agent is None:
                create_agent(
                    session, email=email, password=AGENT_PASSWORD, name=f"Soak Agent {n:02d}"
                )
                agent = session.exec(select(Agent).where(Agent.email == email)).first()
            rows.append((agent.id, agent.name, agent.token_version))
    return rows


def start_server(data_dir: Path, log_path: Path) -> tuple[str, subprocess.Popen]:
    port = str(_free_port())
    env = {
        **os.environ,
        "INBOX_PORT": port,
        "REFLEX_USE_SYSTEM_BUN": "1",
        "REFLEX_TELEMETRY_ENABLED": "false",
        "INBOX_WIDGET_RATE_LIMIT_SCALE": "100000",
        "INBOX_DATA_DIR": str(data_dir),
        "PATH": f"{ROOT / '.tools' / 'node_modules' / '.bin'}:{os.environ['PATH']}",
    }
    log = log_path.open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "reflex", "run", "--env", "prod", "--frontend-port", port],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://localhost:{port}"
    try:
        _wait_for(f"{url}/login", server)
    except BaseException:
        os.killpg(server.pid, signal.SIGTERM)
        raise
    return url, server


def stop_server(server: subprocess.Popen) -> float | None:
    """Seconds the server took to stop after SIGTERM; None if it had to be killed. A server
    still up after 10 s writes every thread's stack to its log (SIGUSR1, faulthandler) before
    granian's own 20 s kill timeout (operations/worker_stop.py) hides what held it."""
    started = time.perf_counter()
    os.killpg(server.pid, signal.SIGTERM)
    for wait, then in ((10, signal.SIGUSR1), (20, signal.SIGKILL)):
        try:
            server.wait(timeout=wait)
            return time.perf_counter() - started
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, then)
    server.wait(timeout=30)
    return None


def scan_log(text: str) -> tuple[list[str], collections.Counter]:
    """Lines that are errors (Traceback, ERROR, CRITICAL), and warnings by their message."""
    errors, warnings = [], collections.Counter()
    for line in text.splitlines():
        if (
            "Traceback" in line
            or re.search(r"\b(ERROR|CRITICAL)\b", line)
            or '"level": "error"' in line.lower()
        ):
            errors.append(line.strip()[:240])
        elif re.search(r"\bWARNING\b", line):
            warnings[re.sub(r"\d+", "N", line.strip())[:160]] += 1
    return errors, warnings


def check_database(data_dir: Path, soak: Soak) -> list[str]:
    """Every acknowledged visitor message stored once; every reply the sender saw, stored."""
    problems = []
    with sqlite3.connect(data_dir / "inbox.db") as db:
        ids = sorted(soak.acked_visitor_ids)
        found = 0
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            found += db.execute(
                f"SELECT COUNT(*) FROM message WHERE id IN ({','.join('?' * len(chunk))})", chunk
            ).fetchone()[0]
        if found != len(ids):
            problems.append(f"{len(ids) - found} acknowledged visitor messages not in the database")
        stored = {
            row[0].split()[1]
            for row in db.execute("SELECT body FROM message WHERE body LIKE 'agent-reply %'")
        }
        missing = [r for r in soak.reply_ids if r not in stored]
        if missing:
            problems.append(f"{len(missing)} replies shown to their sender not in the database")
    return problems
