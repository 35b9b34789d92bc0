"""Webhooks an admin registers, and their deliveries: a durable queue, one row per event and
webhook, written in the transaction of the action that caused it and sent by a background loop
(services/integrations/webhook_sending.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Index
from sqlmodel import Field, SQLModel

from inbox_app.models.tables import NEVER_REUSED_IDS, utcnow


class Webhook(SQLModel, table=True):
    __tablename__ = "webhook"
    __table_args__ = (NEVER_REUSED_IDS,)
    id: int | None = Field(default=None, primary_key=True)
    url: str = Field(max_length=2000)
    events: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    # Shown to admins (they paste it into the receiver), so kept as is, never in a State var.
    secret: str = Field(max_length=100)
    created_at: datetime = Field(default_factory=utcnow)
    active: bool = Field(default=True, index=True)  # the emit hook's one indexed query


class WebhookDelivery(SQLModel, table=True):
    __tablename__ = "webhook_delivery"
    # The sender's "due" query: queued rows by next attempt.
    __table_args__ = (
        Index("ix_webhook_delivery_due", "status", "next_attempt_at"),
        NEVER_REUSED_IDS,
    )
    id: int | None = Field(default=None, primary_key=True)
    webhook_id: int = Field(foreign_key="webhook.id", ondelete="CASCADE", index=True)
    event: str = Field(max_length=40)
    payload: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    status: str = Field(default="queued", max_length=20)  # queued | sent | failed
    attempts: int = Field(default=0)
    next_attempt_at: datetime = Field(default_factory=utcnow)
    claimed_until: datetime | None = None  # a sender holds it; another may take it after
    last_status_code: int | None = None
    last_duration_ms: int | None = None
    last_error: str | None = Field(default=None, max_length=1000)
    created_at: datetime = Field(default_factory=utcnow)
    last_attempt_at: datetime | None = None
