"""The soak's integration: a plugin and a bot on the REST API with an API key, as integrators
use it (issue 12). Every 1-3 s one of: a page of open conversations, a comment on a live chat
(with an Idempotency-Key; comments stay internal, so the visitors' own figures are untouched),
or a contact's details filled in (PUT /api/v1/contacts). Each call's time is the "api" series."""

from __future__ import annotations

import asyncio
import itertools
import random
import time
import uuid
from typing import TYPE_CHECKING

from bench.soak.clients import Http

if TYPE_CHECKING:
    from bench.soak.run import Soak


def make_api_key() -> str:
    """A fresh key in the soak's database (before the server starts)."""
    from sqlmodel import Session

    from inbox_app.db import get_engine
    from inbox_app.models.tables import utcnow
    from inbox_app.services.integrations.api_keys import create_api_key

    with Session(get_engine()) as session:
        return create_api_key(session, name=f"soak {uuid.uuid4().hex[:6]}", now=utcnow()).key


async def rest_bot(soak: Soak, key: str) -> None:
    conn = Http(soak.url)
    headers = {"Authorization": f"Bearer {key}"}
    calls = itertools.cycle((_list_open, _comment, _fill_contact))
    await asyncio.sleep(soak.args.warmup / 3)
    while not soak.stopping:
        await asyncio.sleep(random.uniform(1, 3))
        await next(calls)(soak, conn, headers)


async def _timed(soak: Soak, conn: Http, method: str, path: str, expect, **kwargs) -> None:
    started = time.perf_counter()
    answer = await soak.call(conn, "api", method, path, expect=expect, **kwargs)
    if answer is not None:
        soak.rec.sample("api", started, time.perf_counter() - started)
        soak.rec.count("api calls")


async def _list_open(soak: Soak, conn: Http, headers: dict[str, str]) -> None:
    await _timed(
        soak, conn, "GET", "/api/v1/conversations?state=open&limit=25", (200,), headers=headers
    )


async def _comment(soak: Soak, conn: Http, headers: dict[str, str]) -> None:
    chats = list(soak.visitors)
    if not chats:
        return
    await _timed(
        soak,
        conn,
        "POST",
        f"/api/v1/conversations/{random.choice(chats)}/messages",
        (201,),
        json_body={"kind": "comment", "body": f"bot note {uuid.uuid4().hex[:10]}"},
        headers={**headers, "Idempotency-Key": uuid.uuid4().hex},
    )


async def _fill_contact(soak: Soak, conn: Http, headers: dict[str, str]) -> None:
    number = random.randint(1, 500)
    await _timed(
        soak,
        conn,
        "PUT",
        "/api/v1/contacts",
        (200, 201),
        json_body={
            "email": f"soak-customer-{number}@example.org",
            "name": f"Soak Customer {number}",
            "company": random.choice(("Meyer GmbH", "Acme", "Nordwind AG")),
        },
        headers=headers,
    )
