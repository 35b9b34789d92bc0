"""Guards for the widget's public endpoints: body size before reading, and rate limits.

Rate limits use the `limits` library (moving windows, in memory: one worker; several workers
will share them through Redis with the live issue).
"""

from __future__ import annotations

import os

from fastapi import HTTPException, Request, status
from fastapi.responses import JSONResponse
from limits import RateLimitItemPerMinute, storage, strategies

from inbox_app.services.attachment_storage import MAX_ATTACHMENT_BYTES, TOO_LARGE_MESSAGE

MAX_BODY_BYTES = 64 * 1024
# Load tests from one address raise every limit by this factor (see docs/PERFORMANCE.md).
_SCALE = max(1, int(os.environ.get("INBOX_WIDGET_RATE_LIMIT_SCALE", "1") or "1"))
PER_ADDRESS = RateLimitItemPerMinute(120 * _SCALE)
STARTS_PER_ADDRESS = RateLimitItemPerMinute(10 * _SCALE)
PER_VISITOR = RateLimitItemPerMinute(30 * _SCALE)
_limiter = strategies.MovingWindowRateLimiter(storage.MemoryStorage())
TOO_MANY = "Too many messages in a short time. Please wait a moment and try again."


async def small_bodies(request: Request, call_next):
    """Middleware: a widget POST must declare its length, and a small one, before it is read."""
    if request.url.path.startswith("/api/widget") and request.method == "POST":
        declared = request.headers.get("content-length", "")
        if not declared.isdigit():
            return JSONResponse({"detail": "Send the body with its length."}, status_code=411)
        limit, refusal = _body_limit(request.url.path)
        if int(declared) > limit:
            return JSONResponse({"detail": refusal}, status_code=413)
    return await call_next(request)


def _body_limit(path: str) -> tuple[int, str]:
    """A file upload may take 10 MB; every other widget POST is small."""
    if path == "/api/widget/attachments":
        return MAX_ATTACHMENT_BYTES, TOO_LARGE_MESSAGE
    return MAX_BODY_BYTES, "That is too long to send."


def within_limits(request: Request, *, visitor: str = "", starting: bool = False) -> None:
    address = request.client.host if request.client else "unknown"
    checks = [(PER_ADDRESS, f"address:{address}")]
    checks += [(STARTS_PER_ADDRESS, f"start:{address}")] if starting else []
    checks += [(PER_VISITOR, f"visitor:{visitor}")] if visitor else []
    for item, key in checks:
        if not _limiter.hit(item, key):
            raise HTTPException(status.HTTP_429_TOO_MANY_REQUESTS, TOO_MANY)


TYPING_PER_VISITOR = RateLimitItemPerMinute(60 * _SCALE)


def typing_within_limits(*, visitor: str) -> bool:
    """Typing signals have their own budget, so they never use up the visitor's messages."""
    return _limiter.hit(TYPING_PER_VISITOR, f"typing:{visitor}")


def reset() -> None:
    """Forget every counter (tests)."""
    _limiter.storage.reset()
