"""REST API: files on messages. An integration uploads a file to a conversation (raw bytes,
its name percent-encoded in `X-Filename`, at most 10 MB), then sends it with a message
(`attachment_ids`); it downloads any message's file with its key.

Like the composer's uploads, nothing the caller says about a file is trusted (records.py);
a download is never served as active content."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import FileResponse, JSONResponse

from inbox_app.api.attachments import file_answer, store_upload
from inbox_app.api.deps import AppSettings, DbSession
from inbox_app.api.rest_auth import Integration
from inbox_app.api.rest_models import AttachmentOut
from inbox_app.api.rest_responses import ERRORS, attachment_out
from inbox_app.services.attachments.records import IMAGE_TYPES, OCTET_STREAM, download_info
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
    view = await store_upload(
        request, session, settings, agent_id=None, conversation_id=conversation_id
    )
    if isinstance(view, JSONResponse):
        return view
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
    return file_answer(info, upload_dir=settings.upload_dir)
