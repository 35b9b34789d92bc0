"""Middleware: every HTTP request gets an id, answered in `X-Request-ID` and put on every log
line written while it is served; one line per API request says how it ended.

Plain ASGI (like SmallBodies): Starlette's BaseHTTPMiddleware costs a task and a stream per
request. The FastAPI app wraps Reflex's, so page and socket.io requests get an id too.
"""

from __future__ import annotations

import logging
import time

from starlette.datastructures import Headers, MutableHeaders

from inbox_app.logging_setup import REQUEST_ID, request_id_from
from inbox_app.operations import in_flight

log = logging.getLogger("inbox_app.requests")


class RequestIds:
    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        request_id = request_id_from(Headers(scope=scope).get("x-request-id"))
        token = REQUEST_ID.set(request_id)
        started, status = time.perf_counter(), [500]

        async def send_with_id(message) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
                MutableHeaders(scope=message)["X-Request-ID"] = request_id
            await send(message)

        in_flight.entered()  # a stop waits for it (operations/in_flight.py)
        try:
            await self.app(scope, receive, send_with_id)
        finally:
            in_flight.left()
            _log_request(scope, status=status[0], seconds=time.perf_counter() - started)
            REQUEST_ID.reset(token)


def _log_request(scope, *, status: int, seconds: float) -> None:
    """API requests at INFO; the frontend's own files only at DEBUG: a page load fetches
    dozens of them, which would bury everything else."""
    path = scope["path"]
    level = logging.INFO if path.startswith("/api/") else logging.DEBUG
    if not log.isEnabledFor(level):
        return
    duration_ms = round(seconds * 1000, 1)
    log.log(
        level,
        "%s %s %s %.1f ms",
        scope["method"],
        path,
        status,
        duration_ms,
        extra={
            "method": scope["method"],
            "path": path,
            "status": status,
            "duration_ms": duration_ms,
        },
    )
