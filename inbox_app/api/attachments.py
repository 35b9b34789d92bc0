"""Attachment upload (raw body, bearer token) and download (short-lived signed URL).

Downloads are signed because `<img src>` cannot send an Authorization header: the server signs
a URL for one attachment and one agent, and checks the signature, the expiry and that the
agent is still active before serving the file, never as active content.
"""

from __future__ import annotations

from dataclasses import asdict
from functools import partial
from pathlib import Path
from urllib.parse import quote, unquote

from fastapi import APIRouter, HTTPException, Request, status
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, JSONResponse, Response
from starlette.requests import ClientDisconnect

from inbox_app.api.deps import AppSettings, CurrentAgent, DbSession, SessionFactory
from inbox_app.models.dto import AttachmentView
from inbox_app.models.tables import utcnow
from inbox_app.security import small_int, verified_agent_id
from inbox_app.services.attachments.discard import discard_unsent
from inbox_app.services.attachments.records import (
    AttachmentError,
    DownloadInfo,
    download_info,
    ensure_uploadable,
    record_upload,
)
from inbox_app.services.attachments.storage import (
    MAX_ATTACHMENT_BYTES,
    TOO_LARGE_MESSAGE,
    AttachmentTooLarge,
    StoredFile,
    delete_stored_files,
    open_path,
    write_stream,
)
from inbox_app.services.team.agents import active_agent

router = APIRouter(prefix="/api", tags=["attachments"])
_FORBIDDEN = "This link is invalid or has expired."


def content_disposition(*, filename: str, inline: bool) -> str:
    return f"{'inline' if inline else 'attachment'}; filename*=UTF-8''{quote(filename, safe='')}"


def _too_large() -> JSONResponse:
    return JSONResponse({"detail": TOO_LARGE_MESSAGE}, status_code=413)


def _declared_length(request: Request) -> int | None:
    raw = request.headers.get("content-length")
    if raw is None:
        return None
    if (length := small_int(raw)) is None:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, "Bad Content-Length.")
    return length


def _check_then_release(session: DbSession, conversation_id: int) -> None:
    try:
        ensure_uploadable(session, conversation_id=conversation_id)
    finally:
        session.rollback()  # hold no connection or snapshot while the body streams in


async def _check_conversation(session: DbSession, conversation_id: int) -> None:
    try:
        await run_in_threadpool(_check_then_release, session, conversation_id)
    except AttachmentError as error:
        raise HTTPException(status.HTTP_404_NOT_FOUND, str(error)) from error


async def _record(
    session: DbSession,
    settings: AppSettings,
    stored: StoredFile,
    *,
    agent_id: int | None,
    conversation_id: int,
    raw_filename: str,
) -> AttachmentView:
    """Record the stored file; if that fails, the file is deleted again."""
    record = partial(
        record_upload,
        session,
        agent_id=agent_id,
        conversation_id=conversation_id,
        filename=unquote(raw_filename, errors="replace"),
        size=stored.size,
        storage_key=stored.storage_key,
        head=stored.head,
        now=utcnow(),
    )
    try:
        return await run_in_threadpool(record)
    except AttachmentError as error:
        delete_stored_files(upload_dir=settings.upload_dir, storage_keys=[stored.storage_key])
        raise HTTPException(status.HTTP_404_NOT_FOUND, str(error)) from error
    except BaseException:
        delete_stored_files(upload_dir=settings.upload_dir, storage_keys=[stored.storage_key])
        raise


@router.post("/conversations/{conversation_id}/attachments", status_code=201, response_model=None)
async def upload_attachment(
    conversation_id: int,
    request: Request,
    agent: CurrentAgent,
    session: DbSession,
    settings: AppSettings,
) -> JSONResponse:
    """Raw file bytes in the body, the name percent-encoded in `X-Filename`."""
    answer = await store_upload(
        request, session, settings, agent_id=agent.id, conversation_id=conversation_id
    )
    if isinstance(answer, JSONResponse):
        return answer
    return JSONResponse(asdict(answer), status_code=201)


async def store_upload(
    request: Request,
    session: DbSession,
    settings: AppSettings,
    *,
    agent_id: int | None,
    conversation_id: int,
) -> AttachmentView | JSONResponse:
    """The body stored and recorded as an unsent upload (of the agent, or of the REST API
    when None), or the refusal to answer with: 413 over the limit, 400 when it stopped."""
    declared = _declared_length(request)
    if declared is not None and declared > MAX_ATTACHMENT_BYTES:
        return _too_large()  # refused before a byte of the body is read
    await _check_conversation(session, conversation_id)
    try:
        stored = await write_stream(upload_dir=settings.upload_dir, chunks=request.stream())
    except AttachmentTooLarge:
        return _too_large()
    except ClientDisconnect:  # e.g. the file was removed in the composer mid-way: none kept
        return JSONResponse({"detail": "The upload stopped."}, status_code=400)
    return await _record(
        session,
        settings,
        stored,
        agent_id=agent_id,
        conversation_id=conversation_id,
        raw_filename=request.headers.get("x-filename", ""),
    )


@router.delete(
    "/conversations/{conversation_id}/attachments/{attachment_id}",
    status_code=204,
    response_model=None,
)
def discard_attachment(
    conversation_id: int,
    attachment_id: int,
    agent: CurrentAgent,
    session: DbSession,
    settings: AppSettings,
) -> Response:
    """A file removed from the composer before sending: never sent, its bytes deleted."""
    try:
        storage_key = discard_unsent(
            session,
            agent_id=agent.id,
            conversation_id=conversation_id,
            attachment_id=attachment_id,
        )
    except AttachmentError as error:
        raise HTTPException(status.HTTP_404_NOT_FOUND, str(error)) from error
    delete_stored_files(upload_dir=settings.upload_dir, storage_keys=[storage_key])
    return Response(status_code=204)


def _download_headers(*, filename: str, is_image: bool) -> dict[str, str]:
    return {
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "default-src 'none'; sandbox",
        "Cache-Control": "private, max-age=3600",
        "Referrer-Policy": "no-referrer",
        "Content-Disposition": content_disposition(filename=filename, inline=is_image),
    }


@router.get("/attachments/{attachment_id}", response_model=None)
def download_attachment(
    attachment_id: int,
    sessions: SessionFactory,
    settings: AppSettings,
    a: str = "",
    exp: str = "",
    sig: str = "",
) -> FileResponse:
    agent_id = verified_agent_id(
        attachment_id=attachment_id, a=a, exp=exp, sig=sig, secret=settings.jwt_secret, now=utcnow()
    )
    with sessions() as session:  # closed in this worker thread, not after the answer
        allowed = agent_id is not None and active_agent(session, agent_id=agent_id) is not None
        info = download_info(session, attachment_id=attachment_id) if allowed else None
    if not allowed:
        raise HTTPException(status.HTTP_403_FORBIDDEN, _FORBIDDEN)
    return file_answer(info, upload_dir=settings.upload_dir)


def file_answer(info: DownloadInfo | None, *, upload_dir: Path) -> FileResponse:
    """A checked download's file, never as active content; 404 when it or its bytes are gone."""
    path = info and open_path(upload_dir=upload_dir, storage_key=info.storage_key)
    if info is None or path is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "This file does not exist.")
    return FileResponse(
        path,
        media_type=info.content_type,
        headers=_download_headers(filename=info.filename, is_image=info.is_image),
    )
