"""The REST API's request and response bodies (Pydantic): what /api/openapi.json documents.

Unknown fields in a request are refused (422), so a typo never passes silently.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from inbox_app.services.conversations.feed import MAX_ID

Text = Field(max_length=50_000)
Id = Annotated[int, Field(ge=1, le=MAX_ID)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ContactRef(BaseModel):
    id: int
    name: str | None
    email: str | None


class AttachmentOut(BaseModel):
    id: int = Field(examples=[17])
    filename: str = Field(examples=["invoice.pdf"])
    size: int = Field(description="Bytes", examples=[48213])
    is_image: bool = Field(description="PNG, JPEG, GIF or WebP by its bytes: shown inline")
    url: str = Field(
        description="Download with the same API key", examples=["/api/v1/attachments/17"]
    )


class MessageOut(BaseModel):
    id: int = Field(examples=[381])
    kind: Literal["incoming", "reply", "comment", "event"]
    body: str = Field(examples=["Hello, my order has not arrived."])
    author: str = Field(
        description="The agent, `API key <name>`, or empty: the contact or an event line",
        examples=["API key Order bot"],
    )
    created_at: datetime
    attachments: list[AttachmentOut] = []


class ConversationOut(BaseModel):
    id: int = Field(examples=[42])
    state: Literal["open", "closed"]
    channel: Literal["chat", "email", "api"]
    subject: str | None = None
    contact: ContactRef
    group_id: int | None = Field(description="The assigned group, if any")
    agent_ids: list[int] = Field(description="The assigned agents")
    created_at: datetime
    last_activity_at: datetime
    messages: list[MessageOut] | None = Field(
        default=None, description="Only in the single-conversation answer, oldest first"
    )


class ConversationPage(BaseModel):
    items: list[ConversationOut]
    next: str | None = Field(description="Pass as `cursor` for the next page; null on the last")


class NewContact(Strict):
    email: str | None = Field(default=None, max_length=254, examples=["paula@example.net"])
    name: str | None = Field(default=None, max_length=200, examples=["Paula Meyer"])


class NewConversation(Strict):
    """A new `api`-channel conversation; `message` is the contact's first message."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "contact": {"email": "paula@example.net", "name": "Paula Meyer"},
                    "message": "Where is my order 1042?",
                }
            ]
        }
    )
    contact: NewContact
    message: str = Text


class NewMessage(Strict):
    """`reply` goes to the contact (the widget live, or email); `comment` is an internal note;
    `incoming` records a message from the contact (e.g. one a bridge received)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"kind": "reply", "body": "Your order left our warehouse today."}]
        }
    )
    kind: Literal["reply", "comment", "incoming"]
    body: str = Field(
        default="", max_length=50_000, description="May be empty when files are attached"
    )
    attachment_ids: list[Id] = Field(
        default=[],
        max_length=10,
        description="Files uploaded to this conversation with "
        "`POST /api/v1/conversations/{id}/attachments`, not yet sent",
    )


class ConversationChanges(Strict):
    """Only the fields given change. `group_id` null removes the group; `agent_ids` is the
    whole new set of assignees ([] unassigns everyone)."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"state": "closed"}, {"group_id": 3, "agent_ids": [5, 8]}]}
    )
    state: Literal["open", "closed"] | None = None
    group_id: Id | None = None
    agent_ids: list[Id] | None = Field(default=None, max_length=50)


class ContactOut(BaseModel):
    id: int
    email: str | None
    name: str | None
    phone: str | None
    company: str | None
    blocked: bool
    attributes: dict[str, str]
    sources: dict[str, str] = Field(
        description="Where each field's value came from: `manual`, `form` or `plugin`"
    )
    attribute_sources: dict[str, str]


class ContactUpsert(Strict):
    """Found by `email`, made if there is none. A field left out stays as it is; "" clears
    it; every value set here shows the source `plugin` in the contact panel."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "email": "paula@example.net",
                    "name": "Paula Meyer",
                    "company": "Meyer GmbH",
                    "attributes": {"plan": "Gold"},
                }
            ]
        }
    )
    email: str = Field(max_length=254)
    name: str | None = Field(default=None, max_length=200)
    phone: str | None = Field(default=None, max_length=50)
    company: str | None = Field(default=None, max_length=200)
    attributes: dict[str, str] = Field(default_factory=dict, max_length=100)


class AgentOut(BaseModel):
    id: int
    name: str
    email: str
    role: Literal["admin", "agent"]
    availability: Literal["online", "offline", "invisible"]


class GroupOut(BaseModel):
    id: int
    name: str
    agent_ids: list[int]


class ContactChanges(Strict):
    """Only the fields given change; "" clears one; every value set shows the source `plugin`."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"phone": "+49 30 1234567", "attributes": {"plan": "Platinum"}}]
        }
    )
    email: str | None = Field(default=None, max_length=254)
    name: str | None = Field(default=None, max_length=200)
    phone: str | None = Field(default=None, max_length=50)
    company: str | None = Field(default=None, max_length=200)
    attributes: dict[str, str] = Field(default_factory=dict, max_length=100)
