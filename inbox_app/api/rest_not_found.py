"""Middleware: under /api/v1/, a path that no route knows answers 404 as problem details.

Reflex mounts its own app inside ours (`api_transformer`), so such a request fell through to it
and came back as the dashboard's HTML "404" page, or as plain text for a path with a newline
in it: an integration parsing JSON got neither. Plain ASGI; only a 404 that is not already
problem details is replaced, so the API's own 404s ("That conversation does not exist.")
keep their text.

A path with a newline inside never reached us: Starlette's `{path:path}` (`.*`), with which
Reflex mounts everything, does not match across a newline, so its outermost router answered
plain text. `paths_match_newlines` lets `.` match them too (installed before Reflex mounts)."""

from __future__ import annotations

from starlette.convertors import PathConvertor, register_url_convertor

from inbox_app.api.rest_problems import MEDIA_TYPE, REST_PREFIX, problem

_UNKNOWN = "No such path in the REST API; see /api/docs for the paths it has."


class RestNotFound:
    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(REST_PREFIX):
            return await self.app(scope, receive, send)
        replaced = False

        async def answering(message) -> None:
            nonlocal replaced
            if message["type"] == "http.response.start" and _foreign_404(message):
                replaced = True
                await problem(404, _UNKNOWN)(scope, receive, send)
            elif not replaced:  # the replaced answer's own body is dropped
                await send(message)

        await self.app(scope, receive, answering)


def _foreign_404(start: dict) -> bool:
    if start["status"] != 404:
        return False
    headers = dict(start.get("headers") or [])
    return not headers.get(b"content-type", b"").startswith(MEDIA_TYPE.encode())


class _AnyPath(PathConvertor):
    regex = "(?s:.*)"


def paths_match_newlines() -> None:
    register_url_convertor("path", _AnyPath())
