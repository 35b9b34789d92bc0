"""Webhooks: admins add (URL checked, a secret made) and delete them; every action that matters
to an integration calls `enqueue` inside its own transaction, so a delivery is stored exactly
when the action is, and the sender (webhook_queue) takes it from there."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import insert
from sqlmodel import Session, col, select

from inbox_app.i18n import mark
from inbox_app.models.dto import AgentView
from inbox_app.models.tables import table_of
from inbox_app.models.webhooks import Webhook, WebhookDelivery
from inbox_app.services import batch_reads
from inbox_app.services.errors import DomainError
from inbox_app.services.integrations.webhook_targets import Resolver, check_target, resolve
from inbox_app.services.team.permissions import require_admin

EVENTS = (
    "message.created",
    "conversation.created",
    "conversation.closed",
    "conversation.assigned",
    "contact.updated",
)
MAX_WEBHOOKS = 20
LOG_LENGTH = 20


class WebhookError(DomainError):
    """The webhook cannot be added or changed; the text is safe to show."""


@dataclass(frozen=True)
class WebhookView:
    id: int
    url: str
    events: list[str]
    secret: str  # admins only: the receiver needs it to verify signatures
    created_at: datetime


@dataclass(frozen=True)
class DeliveryView:
    id: int
    event: str
    created_at: datetime
    status: str
    status_code: int | None
    duration_ms: int | None
    attempts: int
    error: str


def create_webhook(
    session: Session,
    *,
    actor: AgentView,
    url: str,
    events: list[str],
    now: datetime,
    allow_private: bool,
    resolver: Resolver = resolve,
) -> WebhookView:
    require_admin(actor)
    chosen = [event for event in EVENTS if event in set(events)]
    if not chosen or len(chosen) != len(set(events)):
        raise WebhookError(mark("Choose at least one of the listed events."))
    url = check_target(url, allow_private=allow_private, resolver=resolver)
    if len(session.exec(select(Webhook.id)).all()) >= MAX_WEBHOOKS:
        raise WebhookError(
            mark("At most {max_webhooks} webhooks; delete one first."), max_webhooks=MAX_WEBHOOKS
        )
    row = Webhook(url=url, events=chosen, secret="whsec_" + secrets.token_hex(24), created_at=now)
    session.add(row)
    session.commit()
    return _view(row)


def delete_webhook(session: Session, *, actor: AgentView, webhook_id: int) -> None:
    """The webhook and its deliveries (the database cascades)."""
    require_admin(actor)
    row = session.get(Webhook, webhook_id)
    if row is None:
        raise WebhookError(mark("That webhook does not exist."))
    session.delete(row)
    session.commit()


def list_webhooks(session: Session, *, actor: AgentView) -> list[WebhookView]:
    require_admin(actor)
    return [_view(w) for w in session.exec(select(Webhook).order_by(col(Webhook.id))).all()]


def _view(row: Webhook) -> WebhookView:
    return WebhookView(row.id or 0, row.url, list(row.events), row.secret, row.created_at)


def enqueue(session: Session, *, event: str, payload: dict[str, Any], now: datetime) -> int:
    """Queue the event for every active webhook that wants it, in the caller's transaction
    (the caller commits). Without webhooks this is one indexed read. Returns how many."""
    active = batch_reads.read_once(
        session,
        "webhooks",
        lambda: session.exec(
            select(Webhook.id, Webhook.events).where(col(Webhook.active).is_(True))
        ).all(),
    )
    wanted = [webhook_id for webhook_id, events in active if event in events]
    if wanted:  # one multi-row INSERT on the caller's connection: no ORM objects to flush
        row = {
            "event": event,
            "payload": payload,
            "status": "queued",
            "attempts": 0,
            "created_at": now,
            "next_attempt_at": now,
        }
        session.connection().execute(
            insert(table_of(WebhookDelivery)), [{**row, "webhook_id": i} for i in wanted]
        )
    return len(wanted)


def deliveries(session: Session, *, actor: AgentView, webhook_id: int) -> list[DeliveryView]:
    """The webhook's latest deliveries, newest first."""
    require_admin(actor)
    rows = session.exec(
        select(WebhookDelivery)
        .where(WebhookDelivery.webhook_id == webhook_id)
        .order_by(col(WebhookDelivery.id).desc())
        .limit(LOG_LENGTH)
    ).all()
    return [
        DeliveryView(
            id=d.id or 0,
            event=d.event,
            created_at=d.created_at,
            status=d.status,
            status_code=d.last_status_code,
            duration_ms=d.last_duration_ms,
            attempts=d.attempts,
            error=d.last_error or "",
        )
        for d in rows
    ]


def redeliver(session: Session, *, actor: AgentView, delivery_id: int, now: datetime) -> int:
    """Send a delivery's event again, as a new delivery (the log keeps both). Its id."""
    require_admin(actor)
    original = session.get(WebhookDelivery, delivery_id)
    if original is None:
        raise WebhookError(mark("That delivery no longer exists."))
    again = WebhookDelivery(
        webhook_id=original.webhook_id,
        event=original.event,
        payload=original.payload,
        created_at=now,
        next_attempt_at=now,
    )
    session.add(again)
    session.commit()
    return again.id or 0
