"""Middleware: a REST API body must declare its length, at most 256 KiB, before it is read
(413 over it, 411 without a length). Plain ASGI, like the widget's SmallBodies."""

from __future__ import annotations

from starlette.datastructures import Headers

from inbox_app.api.rest_problems import REST_PREFIX, problem

MAX_REST_BODY_BYTES = 256 * 1024  # a 50,000-character message in any script, with room
_WITH_BODY = {"POST", "PUT", "PATCH"}


class RestBodies:
    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        refusal = _refusal(scope) if scope["type"] == "http" else None
        if refusal is None:
            return await self.app(scope, receive, send)
        return await refusal(scope, receive, send)


def _refusal(scope):
    if not scope["path"].startswith(REST_PREFIX) or scope["method"] not in _WITH_BODY:
        return None
    declared = Headers(scope=scope).get("content-length", "")
    if not declared.isdigit():
        return problem(411, "Send the body with its length (Content-Length).")
    if _is_upload(scope["path"]):  # the endpoint refuses a file over its limit itself
        return None
    if int(declared) > MAX_REST_BODY_BYTES:
        return problem(413, f"The body is over {MAX_REST_BODY_BYTES // 1024} KiB.")
    return None


def _is_upload(path: str) -> bool:
    """`/api/v1/conversations/<id>/attachments`: a file of up to 10 MB."""
    parts = path.rstrip("/").split("/")
    return len(parts) == 6 and parts[3] == "conversations" and parts[5] == "attachments"
