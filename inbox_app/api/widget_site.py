"""The widget's public endpoints about the site: the form's config, identifying a signed-in
user of the website, and the page saying it left (so replies go to email, not to a closed tab)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, HTTPException, Request, status
from pydantic import Field

from inbox_app.api.deps import AppSettings, SessionFactory
from inbox_app.api.widget_auth import bearer, checked_claim, token_for
from inbox_app.api.widget_guards import within_limits
from inbox_app.api.widget_input import WidgetInput
from inbox_app.api.widget_texts import widget_language, widget_texts
from inbox_app.realtime.widget import presence as visitor_presence
from inbox_app.security import read_visitor_token
from inbox_app.services.widget import config as widget_config
from inbox_app.services.widget import identity as visitor_identity
from inbox_app.services.widget import look as widget_look
from inbox_app.services.widget import visitors
from inbox_app.services.widget.access import holds_key

router = APIRouter(prefix="/api/widget", tags=["widget"])


class Identify(WidgetInput):
    user_id: str = Field(max_length=visitor_identity.MAX_USER_ID)
    user_hash: str = Field(default="", max_length=128)


class Leave(WidgetInput):
    token: str = Field(max_length=2000)  # in the body: a beacon cannot send headers


@router.get("/config")
def config(raw: Request, sessions: SessionFactory, settings: AppSettings, lang: str = "") -> dict:
    """What the contact form asks (required / optional / off), the groups a visitor may pick,
    the widget's look (colour, greeting, corner, appearance) and its words in the visitor's
    language (`lang`: data-lang or the browser's)."""
    language = widget_language(
        asked=lang[:35],
        default=settings.language,
        accept_language=raw.headers.get("accept-language", ""),
    )
    with sessions() as session:  # closed in this thread, before the answer (see widget.py)
        look = widget_look.public_look(widget_look.widget_look(session))
        words = {"language": language, "texts": widget_texts(language)}
        return {**widget_config.public_config(session), "look": look, **words}


@router.post("/identify")
def identify(
    request: Identify,
    raw: Request,
    sessions: SessionFactory,
    settings: AppSettings,
    authorization: Annotated[str | None, Header()] = None,
) -> dict:
    """A verified user's latest chat (a token for it), or null: then the form starts one."""
    within_limits(raw)  # creates nothing, so not counted with the starts
    with sessions() as session:  # closed in this thread, before the answer (see widget.py)
        return _identified(session, request, settings, authorization)


def _identified(session, request: Identify, settings, authorization: str | None) -> dict:
    try:
        user_id = visitor_identity.verified_user_id(
            session, user_id=request.user_id, signature=request.user_hash
        )
        conversation_id = visitor_identity.latest_chat_of_user(session, user_id=user_id)
    except visitor_identity.IdentityError as error:
        raise HTTPException(status.HTTP_403_FORBIDDEN, str(error)) from error
    except visitors.VisitorError as error:
        raise HTTPException(status.HTTP_403_FORBIDDEN, str(error)) from error
    anonymous = read_visitor_token(token=bearer(authorization), secret=settings.jwt_secret)
    if (
        conversation_id is None
        and anonymous is not None
        and holds_key(session, conversation_id=anonymous.conversation_id, key=anonymous.key)
        and visitor_identity.claim_chat(
            session, conversation_id=anonymous.conversation_id, user_id=user_id
        )
    ):
        conversation_id = anonymous.conversation_id  # begun before signing in: stays theirs
    if conversation_id is None:
        return {"token": None}
    return {"token": token_for(session, conversation_id=conversation_id, settings=settings)}


@router.post("/leave", status_code=204)
async def leave(request: Leave, settings: AppSettings, sessions: SessionFactory) -> None:
    """The visitor's page went away: from now on a reply is queued for email."""
    claim = read_visitor_token(token=request.token, secret=settings.jwt_secret)
    if (checked := await checked_claim(sessions, claim)) is not None:
        visitor_presence.left(checked.conversation_id)
