"""The visitor's own conversation: one dependency for every widget endpoint acting on it.

A token must be genuine and unexpired, and carry the conversation's visitor key; the
conversation must not be deleted. `SignedVisitor` checks the signature only, for the send path,
whose writer checks key and conversation in the read it does anyway (no extra round trip).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated

from fastapi import Depends, Header, HTTPException, status
from fastapi.concurrency import run_in_threadpool

from inbox_app.api.deps import AppSettings, SessionFactory
from inbox_app.api.widget_seen import widget_used
from inbox_app.security import VisitorClaim, issue_visitor_token, read_visitor_token
from inbox_app.services.widget.access import holds_key, visitor_key
from inbox_app.settings import Settings

# A token older than this is renewed by the widget's next poll (see `renewed_token`).
RENEW_AFTER = timedelta(days=1)
START_FIRST = "Start a chat first."


def bearer(authorization: str | None) -> str:
    return (authorization or "").removeprefix("Bearer ").strip()


async def signed_visitor(
    settings: AppSettings, authorization: Annotated[str | None, Header()] = None
) -> VisitorClaim:
    claim = read_visitor_token(token=bearer(authorization), secret=settings.jwt_secret)
    if claim is None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, START_FIRST)
    return claim


def _opens(sessions, claim: VisitorClaim) -> bool:
    with sessions() as session:
        return holds_key(session, conversation_id=claim.conversation_id, key=claim.key)


async def checked_claim(
    sessions, claim: VisitorClaim | None, *, user_agent: str | None = None
) -> VisitorClaim | None:
    """The claim when it still opens its conversation, else None (read in a worker thread).
    With the caller's User-Agent, the visitor counts as seen (see widget_seen)."""
    if claim is None or not await run_in_threadpool(_opens, sessions, claim):
        return None
    if user_agent is not None:
        await widget_used(sessions, conversation_id=claim.conversation_id, user_agent=user_agent)
    return claim


async def visitor_chat(
    sessions: SessionFactory,
    claim: Annotated[VisitorClaim, Depends(signed_visitor)],
    user_agent: Annotated[str, Header()] = "",
) -> VisitorClaim:
    if await checked_claim(sessions, claim, user_agent=user_agent) is None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, START_FIRST)
    return claim


async def maybe_visitor(
    sessions: SessionFactory,
    settings: AppSettings,
    authorization: Annotated[str | None, Header()] = None,
    user_agent: Annotated[str, Header()] = "",
) -> VisitorClaim | None:
    """For calls a visitor may make with or without a chat: the chat if the token opens one."""
    claim = read_visitor_token(token=bearer(authorization), secret=settings.jwt_secret)
    return await checked_claim(sessions, claim, user_agent=user_agent)


SignedVisitor = Annotated[VisitorClaim, Depends(signed_visitor)]
VisitorChat = Annotated[VisitorClaim, Depends(visitor_chat)]
MaybeVisitor = Annotated[VisitorClaim | None, Depends(maybe_visitor)]


def token_for(session, *, conversation_id: int, settings: Settings) -> str | None:
    """A new token for a conversation the caller may open; None when it is deleted."""
    key = visitor_key(session, conversation_id=conversation_id)
    if key is None:
        return None
    return issue_visitor_token(conversation_id=conversation_id, key=key, secret=settings.jwt_secret)


def renewed_token(claim: VisitorClaim, *, settings: Settings) -> str | None:
    """A fresh token for a widget in use, so only an abandoned one ever expires."""
    if datetime.now(UTC) - claim.issued_at < RENEW_AFTER:
        return None
    return issue_visitor_token(
        conversation_id=claim.conversation_id, key=claim.key, secret=settings.jwt_secret
    )
