"""Guards for the widget's public endpoints: body size before reading, and rate limits.

Rate limits use the `limits` library (moving windows): in memory with one worker, in Redis
(shared by every worker) when `INBOX_REDIS_URL` is set.
"""

from __future__ import annotations

import os

from fastapi import HTTPException, Request, status
from fastapi.responses import JSONResponse
from limits import RateLimitItemPerMinute, storage, strategies
from starlette.datastructures import Headers

from inbox_app.api.client_address import request_address
from inbox_app.services.attachments.storage import MAX_ATTACHMENT_BYTES, TOO_LARGE_MESSAGE
from inbox_app.services.client_address import address_key
from inbox_app.settings import get_settings

MAX_BODY_BYTES = 64 * 1024
# Load tests from one address raise every limit by this factor (see docs/PERFORMANCE.md).
_SCALE = max(1, int(os.environ.get("INBOX_WIDGET_RATE_LIMIT_SCALE", "1") or "1"))
PER_ADDRESS = RateLimitItemPerMinute(120 * _SCALE)
STARTS_PER_ADDRESS = RateLimitItemPerMinute(10 * _SCALE)
PER_VISITOR = RateLimitItemPerMinute(30 * _SCALE)
TYPING_PER_VISITOR = RateLimitItemPerMinute(60 * _SCALE)
# Reads render messages: a widget long-polls (about 3 a minute idle, one per message in a busy
# chat), so these budgets leave a real chat far below them and stop a loop that reads to burn CPU.
READS_PER_VISITOR = RateLimitItemPerMinute(90 * _SCALE)
READS_PER_ADDRESS = RateLimitItemPerMinute(600 * _SCALE)
_limiter: strategies.MovingWindowRateLimiter | None = None
TOO_MANY = "Too many messages in a short time. Please wait a moment and try again."


class SmallBodies:
    """Middleware: a widget POST must declare its length, and a small one, before it is read.
    Plain ASGI: Starlette's BaseHTTPMiddleware costs a task and a stream per request."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        refusal = _refusal(scope) if scope["type"] == "http" else None
        if refusal is None:
            return await self.app(scope, receive, send)
        return await refusal(scope, receive, send)


def _refusal(scope) -> JSONResponse | None:
    path = scope["path"]
    if not path.startswith("/api/widget") or scope["method"] != "POST":
        return None
    declared = Headers(scope=scope).get("content-length", "")
    if not declared.isdigit():
        return JSONResponse({"detail": "Send the body with its length."}, status_code=411)
    limit, refusal = _body_limit(path)
    if int(declared) > limit:
        return JSONResponse({"detail": refusal}, status_code=413)
    return None


def _body_limit(path: str) -> tuple[int, str]:
    """A file upload may take 10 MB; every other widget POST is small."""
    if path == "/api/widget/attachments":
        return MAX_ATTACHMENT_BYTES, TOO_LARGE_MESSAGE
    return MAX_BODY_BYTES, "That is too long to send."


def within_limits(request: Request, *, visitor: str = "", starting: bool = False) -> None:
    address = address_key(request_address(request))
    checks = [(PER_ADDRESS, f"address:{address}")]
    checks += [(STARTS_PER_ADDRESS, f"start:{address}")] if starting else []
    checks += [(PER_VISITOR, f"visitor:{visitor}")] if visitor else []
    _hit_all(checks)


def typing_within_limits(*, visitor: str) -> bool:
    """Typing signals have their own budget, so they never use up the visitor's messages."""
    return limiter().hit(TYPING_PER_VISITOR, f"typing:{visitor}")


def reads_within_limits(request: Request, *, visitor: str) -> None:
    address = address_key(request_address(request))
    _hit_all(
        [
            (READS_PER_ADDRESS, f"reads-address:{address}"),
            (READS_PER_VISITOR, f"reads-visitor:{visitor}"),
        ]
    )


def _hit_all(checks: list[tuple[RateLimitItemPerMinute, str]]) -> None:
    for item, key in checks:
        if not limiter().hit(item, key):
            raise HTTPException(status.HTTP_429_TOO_MANY_REQUESTS, TOO_MANY)


def limiter() -> strategies.MovingWindowRateLimiter:
    """Made on first use, in the worker (a Redis connection must not cross a fork)."""
    global _limiter
    if _limiter is None:
        url = get_settings().redis_url
        kept = storage.storage_from_string(url) if url else storage.MemoryStorage()
        _limiter = strategies.MovingWindowRateLimiter(kept)
    return _limiter


def reset() -> None:
    """Forget every counter (tests)."""
    limiter().storage.reset()
