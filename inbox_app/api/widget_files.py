"""Files from and to the widget: a visitor attaches a file (10 MB, refused before reading when
larger), and downloads files of their own conversation through links signed for it.

The body-size middleware (`widget_guards.SmallBodies`) lets only this path take 10 MB.
"""

from __future__ import annotations

from functools import partial
from typing import Annotated
from urllib.parse import unquote

from fastapi import APIRouter, Header, HTTPException, Request, status
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, JSONResponse

from inbox_app.api.attachments import _too_large, file_answer
from inbox_app.api.deps import AppSettings, DbSession
from inbox_app.api.widget_auth import VisitorChat
from inbox_app.api.widget_guards import within_limits
from inbox_app.models.tables import utcnow
from inbox_app.realtime import events
from inbox_app.realtime.widget import typing_status as widget_typing
from inbox_app.services.attachments.records import AttachmentError
from inbox_app.services.attachments.storage import (
    DISK_FULL_MESSAGE,
    AttachmentTooLarge,
    delete_stored_files,
    has_room,
    write_stream,
)
from inbox_app.services.conversations.messages import MessageError
from inbox_app.services.widget import uploads as visitor_files
from inbox_app.services.widget import visitors
from inbox_app.widget_signing import verified_file_conversation

router = APIRouter(prefix="/api/widget", tags=["widget"])
UPLOAD_PATH = "/api/widget/attachments"


def _checked_open(session, conversation_id: int, size: int) -> None:
    """Open to this visitor, and room for `size` more bytes in the chat's quota."""
    try:
        visitors.check_open(session, conversation_id=conversation_id)
        visitor_files.check_upload_room(session, conversation_id=conversation_id, size=size)
    finally:
        session.rollback()  # hold no connection while the body streams in


@router.post("/attachments", status_code=201, response_model=None)
async def upload(
    request: Request,
    session: DbSession,
    settings: AppSettings,
    visitor: VisitorChat,
    x_filename: Annotated[str, Header()] = "",
    x_idempotency_key: Annotated[str | None, Header(max_length=100)] = None,
) -> JSONResponse:
    """Raw file bytes in the body, the name percent-encoded in `X-Filename`."""
    conversation_id = visitor.conversation_id
    within_limits(request, visitor=str(conversation_id))
    declared = int(request.headers.get("content-length", "0"))  # checked by SmallBodies
    if not has_room(upload_dir=settings.upload_dir, size=declared):
        raise HTTPException(status.HTTP_507_INSUFFICIENT_STORAGE, DISK_FULL_MESSAGE)
    try:
        await run_in_threadpool(_checked_open, session, conversation_id, declared)
    except visitors.VisitorError as error:
        raise HTTPException(status.HTTP_403_FORBIDDEN, str(error)) from error
    except AttachmentError as error:
        raise HTTPException(status.HTTP_413_CONTENT_TOO_LARGE, str(error)) from error
    try:
        stored = await write_stream(upload_dir=settings.upload_dir, chunks=request.stream())
    except AttachmentTooLarge:
        return _too_large()
    post = partial(
        visitor_files.post_incoming_file,
        session,
        conversation_id=conversation_id,
        filename=unquote(x_filename, errors="replace"),
        size=stored.size,
        storage_key=stored.storage_key,
        head=stored.head,
        now=utcnow(),
        idempotency_key=x_idempotency_key,
    )
    try:
        message_id, kept = await run_in_threadpool(post)
    except (AttachmentError, MessageError) as error:
        delete_stored_files(upload_dir=settings.upload_dir, storage_keys=[stored.storage_key])
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_ENTITY, str(error)) from error
    if not kept:  # a retry of an upload already stored
        delete_stored_files(upload_dir=settings.upload_dir, storage_keys=[stored.storage_key])
    if widget_typing.visitor_stopped(conversation_id=conversation_id):
        events.activity_changed()
    events.conversation_changed(conversation_id)
    return JSONResponse({"id": message_id}, status_code=201)


@router.get("/files/{attachment_id}", response_model=None)
def download(
    attachment_id: int,
    session: DbSession,
    settings: AppSettings,
    c: str = "",
    exp: str = "",
    sig: str = "",
) -> FileResponse:
    conversation_id = verified_file_conversation(
        attachment_id=attachment_id, c=c, exp=exp, sig=sig, secret=settings.jwt_secret, now=utcnow()
    )
    if conversation_id is None:
        raise HTTPException(status.HTTP_403_FORBIDDEN, "This link is invalid or has expired.")
    info = visitor_files.visitor_download(
        session, attachment_id=attachment_id, conversation_id=conversation_id
    )
    return file_answer(info, upload_dir=settings.upload_dir)
