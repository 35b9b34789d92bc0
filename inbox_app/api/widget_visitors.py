"""Visitors online, seen from the widget: heartbeats, and collecting an agent's invitation.

The frame sends a heartbeat on load, on every `InboxChat.pageView` and every 20 seconds, with
the signed anonymous visitor id the loader keeps in the site's storage (a new one is issued
when it has none). A widget without a chat waits here for an agent's proactive chat.
"""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request, status
from fastapi.concurrency import run_in_threadpool
from pydantic import Field

from inbox_app.api.deps import AppSettings, SessionFactory
from inbox_app.api.widget_auth import MaybeVisitor, token_for
from inbox_app.api.widget_guards import within_limits
from inbox_app.api.widget_input import WidgetInput
from inbox_app.models.tables import utcnow
from inbox_app.realtime import events
from inbox_app.realtime.widget import invitations as visitor_invitations
from inbox_app.realtime.widget import online as visitors_online
from inbox_app.widget_signing import issue_visitor_id, read_visitor_id

router = APIRouter(prefix="/api/widget", tags=["widget"])
MAX_WAIT_SECONDS = 25


class Heartbeat(WidgetInput):
    visitor: str = Field(default="", max_length=200)
    url: str = Field(default="", max_length=2000)
    title: str = Field(default="", max_length=300)
    language: str = Field(default="", max_length=35)


@router.post("/heartbeat")
async def heartbeat(
    request: Heartbeat,
    raw: Request,
    settings: AppSettings,
    in_chat: MaybeVisitor,
) -> dict:
    """Returns the visitor's signed id (the same, or a new one to keep)."""
    within_limits(raw)
    now, signed = utcnow(), request.visitor
    known = read_visitor_id(signed=signed, secret=settings.jwt_secret)
    if known is None:
        signed = issue_visitor_id(secret=settings.jwt_secret, now=now)
        known = read_visitor_id(signed=signed, secret=settings.jwt_secret)
    visitor_id, first_seen = known or ("", now)
    chat = in_chat.conversation_id if in_chat is not None else None
    if visitors_online.beat(
        visitor_id=visitor_id,
        page_url=request.url,
        page_title=request.title,
        language=request.language,
        first_seen=first_seen,
        conversation_id=chat,
        now=now,
    ):
        events.visitors_changed()
    return {"visitor": signed}


@router.get("/invitation")
async def invitation(
    settings: AppSettings, sessions: SessionFactory, visitor: str = "", wait: float = 0
) -> dict:
    """An agent's proactive chat for this visitor: its token, or none when the wait runs out."""
    known = read_visitor_id(signed=visitor, secret=settings.jwt_secret)
    if known is None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "Unknown visitor.")
    found = await visitor_invitations.wait(known[0], timeout=min(max(wait, 0), MAX_WAIT_SECONDS))
    if found is None:
        return {"token": ""}
    return {"token": await run_in_threadpool(_token_for, sessions, found, settings) or ""}


def _token_for(sessions, conversation_id: int, settings) -> str | None:
    with sessions() as session:
        return token_for(session, conversation_id=conversation_id, settings=settings)
