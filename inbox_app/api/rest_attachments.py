"""REST API: files on messages. An integration uploads a file to a conversation (raw bytes,
its name percent-encoded in `X-Filename`, at most 10 MB), then sends it with a message
(`attachment_ids`); it downloads any message's file with its key.

Like the composer's uploads, nothing the caller says about a file is trusted (records.py);
a download is never served as active content."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Request, status
from fastapi.responses import FileResponse, JSONResponse
from starlette.requests import ClientDisconnect

from inbox_app.api.attachments import (
    _check_conversation,
    _declared_length,
    _download_headers,
    _record,
    _too_large,
)
from inbox_app.api.deps import AppSettings, DbSession
from inbox_app.api.rest_auth import Integration
from inbox_app.api.rest_models import AttachmentOut
from inbox_app.api.rest_responses import ERRORS, attachment_out
from inbox_app.services.attachments.records import IMAGE_TYPES, OCTET_STREAM, download_info
from inbox_app.services.attachments.storage import (
    MAX_ATTACHMENT_BYTES,
    AttachmentTooLarge,
    open_path,
    write_stream,
)
from inbox_app.services.conversations.feed import MAX_ID

router = APIRouter(prefix="/api/v1", tags=["attachments"], responses=ERRORS)
Id = Annotated[int, Path(ge=1, le=MAX_ID)]
_FILE = {"content": {"application/octet-stream": {"schema": {"type": "string"}}}}
# What a download is served as: one of the inline image types, else a plain download.
_SERVED = {
    "content": {
        kind: {"schema": {"type": "string", "format": "binary"}}
        for kind in (*IMAGE_TYPES, OCTET_STREAM)
    }
}


@router.post(
    "/conversations/{conversation_id}/attachments",
    status_code=201,
    response_model=AttachmentOut,
    openapi_extra={"requestBody": {"required": True, **_FILE}},
)
async def upload(
    conversation_id: Id,
    request: Request,
    session: DbSession,
    settings: AppSettings,
    _caller: Integration,
) -> JSONResponse:
    """The file's bytes as the body, its name percent-encoded in `X-Filename`. It is sent
    with the next message that names its id in `attachment_ids`; unsent, it is forgotten
    after a day."""
    declared = _declared_length(request)
    if declared is not None and declared > MAX_ATTACHMENT_BYTES:
        return _too_large()  # refused before a byte of the body is read
    await _check_conversation(session, conversation_id)
    try:
        stored = await write_stream(upload_dir=settings.upload_dir, chunks=request.stream())
    except AttachmentTooLarge:
        return _too_large()
    except ClientDisconnect:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, "The upload stopped.") from None
    view = await _record(
        session,
        settings,
        stored,
        agent_id=None,
        conversation_id=conversation_id,
        raw_filename=request.headers.get("x-filename", ""),
    )
    body = attachment_out(view).model_dump()
    return JSONResponse(body, status_code=201, headers={"Location": body["url"]})


@router.get(
    "/attachments/{attachment_id}",
    response_class=FileResponse,
    responses={200: {**_SERVED, "description": "The file"}},
)
def download(
    attachment_id: Id, session: DbSession, settings: AppSettings, _caller: Integration
) -> FileResponse:
    """A message's file (or an upload not sent yet). Images come inline, anything else as a
    download; never as active content."""
    info = download_info(session, attachment_id=attachment_id)
    path = info and open_path(upload_dir=settings.upload_dir, storage_key=info.storage_key)
    if info is None or path is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "No file with this id.")
    return FileResponse(
        path,
        media_type=info.content_type,
        headers=_download_headers(filename=info.filename, is_image=info.is_image),
    )
