"""The widget's live channel: new messages (with their files) and "Anna is typing…" in one
long-poll, and the visitor's own typing for the agents.

`GET /api/widget/updates` answers at once when there is something the widget does not show yet
(a newer message, or a typing line other than the one it shows), else holds the request until
a reply or a change of agent typing wakes it (`visitor_waits`), with no database session held.
"""

from __future__ import annotations

from dataclasses import asdict
from functools import partial
from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool

from inbox_app.api.deps import AppSettings, SessionFactory
from inbox_app.api.widget_auth import VisitorChat, renewed_token
from inbox_app.api.widget_guards import reads_within_limits, typing_within_limits
from inbox_app.api.widget_input import WidgetInput
from inbox_app.models.tables import utcnow
from inbox_app.realtime import events
from inbox_app.realtime.widget import presence as visitor_presence
from inbox_app.realtime.widget import typing_status as widget_typing
from inbox_app.realtime.widget import waits as visitor_waits
from inbox_app.services.widget import uploads as visitor_files
from inbox_app.services.widget import visitors
from inbox_app.services.widget import visitors as widget_visitors
from inbox_app.widget_signing import visitor_file_url

router = APIRouter(prefix="/api/widget", tags=["widget"])
MAX_WAIT_SECONDS = 25


class Typing(WidgetInput):
    typing: bool


def thread_with_files(sessions, *, conversation_id: int, after: int, secret: str) -> list[dict]:
    """The visible messages newer than `after`, each with its files as signed links."""
    now = utcnow()
    with sessions() as session:
        shown = [
            m
            for m in visitors.visitor_thread(session, conversation_id=conversation_id, now=now)
            if m.id > after
        ]
        files = visitor_files.visible_files(session, message_ids=[m.id for m in shown])
    return [
        asdict(m)
        | {
            "attachments": [
                asdict(f)
                | {
                    "url": visitor_file_url(
                        attachment_id=f.id, conversation_id=conversation_id, secret=secret, now=now
                    )
                }
                for f in files.get(m.id, [])
            ]
        }
        for m in shown
    ]


@router.get("/updates")
async def updates(
    raw: Request,
    settings: AppSettings,
    sessions: SessionFactory,
    visitor: VisitorChat,
    after: int = 0,
    wait: float = 0,
    typing: str = "",
) -> dict:
    """`typing` is the line the widget shows now; a different one is news. `token`, when
    set, replaces the widget's token (renewed while the chat is in use)."""
    conversation_id = visitor.conversation_id
    reads_within_limits(raw, visitor=str(conversation_id))
    visitor_presence.polled(conversation_id)  # connected: replies show here, not by email
    args: dict[str, Any] = dict(
        conversation_id=conversation_id, after=after, secret=settings.jwt_secret
    )
    read = partial(thread_with_files, sessions, **args)  # in a thread: never block the loop
    with visitor_waits.listening(conversation_id) as news:
        found = await run_in_threadpool(read)
        label = widget_typing.agent_label(conversation_id)
        quiet = not found and label == typing and wait > 0
        if quiet and await visitor_waits.woken(news, timeout=min(wait, MAX_WAIT_SECONDS)):
            found = await run_in_threadpool(read)
            label = widget_typing.agent_label(conversation_id)
    return {"messages": found, "typing": label, "token": renewed_token(visitor, settings=settings)}


def _visitor_name(sessions, conversation_id: int) -> str:
    with sessions() as session:
        return widget_visitors.visitor_name(session, conversation_id=conversation_id)


@router.post("/typing", status_code=204)
async def visitor_typing(request: Typing, sessions: SessionFactory, visitor: VisitorChat) -> None:
    """The visitor types (sent at most every two seconds) or stopped: agents see it live."""
    conversation_id = visitor.conversation_id
    if not typing_within_limits(visitor=str(conversation_id)):
        return  # cosmetic: past its budget a typing signal is dropped, never an error
    if not request.typing:
        changed = widget_typing.visitor_stopped(conversation_id=conversation_id)
    else:
        name = await run_in_threadpool(_visitor_name, sessions, conversation_id)
        changed = widget_typing.visitor_typing(conversation_id=conversation_id, name=name)
    if changed:
        events.activity_changed()
