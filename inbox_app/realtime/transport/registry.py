"""Small registries every worker must agree on (who is online, who views or types what).

One process keeps them in a dict; with `INBOX_REDIS_URL` they live in a Redis hash per name,
values as JSON. Whether a browser tab still holds a socket anywhere is Reflex's own record:
its token manager keeps one Redis key per connected tab, deleted when the socket goes.
"""

from __future__ import annotations

import json
from typing import Any, cast

from reflex.utils.token_manager import RedisTokenManager

from inbox_app.realtime.transport import redis_link, sockets

_local: dict[str, dict[str, Any]] = {}


def put(name: str, key: str, value: Any) -> None:
    if redis_link.enabled():
        redis_link.sync_client().hset(f"inbox:{name}", key, json.dumps(value))
    else:
        _local.setdefault(name, {})[key] = value


def get(name: str, key: str) -> Any:
    if redis_link.enabled():
        raw = cast("str | None", redis_link.sync_client().hget(f"inbox:{name}", key))
        return None if raw is None else json.loads(raw)
    return _local.get(name, {}).get(key)


def entries(name: str) -> dict[str, Any]:
    if redis_link.enabled():
        raw = cast("dict[str, str]", redis_link.sync_client().hgetall(f"inbox:{name}"))
        return {key: json.loads(value) for key, value in raw.items()}
    return dict(_local.get(name, {}))


def remove(name: str, keys: list[str]) -> None:
    if not keys:
        return
    if redis_link.enabled():
        redis_link.sync_client().hdel(f"inbox:{name}", *keys)
    else:
        for key in keys:
            _local.get(name, {}).pop(key, None)


def take(name: str, key: str) -> Any:
    """Remove and return one entry; of several workers taking at once, one gets it."""
    if redis_link.enabled():
        pipe = redis_link.sync_client().pipeline()
        pipe.hget(f"inbox:{name}", key)
        pipe.hdel(f"inbox:{name}", key)
        raw, removed = pipe.execute()
        return json.loads(raw) if removed and raw is not None else None
    return _local.get(name, {}).pop(key, None)


def clear(name: str) -> None:
    if redis_link.enabled():
        redis_link.sync_client().delete(f"inbox:{name}")
    else:
        _local.pop(name, None)


def claim(name: str, *, seconds: float) -> bool:
    """True for one worker at a time, until `release` or `seconds` (if that worker died):
    for chores that must not run twice at once."""
    if not redis_link.enabled():
        return True
    client = redis_link.sync_client()
    return bool(client.set(f"inbox:claim:{name}", "1", nx=True, px=int(seconds * 1000)))


def release(name: str) -> None:
    if redis_link.enabled():
        redis_link.sync_client().delete(f"inbox:claim:{name}")


def connected(tokens: list[str]) -> set[str]:
    """The tokens among these whose tab holds a socket on any worker."""
    if not redis_link.enabled():
        return set(tokens) & set(sockets.connected_tokens())
    prefix = RedisTokenManager._token_socket_record_prefix
    pipe = redis_link.sync_client().pipeline(transaction=False)
    for token in tokens:
        pipe.exists(f"{prefix}{token}")
    return {token for token, found in zip(tokens, pipe.execute(), strict=True) if found}
