"""The widget's public endpoints: start a chat, send, and wait for new messages (long-poll).

Callers are identified by the signed visitor token the start call returned, sent as a Bearer
token; it names one conversation, and only that conversation's visible messages come back.
"""

from __future__ import annotations

from dataclasses import asdict

from fastapi import APIRouter, HTTPException, Request, status
from fastapi.concurrency import run_in_threadpool
from pydantic import Field

from inbox_app.api.deps import AppSettings, SessionFactory
from inbox_app.api.widget_auth import SignedVisitor, VisitorChat, token_for
from inbox_app.api.widget_guards import reads_within_limits, within_limits
from inbox_app.api.widget_input import WidgetInput
from inbox_app.models.tables import utcnow
from inbox_app.realtime import events, live_tabs
from inbox_app.realtime.widget import presence as visitor_presence
from inbox_app.realtime.widget import waits as visitor_waits
from inbox_app.realtime.widget.incoming import announce_incoming, send_incoming
from inbox_app.services.conversations import messages
from inbox_app.services.team.availability import answering_agent_ids
from inbox_app.services.widget import config as widget_config
from inbox_app.services.widget import identity as visitor_identity
from inbox_app.services.widget import start as widget_start
from inbox_app.services.widget import visitors

router = APIRouter(prefix="/api/widget", tags=["widget"])
MAX_WAIT_SECONDS = 25


class StartChat(WidgetInput):
    name: str = Field(default="", max_length=200)
    email: str = Field(default="", max_length=254)
    page: str = Field(default="", max_length=2000)
    language: str = Field(default="", max_length=35)
    group_id: int | None = None
    user_id: str = Field(default="", max_length=200)  # a website's signed-in user, with
    user_hash: str = Field(default="", max_length=128)  # its HMAC (see visitor_identity)


class VisitorData(WidgetInput):
    name: str = Field(default="", max_length=200)
    email: str = Field(default="", max_length=254)
    attributes: dict[str, str] = Field(default_factory=dict, max_length=50)


class NewMessage(WidgetInput):
    body: str = Field(max_length=5000)
    key: str | None = Field(default=None, max_length=100)


def _visible(sessions, conversation_id: int, after: int) -> list[dict]:
    with sessions() as session:
        shown = visitors.visitor_thread(session, conversation_id=conversation_id, now=utcnow())
    return [asdict(m) for m in shown if m.id > after]


# The sync endpoints below open their session in FastAPI's worker thread and close it there,
# before answering: a session from a dependency stays open until FastAPI closes it after the
# answer, and the pooled connection with it (docs/PERFORMANCE.md, Soak).


@router.post("/start", status_code=201)
def start(
    request: StartChat, raw: Request, sessions: SessionFactory, settings: AppSettings
) -> dict:
    within_limits(raw, starting=True)
    try:
        with sessions() as session:
            conversation_id = widget_start.start_from_form(
                session,
                **request.model_dump(),
                now=utcnow(),
                user_agent=raw.headers.get("user-agent", ""),
            )
            return {"token": token_for(session, conversation_id=conversation_id, settings=settings)}
    except (visitors.VisitorError, widget_config.WidgetConfigError) as error:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_ENTITY, str(error)) from error
    except visitor_identity.IdentityError as error:
        raise HTTPException(status.HTTP_403_FORBIDDEN, str(error)) from error


@router.post("/messages", status_code=201)
async def send(
    request: NewMessage,
    raw: Request,
    sessions: SessionFactory,
    visitor: SignedVisitor,
) -> dict:
    conversation_id = visitor.conversation_id
    within_limits(raw, visitor=str(conversation_id))
    try:  # stored by the writer thread, which checks the key: the loop never waits for it
        stored_id, view = await send_incoming(
            sessions,
            conversation_id=conversation_id,
            visitor_key=visitor.key,
            body=request.body,
            idempotency_key=request.key,
        )
    except visitors.VisitorError as error:
        raise HTTPException(status.HTTP_403_FORBIDDEN, str(error)) from error
    except messages.KeyConflict as error:
        raise HTTPException(status.HTTP_409_CONFLICT, str(error)) from error
    except messages.MessageError as error:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_ENTITY, str(error)) from error
    announce_incoming(conversation_id=conversation_id, view=view)  # agents see it at once
    return {"id": stored_id}


@router.get("/messages")
async def receive(
    raw: Request,
    sessions: SessionFactory,
    visitor: VisitorChat,
    after: int = 0,
    wait: float = 0,
) -> dict:
    """Messages newer than `after`; with `wait`, hold the request (no database connection
    held meanwhile) until an agent replies or the wait runs out."""
    conversation_id = visitor.conversation_id
    reads_within_limits(raw, visitor=str(conversation_id))
    visitor_presence.polled(conversation_id)  # connected: replies show here, not by email
    # Reads run in a worker thread: a pooled connection must never wait on the event loop.
    with visitor_waits.listening(conversation_id) as news:
        found = await run_in_threadpool(_visible, sessions, conversation_id, after)
        if (
            not found
            and wait > 0
            and await visitor_waits.woken(news, timeout=min(wait, MAX_WAIT_SECONDS))
        ):
            found = await run_in_threadpool(_visible, sessions, conversation_id, after)
    return {"messages": found}


@router.get("/status")
def team_status(sessions: SessionFactory) -> dict:
    """Whether anyone can answer now; when nobody can, the widget takes a message instead."""
    with sessions() as session:
        online = answering_agent_ids(session, live_agent_ids=live_tabs.live_agent_ids())
    return {"online": bool(online)}


@router.post("/visitor-data", status_code=204)
async def visitor_data(
    request: VisitorData, raw: Request, sessions: SessionFactory, visitor: VisitorChat
) -> None:
    conversation_id = visitor.conversation_id
    within_limits(raw, visitor=str(conversation_id))
    try:  # in a worker thread: the event loop never waits for the database
        await run_in_threadpool(_set_visitor_data, sessions, conversation_id, request)
    except visitors.VisitorError as error:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_ENTITY, str(error)) from error
    events.conversation_changed(conversation_id)


def _set_visitor_data(sessions, conversation_id: int, request: VisitorData) -> None:
    with sessions() as session:
        visitors.set_visitor_data(
            session,
            conversation_id=conversation_id,
            attributes=request.attributes,
            fields={"name": request.name, "email": request.email},
        )
