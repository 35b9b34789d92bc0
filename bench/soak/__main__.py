"""python -m bench.soak: see bench/soak/__init__.py."""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
from pathlib import Path

import psutil

from bench.soak.clients import Http
from bench.soak.report import Findings, report
from bench.soak.rest import make_api_key
from bench.soak.run import Soak
from bench.soak.server import (
    check_database,
    ensure_agents,
    scan_log,
    start_server,
    stop_server,
)
from tests.e2e.conftest import ROOT


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    parser.add_argument("--minutes", type=int, default=10)
    parser.add_argument(
        "--warmup", type=float, default=90, help="seconds before minute 1 (ramp-up)"
    )
    parser.add_argument("--agents", type=int, default=30)
    parser.add_argument("--repliers", type=int, default=15, help="of the agents, those who reply")
    parser.add_argument("--visitors", type=int, default=200)
    parser.add_argument(
        "--message-every",
        default="60,180",
        help="a visitor's pause between messages, seconds MIN,MAX (uniform)",
    )
    parser.add_argument(
        "--json",
        help="also write what the run found here (python -m bench.soak.report shows it again)",
    )
    args = parser.parse_args()
    args.message_every = tuple(float(x) for x in args.message_every.split(","))
    return args


def main() -> None:
    args = arguments()
    data_dir = Path(os.environ["INBOX_DATA_DIR"]).resolve()
    agents = ensure_agents(args.agents)
    api_key = make_api_key()
    secret = (data_dir / "jwt_secret").read_text().strip()
    log_path = data_dir / "soak-server.log"
    url, server = start_server(data_dir, log_path)
    commit = subprocess.run(
        ["git", "describe", "--always", "--dirty"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    print(
        f"server at {url} (code {commit}), log {log_path}; {args.agents} agents ({args.repliers} reply), "
        f"{args.visitors} visitors, a message every {args.message_every[0]:.0f}-{args.message_every[1]:.0f} s, "
        f"{args.warmup:.0f} s warm-up, then {args.minutes} minutes",
        flush=True,
    )
    soak = Soak(url, secret, agents, api_key, args)
    try:
        asyncio.run(soak.run(psutil.Process(server.pid)))
    finally:
        stopped = stop_server(server)
    log_errors, warnings = scan_log(log_path.read_text(errors="replace"))
    findings = Findings(
        soak.rec,
        never_answered=soak.never_answered,
        stale_retries=Http.stale_retries,
        log_errors=log_errors,
        warnings=dict(warnings),
        db_problems=check_database(data_dir, soak),
        stopped=stopped,
        killed=stopped is None,
    )
    if args.json:
        Path(args.json).write_text(findings.to_json())
    report(findings)


if __name__ == "__main__":
    main()
