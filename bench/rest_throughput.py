"""API messages a second against the served app (production build, one process), with
concurrent clients, as an integration posts them: `POST /api/v1/conversations/{id}/messages`.

INBOX_DATA_DIR=/tmp/bench INBOX_API_RATE_LIMIT=10000000 \
  .venv/bin/python -m bench.rest_throughput --clients 8 --seconds 30 --kind reply

Point INBOX_DATA_DIR at a big database (see bench/rest_api.py). The clients spread their
messages over the newest 1,000 conversations. Every 201 is checked: a message the server
acknowledged is counted, anything else is reported as an error. The server is pinned to one
core and the clients to the other, so the load generator does not measure itself; with
`--server-cpus 0,1` and GRANIAN_WORKERS=2 the server's workers share both cores with the clients.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import time

from sqlmodel import Session, func, select

from bench.http_pool import HttpPool
from bench.serve import production_server
from inbox_app.db import get_engine
from inbox_app.models.tables import Conversation, utcnow
from inbox_app.services.integrations.api_keys import create_api_key

CLIENT_CPUS = {1}


async def _client(
    pool: HttpPool, *, number: int, top_id: int, kind: str, until: float, key: str
) -> tuple[list[float], int]:
    took, errors, sent = [], 0, 0
    headers = {"Authorization": f"Bearer {key}"}
    while time.perf_counter() < until:
        conversation_id = top_id - (number * 7919 + sent) % 1000
        started = time.perf_counter()
        answer = await pool.post(
            f"/api/v1/conversations/{conversation_id}/messages",
            json_body={"kind": kind, "body": f"throughput {number}-{sent}"},
            headers=headers,
        )
        took.append(time.perf_counter() - started)
        errors += answer.status_code != 201
        sent += 1
    return took, errors


async def run(url: str, *, clients: int, seconds: float, kind: str, key: str, top: int):
    async with HttpPool(url, size=clients) as pool:
        until = time.perf_counter() + seconds
        started = time.perf_counter()
        results = await asyncio.gather(
            *(
                _client(pool, number=n, top_id=top, kind=kind, until=until, key=key)
                for n in range(clients)
            )
        )
        elapsed = time.perf_counter() - started
    took = sorted(t for times, _ in results for t in times)
    errors = sum(e for _, e in results)
    p95 = took[max(0, int(len(took) * 0.95) - 1)]
    print(
        f"{kind}: {clients} clients, {seconds:.0f} s: {len(took) / elapsed:.0f} messages/s, "
        f"p50 {statistics.median(took) * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms, "
        f"{errors} errors of {len(took)}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--kind", choices=("reply", "comment", "incoming"), default="reply")
    parser.add_argument(
        "--server-cpus",
        default="0",
        help="cores of the server, e.g. 0,1 with GRANIAN_WORKERS=2 (the clients stay on 1)",
    )
    args = parser.parse_args()
    server_cpus = {int(cpu) for cpu in args.server_cpus.split(",")}
    with Session(get_engine()) as session:
        top = session.exec(select(func.max(Conversation.id))).one() or 0
        key = create_api_key(session, name="throughput", now=utcnow()).key
    os.sched_setaffinity(0, CLIENT_CPUS)
    with production_server(cpus=server_cpus) as (url, _server):
        asyncio.run(
            run(url, clients=args.clients, seconds=args.seconds, kind=args.kind, key=key, top=top)
        )


if __name__ == "__main__":
    main()
