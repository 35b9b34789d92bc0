"""SQLModel tables. Only Alembic migrations change the schema these describe."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, Integer, Table, UniqueConstraint, text
from sqlalchemy import false as sa_false
from sqlmodel import Field, SQLModel

from inbox_app.models.enums import (
    Availability,
    Channel,
    ConversationState,
    MessageKind,
    Role,
    ValueSource,
)

# SQLite hands the id of a deleted last row to the next insert unless the table is
# AUTOINCREMENT; ids that visitors' tokens and links name must never come back (PostgreSQL's
# sequences never reuse one).
NEVER_REUSED_IDS = {"sqlite_autoincrement": True}


def utcnow() -> datetime:
    return datetime.now(UTC)


def new_visitor_key() -> str:
    return secrets.token_hex(16)


def table_of(model: type[SQLModel]) -> Table:
    """The Core table of a table model, for statements that skip the ORM's bookkeeping.
    SQLModel's metaclass sets `__table__` but does not declare it to type checkers."""
    table: Table = model.__table__  # type: ignore[attr-defined]
    return table


class Agent(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254, unique=True, index=True)
    name: str = Field(max_length=120)
    role: Role = Field(default=Role.agent)
    availability: Availability = Field(default=Availability.online)
    password_hash: str = Field(max_length=255)
    is_active: bool = Field(default=True)
    # In every sign-in token; raised to end all of them (sign-out, new password, deactivation).
    token_version: int = Field(default=0)
    # Which notifications this agent wants: {"mention": false, "sound": true, ...}; absent = on.
    notify_prefs: dict[str, Any] = Field(
        default_factory=dict, sa_column=Column(JSON, nullable=False, server_default="{}")
    )
    # Set on /profile; None follows INBOX_LANGUAGE (else the browser) and UTC.
    language: str | None = Field(default=None, max_length=8)
    time_zone: str | None = Field(default=None, max_length=64)
    avatar_colour: str | None = Field(default=None, max_length=16)
    last_assigned_at: datetime | None = None  # round-robin: ties go to the longest waiting
    created_at: datetime = Field(default_factory=utcnow)


class AgentGroup(SQLModel, table=True):
    __tablename__ = "agent_group"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=120, unique=True)
    # Round-robin: a conversation that reaches the group goes to its least busy online member.
    auto_assign: bool = Field(default=False, sa_column_kwargs={"server_default": sa_false()})
    # "de,fr": a new conversation whose first message is in one of these joins this group.
    languages: str = Field(default="", max_length=64, sa_column_kwargs={"server_default": ""})
    created_at: datetime = Field(default_factory=utcnow)


class GroupMember(SQLModel, table=True):
    __tablename__ = "group_member"
    group_id: int = Field(foreign_key="agent_group.id", primary_key=True, ondelete="CASCADE")
    agent_id: int = Field(foreign_key="agent.id", primary_key=True, index=True, ondelete="CASCADE")


class Contact(SQLModel, table=True):
    __table_args__ = (
        # The directory's sorts (services/contacts/directory.py: sort_name).
        Index("ix_contact_sort_name", text("lower(coalesce(name, email, ''))")),
        Index("ix_contact_company", "company"),
        Index("ix_contact_last_seen_at", "last_seen_at"),
        Index("ix_contact_conversation_count", "conversation_count", "id"),
    )
    id: int | None = Field(default=None, primary_key=True)
    name: str | None = Field(default=None, max_length=200)
    email: str | None = Field(default=None, max_length=254, index=True)
    phone: str | None = Field(default=None, max_length=50)
    company: str | None = Field(default=None, max_length=200)
    notes: str | None = Field(default=None, max_length=5000)
    # Where each standard field's value came from: {"name": "form", ...}.
    field_sources: dict[str, Any] = Field(
        default_factory=dict, sa_column=Column(JSON, nullable=False)
    )
    blocked: bool = Field(default=False)
    language: str | None = Field(default=None, max_length=35)
    browser: str | None = Field(default=None, max_length=200)
    operating_system: str | None = Field(default=None, max_length=100)
    country: str | None = Field(default=None, max_length=80)
    first_page: str | None = Field(default=None, max_length=2000)
    first_seen_at: datetime = Field(default_factory=utcnow)
    last_seen_at: datetime = Field(default_factory=utcnow)
    # The id a website gave this person when it identified them to the widget (HMAC-signed).
    external_user_id: str | None = Field(default=None, max_length=200, unique=True, index=True)
    # Live (not deleted) conversations, kept by database triggers on conversation (migration
    # 0022) for the directory's sort by conversations; never written by the application.
    # No default on the column: an insert that does not name it (bulk rows) gets the server's.
    conversation_count: int = Field(
        default=0, sa_column=Column(Integer, nullable=False, server_default="0")
    )


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
        # The REST API's pages over every state: keyset by (last activity, id).
        Index("ix_conversation_activity_id", "last_activity_at", "id"),
        Index("ix_conversation_language", "language", "state", "last_activity_at"),
        # Counting each contact's live conversations reads this index alone (the directory).
        Index("ix_conversation_contact_live", "contact_id", "deleted_at"),
        # The list sorted by priority: most urgent first, then by activity.
        Index("ix_conversation_state_priority", "state", "priority", "last_activity_at"),
        NEVER_REUSED_IDS,
    )
    id: int | None = Field(default=None, primary_key=True)
    # Inside every visitor token for this conversation and checked on each widget call: a
    # token names this conversation, never another that got its id (see migration 0009).
    visitor_key: str = Field(default_factory=new_visitor_key, max_length=32)
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
    last_incoming_at: datetime | None = Field(default=None, index=True)  # the 30-second clock
    last_reply_at: datetime | None = None
    first_reply_at: datetime | None = None
    closed_at: datetime | None = None
    # The language of its latest contact message that had a clear one (ISO 639-1).
    language: str | None = Field(default=None, max_length=8)
    # Set when an agent deletes it: hidden at once, purged for good after the undo window.
    deleted_at: datetime | None = Field(default=None, index=True)
    # 0 none .. 4 urgent (enums.Priority): a number, so sorting by it sorts by urgency.
    priority: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    # Out of the open views and counts until then; the snooze clock brings it back.
    snoozed_until: datetime | None = Field(default=None, index=True)
    # The attention counts (services/conversations/overdue.py): `due_at` is the unanswered
    # contact message's time until the clock finds it past the missed threshold; then
    # `overdue` is set (its dot is red for everyone) and `due_at` cleared. A reply or a new
    # contact message resets both. The counters' "red:" keys follow `overdue`.
    due_at: datetime | None = Field(default=None, index=True)
    overdue: bool = Field(default=False, sa_column_kwargs={"server_default": sa_false()})


class ConversationAssignee(SQLModel, table=True):
    __tablename__ = "conversation_assignee"
    conversation_id: int = Field(
        foreign_key="conversation.id", primary_key=True, ondelete="CASCADE"
    )
    agent_id: int = Field(foreign_key="agent.id", primary_key=True, index=True, ondelete="CASCADE")


class Label(SQLModel, table=True):
    """A tag admins define; agents put it on conversations."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=50, unique=True)
    colour: str = Field(max_length=20)  # a Radix colour name: "blue", "red", ...
    created_at: datetime = Field(default_factory=utcnow)


class ConversationLabel(SQLModel, table=True):
    __tablename__ = "conversation_label"
    conversation_id: int = Field(
        foreign_key="conversation.id", primary_key=True, ondelete="CASCADE"
    )
    label_id: int = Field(foreign_key="label.id", primary_key=True, index=True, ondelete="CASCADE")


class Message(SQLModel, table=True):
    __table_args__ = (
        UniqueConstraint("conversation_id", "idempotency_key", name="uq_message_idempotency"),
        Index("ix_message_conversation_created", "conversation_id", "created_at"),
        NEVER_REUSED_IDS,
    )
    id: int | None = Field(default=None, primary_key=True)
    conversation_id: int = Field(foreign_key="conversation.id", ondelete="CASCADE")
    kind: MessageKind
    author_agent_id: int | None = Field(default=None, foreign_key="agent.id", ondelete="SET NULL")
    # Written by an integration through this API key (then no agent is the author). Keys are
    # revoked, never deleted.
    author_api_key_id: int | None = Field(default=None, foreign_key="api_key.id")
    body: str = Field(max_length=50_000)
    created_at: datetime = Field(default_factory=utcnow)
    idempotency_key: str | None = Field(default=None, max_length=100)
    # Email headers (subject, from, to, cc) for the email channel.
    email_meta: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    language: str | None = Field(default=None, max_length=8)  # of a contact's message, detected


class Attachment(SQLModel, table=True):
    """A stored file. Uploaded first (message_id empty), then linked to the message sent."""

    __table_args__ = (NEVER_REUSED_IDS,)
    id: int | None = Field(default=None, primary_key=True)
    conversation_id: int = Field(foreign_key="conversation.id", index=True, ondelete="CASCADE")
    message_id: int | None = Field(
        default=None, foreign_key="message.id", index=True, ondelete="CASCADE"
    )
    uploader_agent_id: int | None = Field(default=None, foreign_key="agent.id", ondelete="SET NULL")
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


class InboxCount(SQLModel, table=True):
    """Open conversations per view, kept by the services so counting never scans.

    Keys: "all", "unassigned", "group:<id>", "mine:<agent id>".
    """

    __tablename__ = "inbox_count"
    key: str = Field(max_length=40, primary_key=True)
    open_count: int = 0


class Draft(SQLModel, table=True):
    """What an agent has typed but not sent, per conversation, kept on the server."""

    agent_id: int = Field(foreign_key="agent.id", primary_key=True, ondelete="CASCADE")
    conversation_id: int = Field(
        foreign_key="conversation.id", primary_key=True, ondelete="CASCADE"
    )
    body: str = Field(default="", max_length=50_000)
    updated_at: datetime = Field(default_factory=utcnow)


class Notification(SQLModel, table=True):
    __table_args__ = (Index("ix_notification_agent_unread", "agent_id", "read_at", "created_at"),)
    id: int | None = Field(default=None, primary_key=True)
    agent_id: int = Field(foreign_key="agent.id", ondelete="CASCADE")
    kind: str = Field(max_length=30)  # assigned | mention | new_conversation | new_message
    conversation_id: int | None = Field(
        default=None, foreign_key="conversation.id", ondelete="CASCADE"
    )
    text: str = Field(max_length=300)
    created_at: datetime = Field(default_factory=utcnow)
    read_at: datetime | None = None


class PasswordLink(SQLModel, table=True):
    """One-time set-password links for invited agents; only a hash of the token is kept."""

    __tablename__ = "password_link"
    token_hash: str = Field(max_length=64, primary_key=True)
    agent_id: int = Field(foreign_key="agent.id", index=True, ondelete="CASCADE")
    expires_at: datetime
    used_at: datetime | None = None


class AppSetting(SQLModel, table=True):
    """Team-wide settings an admin changes at run time (e.g. the missed threshold)."""

    __tablename__ = "app_setting"
    key: str = Field(max_length=60, primary_key=True)
    value: str = Field(max_length=2000)


class ApiKey(SQLModel, table=True):
    """A key an integration sends as `Authorization: Bearer`; only its SHA-256 is kept."""

    __tablename__ = "api_key"
    __table_args__ = (NEVER_REUSED_IDS,)
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=120)
    key_hash: str = Field(max_length=64, unique=True)
    prefix: str = Field(max_length=16)  # the key's first characters, shown to tell keys apart
    created_at: datetime = Field(default_factory=utcnow)
    created_by_agent_id: int | None = Field(
        default=None, foreign_key="agent.id", ondelete="SET NULL"
    )
    last_used_at: datetime | None = None
    revoked_at: datetime | None = None
