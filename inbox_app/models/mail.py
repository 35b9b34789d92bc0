"""A mail as the inbox understands it: plain data parsed from the bytes that came in."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class MailFile:
    """An attachment or inline image of a mail."""

    filename: str
    content_type: str
    data: bytes
    content_id: str = ""  # without the angle brackets; `cid:` links in the HTML name it
    inline: bool = False


@dataclass(frozen=True)
class Bounce:
    """A delivery status notification: which of our mails failed, and why."""

    message_ids: list[str]  # the Message-IDs of the mails that bounced, with <>
    reason: str


@dataclass(frozen=True)
class ParsedMail:
    message_id: str  # "<...>" as the sender gave it, "" when it has none
    content_hash: str  # sha256 of the raw bytes: the identity of a mail without Message-ID
    subject: str
    from_address: str  # lower-cased addr-spec, "" when none could be read
    from_name: str
    to: list[str]
    cc: list[str]
    in_reply_to: list[str]  # Message-IDs with <>
    references: list[str]
    text: str  # the new text, quoted history folded away
    full_text: str  # the whole text body, history included
    html: str = ""  # sanitised HTML, when the mail had HTML
    files: list[MailFile] = field(default_factory=list)
    auto_reply: bool = False
    bounce: Bounce | None = None
    problems: list[str] = field(default_factory=list)  # what could not be read cleanly

    @property
    def identity(self) -> str:
        """What makes two deliveries the same mail: its Message-ID, else its content."""
        return self.message_id or f"<sha256-{self.content_hash}@inbox.invalid>"

    @property
    def thread_ids(self) -> list[str]:
        """Message-IDs this mail answers, the most direct first."""
        return list(dict.fromkeys([*self.in_reply_to, *reversed(self.references)]))


@dataclass(frozen=True)
class Received:
    """What became of an incoming mail."""

    outcome: str  # stored | duplicate | ignored (our own) | blocked | bounce
    conversation_ids: list[int] = field(default_factory=list)  # those that look different now
    message_id: int = 0


@dataclass(frozen=True)
class OutgoingFile:
    filename: str
    content_type: str
    storage_key: str


@dataclass(frozen=True)
class OutgoingMail:
    """One outbox row with all it takes to build the mail, claimed by one sender."""

    outbox_id: int
    message_id: int
    conversation_id: int
    rfc_message_id: str
    to: str
    subject: str
    text: str  # Markdown as the agent wrote it; the HTML part is rendered from it
    in_reply_to: str | None = None
    references: list[str] = field(default_factory=list)
    files: list[OutgoingFile] = field(default_factory=list)
