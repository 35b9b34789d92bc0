"""Who calls the REST API: an integration named by its key (`Authorization: Bearer <key>`),
within its rate limit (requests a minute per key; `INBOX_API_RATE_LIMIT`, default 600).

The check is async with one trip to the thread pool, for the key's row and the limit (a round
trip with Redis): a sync dependency on a session dependency cost three, and held the pooled
connection until the answer was sent. On one worker a key's answer is kept for a second
(services/kept_answers.py; a revoke forgets it at once), and its limit is counted in memory:
no trip at all, a seventh of an API message's CPU."""

from __future__ import annotations

import os
import time
from typing import Annotated

from fastapi import Depends, HTTPException, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from limits import RateLimitItemPerMinute
from starlette.concurrency import run_in_threadpool

from inbox_app.api.deps import SessionFactory
from inbox_app.api.widget_guards import limiter
from inbox_app.models.dto import IntegrationActor
from inbox_app.models.tables import ApiKey, utcnow
from inbox_app.realtime.transport import redis_link
from inbox_app.services.integrations.api_keys import authenticate, hash_key
from inbox_app.services.kept_answers import KeptAnswers

PER_KEY = RateLimitItemPerMinute(
    max(1, int(os.environ.get("INBOX_API_RATE_LIMIT", "600") or "600"))
)
# With several workers (Redis) nothing is kept: each request reads the row and counts its
# limit in Redis, on the thread pool.
_kept: KeptAnswers[str, IntegrationActor] = KeptAnswers(
    ApiKey, seconds=1.0, in_use=lambda: not redis_link.enabled()
)
_bearer = HTTPBearer(auto_error=False, description="An API key made in Settings → API keys.")


def _refused() -> HTTPException:
    return HTTPException(
        status.HTTP_401_UNAUTHORIZED,
        "Send a valid API key as `Authorization: Bearer <key>`.",
        headers={"WWW-Authenticate": "Bearer"},
    )


async def integration(
    sessions: SessionFactory,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> IntegrationActor:
    """The key's integration, or 401 (no key, a wrong one, a revoked one); 429 over its limit."""
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise _refused()
    key = credentials.credentials.strip()
    key_hash = hash_key(key)
    found, actor = _kept.get(key_hash)
    if found and actor is not None:
        within_rate_limit(actor.api_key_id)  # kept only on one worker: in memory, no trip
        return actor
    return await run_in_threadpool(_check_and_keep, sessions, key, key_hash)


def _check(sessions, key: str) -> IntegrationActor:
    with sessions() as session:  # closed before the request goes on
        actor = authenticate(session, key=key, now=utcnow())
    if actor is None:
        raise _refused()
    within_rate_limit(actor.api_key_id)
    return actor


def _check_and_keep(sessions, key: str, key_hash: str) -> IntegrationActor:
    generation = _kept.generation
    actor = _check(sessions, key)  # a refused key is not kept: a flood of wrong ones
    _kept.keep(key_hash, actor, generation=generation)
    return actor


def within_rate_limit(api_key_id: int) -> None:
    key = f"api-key:{api_key_id}"
    if limiter().hit(PER_KEY, key):
        return
    reset_at = limiter().get_window_stats(PER_KEY, key).reset_time
    wait = max(1, int(reset_at - time.time()) + 1)
    raise HTTPException(
        status.HTTP_429_TOO_MANY_REQUESTS,
        f"Over this key's limit of {PER_KEY.amount} requests a minute.",
        headers={"Retry-After": str(wait)},
    )


Integration = Annotated[IntegrationActor, Depends(integration)]
