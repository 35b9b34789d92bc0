"""What the email channel keeps beside a message: its mail identity, for threading and
idempotency, and the whole mail (history and HTML) one click away."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Column, Text
from sqlmodel import Field, SQLModel

from inbox_app.models.tables import utcnow


class EmailMessage(SQLModel, table=True):
    """A message that came or went by mail. `rfc_message_id` is unique: a mail delivered twice
    (two forwards, IMAP fetching again) finds its first copy; one without a Message-ID is
    named by a hash of its bytes (`ParsedMail.identity`)."""

    __tablename__ = "email_message"
    id: int | None = Field(default=None, primary_key=True)
    message_id: int = Field(foreign_key="message.id", unique=True, ondelete="CASCADE")
    conversation_id: int = Field(foreign_key="conversation.id", index=True, ondelete="CASCADE")
    rfc_message_id: str = Field(max_length=300, unique=True)
    in_reply_to: str | None = Field(default=None, max_length=300)
    reference_ids: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    full_text: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    html: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    auto_reply: bool = Field(default=False)
    created_at: datetime = Field(default_factory=utcnow)
