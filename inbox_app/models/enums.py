"""Closed vocabularies of the domain."""

from enum import IntEnum, StrEnum


class Role(StrEnum):
    admin = "admin"
    agent = "agent"


class Availability(StrEnum):
    online = "online"
    offline = "offline"
    invisible = "invisible"


class Channel(StrEnum):
    chat = "chat"
    email = "email"
    api = "api"


class ConversationState(StrEnum):
    open = "open"
    closed = "closed"


class MessageKind(StrEnum):
    incoming = "incoming"
    reply = "reply"
    comment = "comment"
    event = "event"


class ValueSource(StrEnum):
    manual = "manual"
    form = "form"
    plugin = "plugin"


class Dot(StrEnum):
    missed = "missed"
    new = "new"
    none = "none"


class Priority(IntEnum):
    """Stored as its number: sorting by the column sorts by urgency."""

    none = 0
    low = 1
    medium = 2
    high = 3
    urgent = 4
