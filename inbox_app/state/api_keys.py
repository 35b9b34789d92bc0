"""Settings → API keys (admins only): make a key (shown once), see when each was last used,
revoke one.

A new key is never a State var (State is synced wholesale and kept on the server): it is
written straight into one read-only field of the admin's page, and is gone on reload.
"""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from inbox_app.db import session_scope
from inbox_app.models.dto import AgentView
from inbox_app.models.tables import utcnow
from inbox_app.services.errors import DomainError
from inbox_app.services.integrations import api_keys
from inbox_app.services.rendering import time_label
from inbox_app.state.guards import admin_event
from inbox_app.state.settings import SettingsState

NEW_KEY_FIELD = "new-api-key"


@dataclass(frozen=True)
class ApiKeyRow:
    id: int
    name: str
    prefix: str
    created: str
    last_used: str
    revoked: bool


class ApiKeysState(SettingsState):
    api_keys: list[ApiKeyRow] = []

    def _load_keys(self) -> None:
        now = utcnow()
        with session_scope() as session:
            views = api_keys.list_api_keys(session)
        self.api_keys = [
            ApiKeyRow(
                id=k.id,
                name=k.name,
                prefix=k.prefix,
                created=f"{time_label(k.created_at, now=now)} by {k.created_by}",
                last_used=time_label(k.last_used_at, now=now) if k.last_used_at else "never",
                revoked=k.revoked_at is not None,
            )
            for k in views
        ]

    @admin_event
    def open_api_keys(self, admin: AgentView):
        self._load_keys()
        return rx.set_value(NEW_KEY_FIELD, "")

    @admin_event
    def create_api_key(self, admin: AgentView, form_data: dict):
        try:
            with session_scope() as session:
                made = api_keys.create_api_key(
                    session, name=str(form_data.get("name", "")), now=utcnow(), actor=admin
                )
        except DomainError as error:
            return rx.toast.error(error.said(self.ui_language))
        self._load_keys()
        return [
            rx.set_value(NEW_KEY_FIELD, made.key),
            rx.toast(self._said("API key made: copy it now, it is shown only once.")),
        ]

    @admin_event
    def revoke_api_key(self, admin: AgentView, key_id: int):
        try:
            with session_scope() as session:
                api_keys.revoke_api_key(session, actor=admin, key_id=int(key_id), now=utcnow())
        except DomainError as error:
            return rx.toast.error(error.said(self.ui_language))
        self._load_keys()
        return [rx.set_value(NEW_KEY_FIELD, ""), rx.toast(self._said("API key revoked"))]
