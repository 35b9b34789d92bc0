"""Only the sites an admin listed may use the widget (Settings → Chat widget; none listed: any).

Two locks: widget-frame.html carries `frame-ancestors` so browsers refuse to show the panel on
other sites, and the public /api/widget endpoints refuse requests whose Origin is another site
(403, nothing done). Requests without an Origin, or from the inbox's own pages (the panel itself
runs on our origin), pass. Each worker caches the list for a few seconds (a middleware runs per
request) and forgets it when an admin changes it, on every worker through the bus.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from functools import partial
from urllib.parse import urlsplit

from fastapi import Request
from fastapi.responses import JSONResponse
from starlette.datastructures import MutableHeaders

from inbox_app.db import session_scope
from inbox_app.realtime.transport import bus
from inbox_app.services.widget.config import allowed_origins

CACHE_SECONDS = 3.0
REFUSED = "This website may not use the chat."
_cache: dict[str, tuple[float, list[str]]] = {}


def _from_database() -> list[str]:
    with session_scope() as session:
        return allowed_origins(session)


load_origins: Callable[[], list[str]] = _from_database  # tests point this at their database


async def site_origins() -> list[str]:
    """The allowed sites; when the cache ran out, read on a worker thread (the middleware runs
    on the event loop, which must never wait for a pooled connection)."""
    cached = _cache.get("origins")
    if cached is None or time.monotonic() - cached[0] > CACHE_SECONDS:
        cached = (time.monotonic(), await asyncio.to_thread(load_origins))
        _cache["origins"] = cached
    return cached[1]


def forget_cached_origins() -> None:
    """This worker reads the list again on its next request."""
    _cache.clear()


async def _forget_here(_body) -> None:
    forget_cached_origins()


bus.on("widget_origins", _forget_here)


def announce_origins_changed() -> None:
    """After an admin changed the list: every worker reads it again (from the event loop)."""
    forget_cached_origins()
    bus.send("widget_origins", None)


async def _may_call(request: Request) -> bool:
    origin = request.headers.get("origin")
    if not origin or urlsplit(origin).netloc == request.headers.get("host", ""):
        return True
    sites = await site_origins()
    return not sites or origin.lower().rstrip("/") in sites


class SiteOriginsOnly:
    """Plain ASGI middleware (Starlette's BaseHTTPMiddleware costs a task per request)."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        path, request = scope["path"], Request(scope)
        if (
            path.startswith("/api/widget")
            and request.method != "OPTIONS"
            and not await _may_call(request)
        ):
            return await JSONResponse({"detail": REFUSED}, status_code=403)(scope, receive, send)
        if path.startswith("/widget-frame.html"):
            send = partial(_with_frame_headers, send)
        return await self.app(scope, receive, send)


async def _with_frame_headers(send, message) -> None:
    if message["type"] == "http.response.start":
        headers = MutableHeaders(scope=message)
        # no-store: a cached copy (or a 304) would keep yesterday's frame-ancestors
        headers["Cache-Control"] = "no-store"
        if sites := await site_origins():
            headers["Content-Security-Policy"] = "frame-ancestors 'self' " + " ".join(sites)
    await send(message)
