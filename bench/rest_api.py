"""REST API timings on a big database, through the whole FastAPI stack in process (key check,
rate limit, validation, JSON): p50/p95 over N runs of each call, and API messages a second.

INBOX_DATA_DIR=/tmp/bench .venv/bin/python -m inbox_app migrate
INBOX_DATA_DIR=/tmp/bench .venv/bin/python -m inbox_app seed-demo --conversations 100000 --messages-per-conversation 10
INBOX_DATA_DIR=/tmp/bench INBOX_API_RATE_LIMIT=1000000 .venv/bin/python -m bench.rest_api --runs 200
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

from fastapi.testclient import TestClient
from sqlmodel import Session, func, select

from bench.server_side import measure
from inbox_app.api.app import create_api
from inbox_app.db import get_engine
from inbox_app.models.tables import Conversation, utcnow
from inbox_app.services.integrations.api_keys import create_api_key


def cases(client: TestClient, top_id: int) -> dict[str, Callable[[int], object]]:
    cursors: list[str | None] = [None]

    def next_page(_n: int) -> None:  # walks down the list, 25 at a time (keyset, no OFFSET)
        page = client.get(
            "/api/v1/conversations", params={"cursor": cursors[-1]} if cursors[-1] else {}
        ).json()
        cursors.append(page["next"])

    def ok(response) -> None:
        assert response.status_code < 300, response.text

    return {
        "GET /api/v1/conversations (first page)": lambda _n: ok(
            client.get("/api/v1/conversations")
        ),
        "GET /api/v1/conversations (next pages, by cursor)": next_page,
        "GET /api/v1/conversations?state=open&channel=email": lambda _n: ok(
            client.get("/api/v1/conversations", params={"state": "open", "channel": "email"})
        ),
        "GET /api/v1/conversations/{id}": lambda n: ok(
            client.get(f"/api/v1/conversations/{top_id - n * 97 % 90_000}")
        ),
        "POST /api/v1/conversations/{id}/messages": lambda n: ok(
            client.post(
                f"/api/v1/conversations/{top_id - n % 1000}/messages",
                json={"kind": "reply", "body": f"bench {n}"},
            )
        ),
        "PUT /api/v1/contacts": lambda n: ok(
            client.put(
                "/api/v1/contacts",
                json={"email": f"bench{n % 500}@example.net", "attributes": {"n": str(n)}},
            )
        ),
    }


def sustained(client: TestClient, top_id: int, *, seconds: float) -> float:
    sent, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        client.post(
            f"/api/v1/conversations/{top_id - sent % 1000}/messages",
            json={"kind": "comment", "body": f"sustained {sent}"},
        )
        sent += 1
    return sent / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=10.0)
    args = parser.parse_args()
    with Session(get_engine()) as session:
        top_id = session.exec(select(func.max(Conversation.id))).one() or 0
        key = create_api_key(session, name="bench", now=utcnow()).key
    with TestClient(create_api(), headers={"Authorization": f"Bearer {key}"}) as client:
        for name, call in cases(client, top_id).items():
            p50, p95 = measure(args.runs, call)
            print(f"{name:55} p50 {p50:7.2f} ms   p95 {p95:7.2f} ms")
        rate = sustained(client, top_id, seconds=args.seconds)
        print(f"{'API messages a second, one client, sustained':55} {rate:7.0f} /s")


if __name__ == "__main__":
    main()
