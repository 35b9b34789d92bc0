"""Sending a message through the REST API with 5 webhooks registered vs none: the action only
stores its deliveries (in its own transaction), the sender loop does the network, so the two
should cost the same. p50/p95 of POST /api/v1/conversations/{id}/messages, measured in
alternating blocks so the shared machine's noise falls on both sides alike.

INBOX_DATA_DIR=/tmp/bench .venv/bin/python -m inbox_app migrate
INBOX_DATA_DIR=/tmp/bench .venv/bin/python -m inbox_app seed-demo --conversations 100000 --messages-per-conversation 10
INBOX_DATA_DIR=/tmp/bench INBOX_API_RATE_LIMIT=1000000 .venv/bin/python -m bench.webhooks --runs 1000
"""

from __future__ import annotations

import argparse
import statistics
import time

from fastapi.testclient import TestClient
from sqlalchemy import delete
from sqlmodel import Session, func, select

from inbox_app.api.app import create_api
from inbox_app.db import get_engine
from inbox_app.models.enums import Role
from inbox_app.models.tables import Agent, Conversation, utcnow
from inbox_app.models.webhooks import Webhook, WebhookDelivery
from inbox_app.services.integrations import webhooks
from inbox_app.services.integrations.api_keys import create_api_key
from inbox_app.services.team.agents import to_view

BLOCKS = 10


def _set_webhooks(count: int) -> None:
    """`count` webhooks for every event (targets that are never called: no sender runs)."""
    with Session(get_engine()) as session:
        session.exec(delete(WebhookDelivery))  # type: ignore[call-overload]
        session.exec(delete(Webhook))  # type: ignore[call-overload]
        session.commit()
        admin = to_view(session.exec(select(Agent).where(Agent.role == Role.admin)).first())
        for n in range(count):
            webhooks.create_webhook(
                session,
                actor=admin,
                url=f"http://127.0.0.1:9/bench-{n}",
                events=list(webhooks.EVENTS),
                now=utcnow(),
                allow_private=True,
            )


def _send(client: TestClient, conversation_id: int, n: int) -> float:
    started = time.perf_counter()
    answer = client.post(
        f"/api/v1/conversations/{conversation_id}/messages",
        json={"kind": "reply", "body": f"webhook bench {n}"},
    )
    assert answer.status_code < 300, answer.text
    return (time.perf_counter() - started) * 1000


def _hook_alone(runs: int) -> float:
    """What every action pays when no webhook is registered: one indexed read."""
    with Session(get_engine()) as session:
        taken = []
        for _n in range(runs):
            started = time.perf_counter()
            webhooks.enqueue(session, event="message.created", payload={}, now=utcnow())
            taken.append((time.perf_counter() - started) * 1000)
        session.rollback()
    return statistics.median(taken)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=1000)
    args = parser.parse_args()
    with Session(get_engine()) as session:
        top_id = session.exec(select(func.max(Conversation.id))).one() or 0
        key = create_api_key(session, name="webhook bench", now=utcnow()).key
    samples: dict[int, list[float]] = {0: [], 5: []}
    per_block = max(args.runs // BLOCKS, 1)
    with TestClient(create_api(), headers={"Authorization": f"Bearer {key}"}) as client:
        for block in range(BLOCKS):
            for count in (0, 5) if block % 2 == 0 else (5, 0):
                _set_webhooks(count)
                for n in range(per_block):
                    samples[count].append(_send(client, top_id - n % 1000, n))
    _set_webhooks(0)
    print(f"{'the hook alone, no webhooks (enqueue)':45} p50 {_hook_alone(args.runs):7.3f} ms")
    for count, taken in samples.items():
        taken.sort()
        p50, p95 = statistics.median(taken), taken[int(len(taken) * 0.95) - 1]
        label = f"POST .../messages with {count} webhooks"
        print(f"{label:45} p50 {p50:7.2f} ms   p95 {p95:7.2f} ms   ({len(taken)} runs)")


if __name__ == "__main__":
    main()
