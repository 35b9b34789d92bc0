"""Mail waiting to be sent: chat replies for visitors who left (sending comes with the email channel)."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from inbox_app.models.tables import utcnow


class OutboxEmail(SQLModel, table=True):
    __tablename__ = "outbox_email"
    id: int | None = Field(default=None, primary_key=True)
    message_id: int = Field(foreign_key="message.id", unique=True, ondelete="CASCADE")
    status: str = Field(default="queued", max_length=20)  # queued | sent | failed
    to_address: str = Field(max_length=254)
    subject: str = Field(max_length=300)
    body: str = Field(max_length=50_000)
    created_at: datetime = Field(default_factory=utcnow)
