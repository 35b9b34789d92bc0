"""Ingest through the widget's endpoints: many visitors at once, each send with an idempotency
key, some sends retried; afterwards every acknowledged message must be stored exactly once.

    INBOX_DATA_DIR=/tmp/widget .venv/bin/python -m bench.widget_ingest --visitors 200 --seconds 30

Acknowledged means HTTP 201 with a message id; a retried send must get the same id back.
With --seconds every visitor keeps writing until that time has passed (a sustained rate),
otherwise each writes --messages.

Point INBOX_DATA_DIR at a bootstrapped database. Starts its own production server (one process,
SQLite) with INBOX_WIDGET_RATE_LIMIT_SCALE raised: all simulated visitors share one address.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sqlite3
import time
import uuid
from pathlib import Path

import psutil

from bench.http_pool import HttpPool
from bench.serve import production_server

RETRIED = "retried"


async def start_chats(client: HttpPool, visitors: int) -> list[dict[str, str]]:
    async def one(n: int) -> dict[str, str]:
        response = await client.post("/api/widget/start", json_body={"name": f"Load visitor {n}"})
        assert response.status_code == 201, response.content
        return {"Authorization": f"Bearer {response.json()['token']}"}

    return list(await asyncio.gather(*(one(n) for n in range(visitors))))


async def send(client, headers, key: str, body: str, acked: dict, failures: list) -> None:
    try:
        response = await client.post(
            "/api/widget/messages", json_body={"body": body, "key": key}, headers=headers
        )
    except (
        OSError,
        asyncio.IncompleteReadError,
        ValueError,
    ) as error:  # not acknowledged: the visitor would retry
        failures.append(repr(error))
        return
    answer = response.json() if response.status_code == 201 else {}
    if isinstance(answer.get("id"), int):
        acked.setdefault((headers["Authorization"], key), set()).add(answer["id"])
    else:
        failures.append(f"{response.status_code} {response.content[:80]!r}")


async def visitor(
    client, headers, messages: int, until: float, retry_share: float, acked, failures, stats
) -> None:
    """One visitor writes message after message; some sends are repeated (a lost answer)."""
    n = 0
    while n < messages or time.perf_counter() < until:
        n += 1
        key, body = uuid.uuid4().hex, f"load message {n} {uuid.uuid4().hex[:8]}"
        await send(client, headers, key, body, acked, failures)
        if random.random() < retry_share:
            stats[RETRIED] += 1
            await send(client, headers, key, body, acked, failures)


def stored_ids(data_dir: Path, keys: set[str]) -> dict[str, list[int]]:
    """Every stored load message's id by its key."""
    with sqlite3.connect(data_dir / "inbox.db") as db:
        rows = db.execute(
            "SELECT idempotency_key, id FROM message WHERE kind = 'incoming' "
            "AND body LIKE 'load message %'"
        ).fetchall()
    found: dict[str, list[int]] = {}
    for key, message_id in rows:
        if key in keys:
            found.setdefault(key, []).append(message_id)
    return found


def cpu_seconds(process: psutil.Process) -> float:
    """The server's CPU time, its worker processes included."""
    return sum(sum(p.cpu_times()[:2]) for p in [process, *process.children(recursive=True)])


async def run(url: str, args, process: psutil.Process) -> tuple[float, dict, list, dict]:
    async with HttpPool(url, size=args.concurrency) as client:
        everyone = await start_chats(client, args.visitors)
        acked, failures, stats = {}, [], {RETRIED: 0}
        started, cpu_before = time.perf_counter(), cpu_seconds(process)
        until = started + args.seconds
        await asyncio.gather(
            *(
                visitor(
                    client, headers, args.messages, until, args.retry_share, acked, failures, stats
                )
                for headers in everyone
            )
        )
        stats["server_cpu"] = cpu_seconds(process) - cpu_before
        return time.perf_counter() - started, acked, failures, stats


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--visitors", type=int, default=300)
    parser.add_argument("--messages", type=int, default=0, help="per visitor (at least)")
    parser.add_argument("--seconds", type=float, default=30, help="keep writing this long")
    parser.add_argument("--concurrency", type=int, default=64, help="open connections")
    parser.add_argument("--retry-share", type=float, default=0.1)
    parser.add_argument(
        "--pin", action="store_true", help="server on core 0, this client on core 1"
    )
    args = parser.parse_args()
    if args.pin:
        os.sched_setaffinity(0, {1})
    data_dir = Path(os.environ["INBOX_DATA_DIR"])
    cpus = {0} if args.pin else None
    with production_server(cpus, INBOX_WIDGET_RATE_LIMIT_SCALE="100000") as (url, server):
        process = psutil.Process(server.pid)
        took, acked, failures, stats = asyncio.run(run(url, args, process))
    keys = {key for _visitor, key in acked}
    stored = stored_ids(data_dir, keys)
    lost = [key for key in keys if not stored.get(key)]
    duplicated = [key for key, ids in stored.items() if len(ids) > 1]
    # the id the server acknowledged (every time, retries included) is the one stored
    wrong_id = [
        key
        for (_v, key), ids in acked.items()
        if len(stored.get(key, [])) == 1 and ids != set(stored[key])
    ]
    print(
        f"{len(acked)} messages acknowledged from {args.visitors} visitors in {took:.1f} s: "
        f"{len(acked) / took:.0f} messages/s ({stats[RETRIED]} sends retried, {len(failures)} not acknowledged"
        f"{': ' + failures[0] if failures else ''})"
    )
    sends = len(acked) + stats[RETRIED]
    per_send = stats["server_cpu"] / sends * 1000
    print(
        f"server CPU: {stats['server_cpu']:.1f} s for {sends} sends = {per_send:.2f} ms a send "
        f"(one free core would serve about {1000 / per_send:.0f} sends/s)"
    )
    print(
        f"stored exactly once: {len(keys) - len(lost) - len(duplicated)}; lost: {len(lost)}; "
        f"duplicated: {len(duplicated)}; acknowledged with another id: {len(wrong_id)}"
    )


if __name__ == "__main__":
    main()
