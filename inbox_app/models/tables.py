"""SQLModel tables. Only Alembic migrations change the schema these describe."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import JSON, Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from inbox_app.models.enums import (
    Availability,
    Channel,
    ConversationState,
    MessageKind,
    Role,
    ValueSource,
)


def utcnow() -> datetime:
    return datetime.now(UTC)


class Agent(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254, unique=True, index=True)
    name: str = Field(max_length=120)
    role: Role = Field(default=Role.agent)
    availability: Availability = Field(default=Availability.online)
    password_hash: str = Field(max_length=255)
    is_active: bool = Field(default=True)
    created_at: datetime = Field(default_factory=utcnow)


class AgentGroup(SQLModel, table=True):
    __tablename__ = "agent_group"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=120, unique=True)
    created_at: datetime = Field(default_factory=utcnow)


class GroupMember(SQLModel, table=True):
    __tablename__ = "group_member"
    group_id: int = Field(foreign_key="agent_group.id", primary_key=True, ondelete="CASCADE")
    agent_id: int = Field(foreign_key="agent.id", primary_key=True, index=True, ondelete="CASCADE")


class Contact(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str | None = Field(default=None, max_length=200)
    email: str | None = Field(default=None, max_length=254, index=True)
    phone: str | None = Field(default=None, max_length=50)
    company: str | None = Field(default=None, max_length=200)
    notes: str | None = Field(default=None, max_length=5000)
    # Where each standard field's value came from: {"name": "form", ...}.
    field_sources: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    blocked: bool = Field(default=False)
    language: str | None = Field(default=None, max_length=35)
    browser: str | None = Field(default=None, max_length=200)
    country: str | None = Field(default=None, max_length=80)
    first_page: str | None = Field(default=None, max_length=2000)
    first_seen_at: datetime = Field(default_factory=utcnow)
    last_seen_at: datetime = Field(default_factory=utcnow)


class ContactAttribute(SQLModel, table=True):
    __tablename__ = "contact_attribute"
    contact_id: int = Field(foreign_key="contact.id", primary_key=True, ondelete="CASCADE")
    key: str = Field(max_length=100, primary_key=True)
    value: str = Field(max_length=2000)
    source: ValueSource = Field(default=ValueSource.manual)


class Conversation(SQLModel, table=True):
    __table_args__ = (
        Index("ix_conversation_state_activity", "state", "last_activity_at"),
        Index("ix_conversation_state_channel_activity", "state", "channel", "last_activity_at"),
        Index("ix_conversation_unassigned", "state", "is_unassigned", "last_activity_at"),
        Index("ix_conversation_group", "group_id", "state", "last_activity_at"),
    )
    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(foreign_key="contact.id", index=True, ondelete="CASCADE")
    channel: Channel = Field(default=Channel.chat)
    state: ConversationState = Field(default=ConversationState.open)
    group_id: int | None = Field(default=None, foreign_key="agent_group.id", ondelete="SET NULL")
    # True when neither an agent nor a group is assigned: kept by the services for the
    # Unassigned view, so it needs no anti-join over the assignee table.
    is_unassigned: bool = Field(default=True)
    subject: str | None = Field(default=None, max_length=300)
    preview: str = Field(default="", max_length=200)
    created_at: datetime = Field(default_factory=utcnow)
    last_activity_at: datetime = Field(default_factory=utcnow)
    last_incoming_at: datetime | None = None
    last_reply_at: datetime | None = None
    first_reply_at: datetime | None = None
    closed_at: datetime | None = None


class ConversationAssignee(SQLModel, table=True):
    __tablename__ = "conversation_assignee"
    conversation_id: int = Field(
        foreign_key="conversation.id", primary_key=True, ondelete="CASCADE"
    )
    agent_id: int = Field(foreign_key="agent.id", primary_key=True, index=True, ondelete="CASCADE")


class Message(SQLModel, table=True):
    __table_args__ = (
        UniqueConstraint("conversation_id", "idempotency_key", name="uq_message_idempotency"),
        Index("ix_message_conversation_created", "conversation_id", "created_at"),
    )
    id: int | None = Field(default=None, primary_key=True)
    conversation_id: int = Field(foreign_key="conversation.id", ondelete="CASCADE")
    kind: MessageKind
    author_agent_id: int | None = Field(default=None, foreign_key="agent.id", ondelete="SET NULL")
    body: str = Field(max_length=50_000)
    created_at: datetime = Field(default_factory=utcnow)
    idempotency_key: str | None = Field(default=None, max_length=100)
    # Email headers (subject, from, to, cc) for the email channel.
    email_meta: dict | None = Field(default=None, sa_column=Column(JSON, nullable=True))


class Attachment(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    message_id: int = Field(foreign_key="message.id", index=True, ondelete="CASCADE")
    filename: str = Field(max_length=255)
    content_type: str = Field(max_length=127)
    size: int
    storage_key: str = Field(max_length=100, unique=True)
    created_at: datetime = Field(default_factory=utcnow)


class ReadMark(SQLModel, table=True):
    __tablename__ = "read_mark"
    agent_id: int = Field(foreign_key="agent.id", primary_key=True, ondelete="CASCADE")
    conversation_id: int = Field(
        foreign_key="conversation.id", primary_key=True, index=True, ondelete="CASCADE"
    )
    last_read_at: datetime = Field(default_factory=utcnow)


class SavedReply(SQLModel, table=True):
    __tablename__ = "saved_reply"
    id: int | None = Field(default=None, primary_key=True)
    shortcut: str = Field(max_length=50, unique=True)
    title: str = Field(max_length=120)
    body: str = Field(max_length=10_000)


class EmailTemplate(SQLModel, table=True):
    __tablename__ = "email_template"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=120, unique=True)
    subject: str = Field(max_length=300)
    body: str = Field(max_length=20_000)


class LoginLockout(SQLModel, table=True):
    """Failed sign-ins per client address (see services.login_throttle)."""

    __tablename__ = "login_lockout"
    address: str = Field(max_length=64, primary_key=True)
    failures: int = 0
    window_start: datetime = Field(default_factory=utcnow)
    locked_until: datetime | None = None
