"""What State vars and API responses may carry: plain data, never table objects or hashes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class AgentView:
    id: int
    name: str
    email: str
    role: str
    availability: str
    avatar_colour: str = "indigo"  # a Radix colour scale, chosen on /profile
    language: str = ""  # "en" or "de" chosen on /profile; "" follows INBOX_LANGUAGE, the browser
    time_zone: str = ""  # an IANA name chosen on /profile; "" follows the browser


@dataclass(frozen=True)
class LabelView:
    id: int
    name: str
    colour: str  # a Radix colour name


@dataclass(frozen=True)
class ConversationCard:
    id: int
    contact_name: str
    channel: str
    state: str
    preview: str
    time_label: str
    assignees: str
    dot: str
    href: str
    snippet_html: str = ""  # search results: the matching text, matches in <mark>
    labels: list[LabelView] = field(default_factory=list)
    priority: str = ""  # "High"; empty for none
    snoozed_until: str = ""  # "Snoozed until 09:00" in the Snoozed view
    language: str = ""  # its contact's language by name ("Deutsch"); empty when unknown


@dataclass(frozen=True)
class AttachmentView:
    id: int
    filename: str
    size: int
    is_image: bool
    url: str = ""  # a signed, short-lived download link for the agent who looks


@dataclass(frozen=True)
class MessageView:
    id: int
    kind: str
    author: str
    body_html: str
    time_label: str
    text: str = ""  # plain text of an event line
    attachments: list[AttachmentView] = field(default_factory=list)
    delivery: str = ""  # e.g. "Queued for email": a chat reply the visitor was not there to see
    delivery_note: str = ""  # the relay's answer, or why the mail waits (shown on hover)
    email_headers: str = ""  # "Subject: ...\nFrom: ...\nTo: ...\nCc: ..." of a mail
    whole_mail: str = ""  # the mail's full text when history was folded away
    mail_html: str = ""  # a mail that had HTML: shown instead of body_html (sanitised, nh3)
    whole_html: str = ""  # its whole HTML when quoted history was folded away

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> MessageView:
        """Rebuilt from `dataclasses.asdict` (a live message that crossed Redis as JSON)."""
        files = [AttachmentView(**file) for file in data.get("attachments", [])]
        return cls(**{**data, "attachments": files})


@dataclass(frozen=True)
class FieldView:
    label: str  # in the reader's language
    value: str
    source: str
    name: str = ""  # the form field's name, for the editable ones


@dataclass(frozen=True)
class PreviousConversation:
    id: int
    preview: str
    state: str
    time_label: str
    href: str


@dataclass(frozen=True)
class ContactView:
    id: int
    display_name: str
    blocked: bool
    fields: list[FieldView] = field(default_factory=list)
    facts: list[FieldView] = field(default_factory=list)
    attributes: list[FieldView] = field(default_factory=list)
    email: str = ""  # "" when the contact has none: `Start an email` says so


@dataclass(frozen=True)
class ConversationHeader:
    id: int
    contact_name: str
    channel: str
    state: str
    group: str
    assignees: str
    blocked: bool
    group_id: int = 0
    assignee_ids: list[int] = field(default_factory=list)
    label_ids: list[int] = field(default_factory=list)
    priority: str = "None"  # as the Priority combobox names it
    snoozed_until: str = ""  # "Snoozed until Tue 09:00"; empty when not snoozed


@dataclass(frozen=True)
class Choice:
    """An option in a picker (agents, groups)."""

    id: int
    name: str


@dataclass(frozen=True)
class GroupCount:
    """A group's view in the rail, for one of its members."""

    id: int
    name: str
    href: str
    count: int
    red: int = 0  # of `count`, those waiting too long (red dots)


@dataclass(frozen=True)
class NavCounts:
    """Per view: open conversations (listing.nav_counts) or those that need the viewer's
    attention, with how many of them are red (attention.attention_counts: the rail)."""

    mine: int = 0
    unassigned: int = 0
    all: int = 0
    groups: list[GroupCount] = field(default_factory=list)  # the viewer's groups, by name
    mine_red: int = 0
    unassigned_red: int = 0
    all_red: int = 0


@dataclass(frozen=True)
class ContactRow:
    """A row of the contact directory."""

    id: int
    name: str
    email: str
    company: str
    last_seen: str
    conversations: int
    href: str


@dataclass(frozen=True)
class IntegrationActor:
    """An API key acting as itself: event lines name it, no agent is the author."""

    name: str  # "API key Zapier"
    api_key_id: int
    id: None = None  # no agent: messages and event lines it writes have no author agent


@dataclass(frozen=True)
class SystemActor:
    """The inbox itself (automatic assignment): event lines name it, no agent is the author."""

    name: str
    id: None = None


# Who does an action: a signed-in agent, an integration through its API key, or the inbox.
Actor = AgentView | IntegrationActor | SystemActor
