"""The notification bell: unread count and the latest notifications."""

from __future__ import annotations

import reflex as rx

from inbox_app.db import session_scope
from inbox_app.models.tables import utcnow
from inbox_app.services import notifications
from inbox_app.services.notifications import NotificationView
from inbox_app.state.auth import LOGIN_ROUTE, AuthState


class NotificationsState(AuthState):
    unread: int = 0
    items: list[NotificationView] = []

    @rx.event
    def refresh(self):
        agent = self._authenticate()
        if agent is None:
            return rx.redirect(LOGIN_ROUTE)
        with session_scope() as session:
            self.unread = notifications.unread_count(session, agent_id=agent.id)
        return None

    @rx.event
    def open_list(self):
        agent = self._authenticate()
        if agent is None:
            return rx.redirect(LOGIN_ROUTE)
        with session_scope() as session:
            self.items = notifications.recent(session, agent_id=agent.id, now=utcnow())
            notifications.mark_all_read(session, agent_id=agent.id, now=utcnow())
        self.unread = 0
        return None

    async def _live_refresh(self, _conversation_id: int) -> None:
        """Called by the hub: a new assignment or mention shows in the bell at once."""
        agent = self._authenticate()
        if agent is None:
            return
        with session_scope() as session:
            self.unread = notifications.unread_count(session, agent_id=agent.id)
