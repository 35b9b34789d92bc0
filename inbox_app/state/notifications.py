"""The notification bell, its switches, and what the browser announces (assets/notify.js)."""

from __future__ import annotations

import reflex as rx

from inbox_app.db import session_scope
from inbox_app.models.dto import AgentView
from inbox_app.models.tables import utcnow
from inbox_app.services import notifications
from inbox_app.services.errors import DomainError
from inbox_app.services.notifications import NotificationView
from inbox_app.state import readers
from inbox_app.state.auth import AuthState, read_agent
from inbox_app.state.guards import agent_event


class NotificationsState(AuthState):
    unread: int = 0
    latest: str = ""  # the newest unread text; notify.js announces it when `unread` grows
    items: list[NotificationView] = []
    prefs: dict[str, bool] = {}
    loaded: bool = False  # the bell's count is the server's (tests and notify.js wait for it)

    def _load(self, agent_id: int) -> None:
        self.unread, self.latest, self.prefs = read_bell(
            agent_id=agent_id, language=self.ui_language
        )
        self.loaded = True

    @agent_event
    def refresh(self, agent: AgentView):
        self._load(agent.id)
        return None

    @agent_event
    def list_shown(self, agent: AgentView, is_open: bool):
        """The bell's list opened (read them all) or closed (nothing to do)."""
        if is_open:
            self._read_all(agent.id)

    def _read_all(self, agent_id: int) -> None:
        with session_scope() as session:
            self.items = notifications.recent(
                session, agent_id=agent_id, now=utcnow(), reader=self._reader()
            )
            notifications.mark_all_read(session, agent_id=agent_id, now=utcnow())
        self.unread, self.latest = 0, ""

    @agent_event
    def set_pref(self, agent: AgentView, key: str, enabled: bool):
        try:
            with session_scope() as session:
                self.prefs = notifications.set_preference(
                    session, agent_id=agent.id, key=key, enabled=enabled
                )
        except DomainError as error:
            return rx.toast.error(error.said(self.ui_language))
        return None

    def _shows(self) -> tuple[str, int, str]:
        """What the bell's reads depend on: whose it is, in which language; and the tab's own
        handlers that ran (as OpenConversationState._shows: a switch set since is newer)."""
        return self.auth_token, self._own_events, self.ui_language

    async def _live_reads(self, _conversation_id: int, _changed) -> tuple:
        """The refresh's reads, made by the hub outside the tab's lock (as the list's)."""
        shows = token, _events, language = self._shows()
        agent = await read_agent(token)
        if agent is None:
            return shows, None, None
        return shows, agent, await readers.read(read_bell, agent_id=agent.id, language=language)

    async def _live_refresh(self, conversation_id: int, changed, reads: tuple | None) -> None:
        """Called by the hub: a new assignment or mention shows at once."""
        if reads is None or reads[0] != self._shows():
            reads = await self._live_reads(conversation_id, changed)
        _shows, agent, bell = reads
        if self._take_agent(agent) is None:
            self._end_session()
        else:
            self.unread, self.latest, self.prefs = bell


def read_bell(*, agent_id: int, language: str) -> tuple[int, str, dict[str, bool]]:
    """Unread count, the newest unread text (in the agent's language), and their switches."""
    with session_scope() as session:
        return (
            notifications.unread_count(session, agent_id=agent_id),
            notifications.latest_unread_text(session, agent_id=agent_id, language=language),
            notifications.preferences(session, agent_id=agent_id),
        )
