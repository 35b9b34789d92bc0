"""Every page but the widget's panel refuses to be framed (clickjacking): a signed-in agent's
dashboard shown invisibly inside another site would turn their clicks into that site's."""

from __future__ import annotations

from functools import partial

from starlette.datastructures import MutableHeaders

FRAMED_BY_SITES = "/widget-frame.html"  # its own frame-ancestors: see widget_origins


class NoFraming:
    """Plain ASGI middleware (Starlette's BaseHTTPMiddleware costs a task per request)."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "http" and not scope["path"].startswith(FRAMED_BY_SITES):
            send = partial(_refuse_frames, send)
        return await self.app(scope, receive, send)


async def _refuse_frames(send, message) -> None:
    if message["type"] == "http.response.start":
        headers = MutableHeaders(scope=message)
        headers.setdefault("Content-Security-Policy", "frame-ancestors 'none'")
        headers.setdefault("X-Frame-Options", "DENY")
    await send(message)
