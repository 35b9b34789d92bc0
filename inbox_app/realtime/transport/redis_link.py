"""The Redis connections of this worker, made on first use (after the fork, never at import).

Without `INBOX_REDIS_URL` there are none and every registry stays in this process.
"""

from __future__ import annotations

from functools import lru_cache

import redis
import redis.asyncio as redis_async

from inbox_app.settings import get_settings


def enabled() -> bool:
    return get_settings().redis_url is not None


@lru_cache(maxsize=1)
def sync_client() -> redis.Redis:
    """For the registries: a loopback round trip is ~0.1 ms, cheaper than a task switch."""
    return redis.Redis.from_url(get_settings().redis_url or "", decode_responses=True)


@lru_cache(maxsize=1)
def async_client() -> redis_async.Redis:
    return redis_async.Redis.from_url(get_settings().redis_url or "")
