"""Guards for the widget's public endpoints: body size before reading, and rate limits.

Rate limits use the `limits` library (moving windows): in memory with one worker, in Redis
(shared by every worker) when `INBOX_REDIS_URL` is set.
"""

from __future__ import annotations

from fastapi import HTTPException, Request, status
from fastapi.responses import JSONResponse
from limits import RateLimitItemPerMinute, storage, strategies

from inbox_app.settings import get_settings

MAX_BODY_BYTES = 64 * 1024
PER_ADDRESS = RateLimitItemPerMinute(120)
STARTS_PER_ADDRESS = RateLimitItemPerMinute(10)
PER_VISITOR = RateLimitItemPerMinute(30)
_limiter: strategies.MovingWindowRateLimiter | None = None
TOO_MANY = "Too many messages in a short time. Please wait a moment and try again."


async def small_bodies(request: Request, call_next):
    """Middleware: a widget POST must declare its length, and a small one, before it is read."""
    if request.url.path.startswith("/api/widget") and request.method == "POST":
        declared = request.headers.get("content-length", "")
        if not declared.isdigit():
            return JSONResponse({"detail": "Send the body with its length."}, status_code=411)
        if int(declared) > MAX_BODY_BYTES:
            return JSONResponse({"detail": "That is too long to send."}, status_code=413)
    return await call_next(request)


def within_limits(request: Request, *, visitor: str = "", starting: bool = False) -> None:
    address = request.client.host if request.client else "unknown"
    checks = [(PER_ADDRESS, f"address:{address}")]
    checks += [(STARTS_PER_ADDRESS, f"start:{address}")] if starting else []
    checks += [(PER_VISITOR, f"visitor:{visitor}")] if visitor else []
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
