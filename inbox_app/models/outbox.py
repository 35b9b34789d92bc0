"""Mail waiting to be sent (replies, new emails, chat replies for visitors who left), one row a
mail, retried with growing delays until the relay takes it (services/email/outbox_sending.py)."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from inbox_app.models.tables import utcnow


class OutboxEmail(SQLModel, table=True):
    __tablename__ = "outbox_email"
    id: int | None = Field(default=None, primary_key=True)
    # None: a mail of no conversation (a test mail, an invitation; services/email/standalone.py)
    message_id: int | None = Field(
        default=None, foreign_key="message.id", unique=True, ondelete="CASCADE"
    )
    status: str = Field(default="queued", max_length=20)  # queued | sent | failed
    to_address: str = Field(max_length=254)
    subject: str = Field(max_length=300)
    body: str = Field(max_length=50_000)
    created_at: datetime = Field(default_factory=utcnow)
    attempts: int = Field(default=0)
    next_attempt_at: datetime | None = Field(default=None, index=True)  # None: at once
    claimed_until: datetime | None = None  # a worker is sending it; another takes it after
    last_error: str | None = Field(default=None, max_length=1000)  # the relay's answer
    sent_at: datetime | None = None
