"""The REST API's message writer alone, in process, without HTTP: CPU per message of
`store_api_message` stored through the group commit (`_commit_batch`) in batches of 8, as the
served app's writer thread does under concurrent clients. What is left of a message's cost once
the HTTP stack is taken away (compare bench/rest_throughput.py).

Writes into the database: run it on a copy.

rm -rf /tmp/bench-copy && cp -r /tmp/bench /tmp/bench-copy
INBOX_DATA_DIR=/tmp/bench-copy taskset -c 0 .venv/bin/python -m bench.api_writer --kind reply
"""

from __future__ import annotations

import argparse
import time
from concurrent.futures import Future
from functools import partial

from sqlmodel import Session, func, select

from inbox_app.api.rest_messages import store_api_message
from inbox_app.db import get_engine, session_scope
from inbox_app.models.dto import IntegrationActor
from inbox_app.models.enums import MessageKind
from inbox_app.models.tables import ApiKey, Conversation, utcnow
from inbox_app.realtime.group_commit import _commit_batch, _Write
from inbox_app.services.integrations.api_keys import create_api_key

BATCH = 8
WARM_UP_BATCHES = 10


def _batch(caller: IntegrationActor, *, kind: MessageKind, top: int, start: int) -> list[_Write]:
    """8 messages spread over the newest 1,000 conversations (as rest_throughput's clients)."""
    return [
        _Write(
            session_scope,
            partial(
                store_api_message,
                caller=caller,
                conversation_id=top - (start + n) % 1000,
                kind=kind,
                body=f"throughput {start}-{n}",
                attachment_ids=[],
                idempotency_key=None,
            ),
            Future(),
        )
        for n in range(BATCH)
    ]


def run(*, kind: MessageKind, messages: int) -> None:
    with Session(get_engine()) as session:
        top = session.exec(select(func.max(Conversation.id))).one() or 0
        create_api_key(session, name="api-writer bench", now=utcnow())
        key_id = session.exec(select(func.max(ApiKey.id))).one() or 0
    caller = IntegrationActor(name="API key api-writer bench", api_key_id=key_id)
    for start in range(0, WARM_UP_BATCHES * BATCH, BATCH):
        _commit_batch(_batch(caller, kind=kind, top=top, start=start))
    cpu, wall = time.thread_time(), time.perf_counter()
    for start in range(0, messages, BATCH):
        batch = _batch(caller, kind=kind, top=top, start=start)
        _commit_batch(batch)
        for write in batch:
            write.answer.result()  # every one stored, none refused
    cpu, wall = time.thread_time() - cpu, time.perf_counter() - wall
    print(
        f"{kind.value}: {cpu / messages * 1000:.2f} ms CPU, "
        f"{wall / messages * 1000:.2f} ms wall a message ({messages} in batches of {BATCH})"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--kind", choices=("reply", "comment", "incoming"), default="reply")
    parser.add_argument("--messages", type=int, default=2000)
    args = parser.parse_args()
    run(kind=MessageKind(args.kind), messages=args.messages)


if __name__ == "__main__":
    main()
