"""Settings → Webhooks (admins only): add one (URL, events), its signing secret, its delivery
log with `Redeliver`, delete it.

A webhook's secret is never a State var (State is kept on the server and synced wholesale):
each read-only `Secret` field gets its value written straight into it (fill_secrets) when the
tab is shown and after every change of the list.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import reflex as rx

from inbox_app.db import session_scope
from inbox_app.i18n import mark
from inbox_app.models.dto import AgentView
from inbox_app.models.tables import utcnow
from inbox_app.services.errors import DomainError
from inbox_app.services.integrations import webhooks
from inbox_app.services.rendering import time_label
from inbox_app.state.guards import admin_event
from inbox_app.state.settings import SettingsState
from inbox_app.webhooks import allow_private

TAB = "webhooks"  # the settings tab's value (pages/settings.py _slug)
SECRET_FIELD = "webhook-secret-"  # + the webhook's id
EVENT_FIELD = "event-"  # + the event's name: one checkbox each


# Fields a render has not put on the page yet are tried again, for two seconds at most.
FILL_SCRIPT = """(function fill(tries) {
  const missing = Object.entries(VALUES).filter(([id, value]) => {
    const field = document.getElementById(id);
    if (field) field.value = value;
    return !field;
  });
  if (missing.length && tries > 0) setTimeout(() => fill(tries - 1), 100);
})(20)"""


@dataclass(frozen=True)
class DeliveryRow:
    id: int
    event: str
    time: str
    status: str
    status_code: str
    duration: str
    attempts: int


@dataclass(frozen=True)
class WebhookRow:
    id: int
    url: str
    events: str
    deliveries: list[DeliveryRow]


def _delivery_row(d: webhooks.DeliveryView, now) -> DeliveryRow:
    return DeliveryRow(
        id=d.id,
        event=d.event,
        time=time_label(d.created_at, now=now),
        status=d.status,
        status_code=str(d.status_code) if d.status_code is not None else "—",
        duration=f"{d.duration_ms} ms" if d.duration_ms is not None else "—",
        attempts=d.attempts,
    )


class WebhooksState(SettingsState):
    webhooks: list[WebhookRow] = []

    def _load_webhooks(self, admin: AgentView) -> None:
        now = utcnow()
        with session_scope() as session:
            self.webhooks = [
                WebhookRow(
                    id=w.id,
                    url=w.url,
                    events=", ".join(w.events),
                    deliveries=[
                        _delivery_row(d, now)
                        for d in webhooks.deliveries(session, actor=admin, webhook_id=w.id)
                    ],
                )
                for w in webhooks.list_webhooks(session, actor=admin)
            ]

    @admin_event
    def open_webhooks(self, admin: AgentView):
        self._load_webhooks(admin)

    @admin_event
    def refresh_webhooks(self, admin: AgentView):
        self._load_webhooks(admin)
        return WebhooksState.fill_secrets

    @admin_event
    def fill_secrets(self, admin: AgentView):
        """Write each webhook's secret into its field. A separate event, run after the list
        rendered (the fields exist then); Radix mounts a tab's fields only when it is shown."""
        with session_scope() as session:
            views = webhooks.list_webhooks(session, actor=admin)
        # By DOM id: rx.set_value needs a ref, and Reflex makes none for an id set in a foreach.
        values = json.dumps({f"{SECRET_FIELD}{w.id}": w.secret for w in views})
        return rx.call_script(FILL_SCRIPT.replace("VALUES", values))

    @admin_event
    def tab_shown(self, admin: AgentView, tab: str):
        if tab == TAB:
            self._load_webhooks(admin)
            return WebhooksState.fill_secrets
        return None

    @admin_event
    def add_webhook(self, admin: AgentView, form_data: dict):
        chosen = [e for e in webhooks.EVENTS if form_data.get(f"{EVENT_FIELD}{e}")]
        return self._do(
            admin,
            mark("Webhook added: copy its secret to your receiver."),
            webhooks.create_webhook,
            url=str(form_data.get("url", "")),
            events=chosen,
            now=utcnow(),
            allow_private=allow_private(),
        )

    @admin_event
    def delete_webhook(self, admin: AgentView, webhook_id: int):
        return self._do(
            admin, mark("Webhook deleted"), webhooks.delete_webhook, webhook_id=int(webhook_id)
        )

    @admin_event
    def redeliver(self, admin: AgentView, delivery_id: int):
        return self._do(
            admin,
            mark("Queued to be sent again"),
            webhooks.redeliver,
            delivery_id=int(delivery_id),
            now=utcnow(),
        )

    def _do(self, admin: AgentView, done: str, service, **arguments):
        try:
            with session_scope() as session:
                service(session, actor=admin, **arguments)
        except DomainError as error:
            return rx.toast.error(error.said(self.ui_language))
        self._load_webhooks(admin)
        return [rx.toast(self._said(done)), WebhooksState.fill_secrets]
