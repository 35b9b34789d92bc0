"""Middleware: Reflex's upload endpoint (`rx.upload`, used by Import CSV) takes a body that
declares its length and is at most the import's limit, checked before a byte is read. The
browser's `max_size` is only advice: anyone can post there (see docs/REFLEX_NOTES)."""

from __future__ import annotations

from fastapi.responses import JSONResponse
from starlette.datastructures import Headers

from inbox_app.services.contacts.csv_rows import MAX_BYTES

UPLOAD_PATH = "/_upload"
MAX_UPLOAD_BODY = MAX_BYTES + 64 * 1024  # the file and its multipart framing


class UploadBodies:
    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        refusal = _refusal(scope) if scope["type"] == "http" else None
        if refusal is None:
            return await self.app(scope, receive, send)
        return await refusal(scope, receive, send)


def _refusal(scope) -> JSONResponse | None:
    if scope["method"] != "POST" or not scope["path"].rstrip("/").endswith(UPLOAD_PATH):
        return None
    declared = Headers(scope=scope).get("content-length", "")
    if not declared.isdigit():
        return JSONResponse({"detail": "Send the body with its length."}, status_code=411)
    if int(declared) > MAX_UPLOAD_BODY:
        return JSONResponse({"detail": "The file is over 2 MB."}, status_code=413)
    return None
