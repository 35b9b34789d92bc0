"""Visitors online: who has the chat widget loaded now, and starting a chat with one of them.

The list lives in `realtime.widget.online` (not in these vars); the hub's "visitors" fan-out
refreshes every agent who has the page open.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import reflex as rx

from inbox_app.db import session_scope
from inbox_app.i18n import gettext, mark
from inbox_app.models.dto import AgentView
from inbox_app.models.tables import utcnow
from inbox_app.realtime import events
from inbox_app.realtime.widget import invitations as visitor_invitations
from inbox_app.realtime.widget import online as visitors_online
from inbox_app.realtime.widget import waits as visitor_waits
from inbox_app.services.errors import DomainError
from inbox_app.services.language_detection import name_of
from inbox_app.services.widget import start as chat_start
from inbox_app.state.auth import AuthState
from inbox_app.state.guards import agent_event

GREETING = mark("Hello! Can I help you with anything?")
MAX_GREETING_CHARS = 5000


@dataclass(frozen=True)
class VisitorRow:
    visitor_id: str
    page_title: str
    page_url: str
    time_on_site: str
    language: str  # its name ("Deutsch"), or the browser's tag when we have none for it
    returning: bool
    in_chat: bool


def time_on_site(started: datetime, *, now: datetime, language: str = "en") -> str:
    """'5 min', '1 h 15 min', 'under a minute'; in German '1 Std. 15 Min.'."""
    minutes = int((now - started).total_seconds() // 60)
    if minutes < 1:
        return gettext(language, mark("under a minute"))
    if minutes < 60:
        return gettext(language, mark("{minutes} min")).format(minutes=minutes)
    said = gettext(language, mark("{hours} h {minutes} min"))
    return said.format(hours=minutes // 60, minutes=minutes % 60)


def visitor_rows(*, now: datetime, language: str = "en") -> list[VisitorRow]:
    return [
        VisitorRow(
            v.visitor_id,
            v.page_title or v.page_url,
            v.page_url,
            time_on_site(v.visit_started, now=now, language=language),
            name_of(v.language.split("-")[0]) if v.language else "?",
            v.returning,
            bool(v.conversation_id),
        )
        for v in visitors_online.online(now=now)
    ]


class VisitorsState(AuthState):
    visitors: list[VisitorRow] = []
    inviting: str = ""  # the visitor id the Start chat dialog is for
    invite_error: str = ""

    @agent_event
    def open_visitors(self, agent: AgentView):
        self.visitors = visitor_rows(now=utcnow(), language=self.ui_language)
        return None

    async def _live_visitors(self, _conversation_id: int, _payload=None) -> None:
        """Called by the hub when visitors come, go or change page."""
        if self.router.url.path.startswith("/visitors") and await self._authenticate() is not None:
            self.visitors = visitor_rows(now=utcnow(), language=self.ui_language)

    @agent_event
    def start_chat_with(self, agent: AgentView, visitor_id: str):
        self.inviting, self.invite_error = str(visitor_id), ""
        return None

    @agent_event
    def cancel_invite(self, agent: AgentView):
        self.inviting, self.invite_error = "", ""
        return None

    @agent_event
    def send_invite(self, agent: AgentView, form_data: dict):
        """Create (or continue) the visitor's chat with this message; their widget opens."""
        visitor = visitors_online.find(self.inviting)
        if visitor is None:
            self.invite_error = self._said("This visitor has left the site.")
            return None
        body = str(form_data.get("body", ""))[:MAX_GREETING_CHARS]
        try:
            with session_scope() as session:
                conversation_id, created = chat_start.start_proactive_chat(
                    session,
                    actor=agent,
                    body=body,
                    language=visitor.language,
                    page_url=visitor.page_url,
                    first_seen=visitor.first_seen,
                    existing_conversation_id=visitor.conversation_id,
                    now=utcnow(),
                )
        except DomainError as error:
            self.invite_error = error.said(self.ui_language)
            return None
        if created:
            visitors_online.attach_conversation(
                visitor_id=visitor.visitor_id, conversation_id=conversation_id
            )
            visitor_invitations.offer(
                visitor_id=visitor.visitor_id, conversation_id=conversation_id
            )
        visitor_waits.wake(conversation_id)
        events.conversation_changed(conversation_id, by=self.router.session.client_token)
        events.visitors_changed()
        self.inviting = ""
        return rx.redirect(f"/inbox/mine/{conversation_id}")
