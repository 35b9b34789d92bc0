"""What the dashboard reads for one agent: the message list with its counts, the open
conversation, the assignment choices. Plain functions (no state), run on the reader threads
(readers.py)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from inbox_app.db import session_scope
from inbox_app.models.dto import (
    AgentView,
    Choice,
    ConversationCard,
    LabelView,
    MessageView,
    NavCounts,
)
from inbox_app.models.tables import utcnow
from inbox_app.security import signed_url
from inbox_app.services import app_settings
from inbox_app.services.composer import drafts
from inbox_app.services.conversations import attention
from inbox_app.services.conversations import listing as conversation_list
from inbox_app.services.conversations.opening import (
    OpenedConversation,
    earlier_messages,
    open_conversation,
)
from inbox_app.services.labels import catalogue
from inbox_app.services.rendering import IN_UTC, Reader
from inbox_app.services.team import choices
from inbox_app.settings import get_settings


@dataclass(frozen=True)
class LiveReads:
    """What a live refresh read, and for what the tab showed then (`_shows`)."""

    shows: tuple
    agent: AgentView | None = None
    labels: list[LabelView] | None = None
    listed: tuple[list[ConversationCard], NavCounts] | None = None
    opened: tuple[OpenedConversation | None, str] | None = None


def lacks_live_messages(
    loaded: tuple[OpenedConversation | None, str], tail: Sequence[MessageView]
) -> bool:
    """Whether the live tail shows a message the loaded thread lacks (it came in after)."""
    opened = loaded[0]
    read = {message.id for message in opened.messages} if opened is not None else set()
    return opened is not None and any(message.id not in read for message in tail)


def load_list(
    *, query: conversation_list.ListQuery, search: str, viewer_id: int
) -> tuple[list[ConversationCard], NavCounts]:
    """The message list (searched when there is text) and the rail's attention counts."""
    now = utcnow()
    with session_scope() as session:
        seconds = app_settings.missed_after_seconds(
            session, default=get_settings().missed_after_seconds
        )
        arguments: dict[str, Any] = dict(
            query=query, viewer_id=viewer_id, now=now, missed_after=timedelta(seconds=seconds)
        )
        if search.strip():
            cards = conversation_list.search_cards(session, text=search, **arguments)
        else:
            cards = conversation_list.list_cards(session, **arguments)
        counts = attention.attention_counts(
            session,
            viewer_id=viewer_id,
            now=now,
            missed_after=timedelta(seconds=seconds),
            live_agent_ids=query.live_agent_ids,
        )
        return cards, counts


def load_page(*, query: conversation_list.ListQuery, viewer_id: int) -> list[ConversationCard]:
    """One more page of the list (query.after_id: keyset), without the counts."""
    with session_scope() as session:
        seconds = app_settings.missed_after_seconds(
            session, default=get_settings().missed_after_seconds
        )
        return conversation_list.list_cards(
            session,
            query=query,
            viewer_id=viewer_id,
            now=utcnow(),
            missed_after=timedelta(seconds=seconds),
        )


def load_opened(
    *,
    agent_id: int,
    conversation_id: int,
    view_slug: str,
    after_id: int = 0,
    reader: Reader = IN_UTC,
) -> tuple[OpenedConversation | None, str]:
    """The open conversation as this agent sees it (marked read), and the agent's draft."""
    if not conversation_id:
        return None, ""
    now = utcnow()
    with session_scope() as session:
        opened = open_conversation(
            session,
            agent_id=agent_id,
            conversation_id=conversation_id,
            view_slug=view_slug,
            now=now,
            attachment_url=_file_links(agent_id, now),
            after_id=after_id,
            reader=reader,
        )
        return opened, drafts.draft_of(session, agent_id=agent_id, conversation_id=conversation_id)


def load_labels() -> list[LabelView]:
    with session_scope() as session:
        return catalogue.list_labels(session)


def load_choices() -> tuple[list[Choice], list[Choice]]:
    """The agents and the groups a conversation can be assigned to."""
    with session_scope() as session:
        return choices.agent_choices(session), choices.group_choices(session)


def load_earlier(
    *, agent_id: int, conversation_id: int, before_id: int, reader: Reader = IN_UTC
) -> tuple[list[MessageView], bool]:
    """The page of messages before `before_id`, and whether there are more before it."""
    now = utcnow()
    with session_scope() as session:
        return earlier_messages(
            session,
            conversation_id=conversation_id,
            before_id=before_id,
            now=now,
            attachment_url=_file_links(agent_id, now),
            reader=reader,
        )


def _file_links(agent_id: int, now: datetime) -> Callable[[int], str]:
    """Attachment links signed for this agent (they open in a new tab, without the state)."""
    link = partial(signed_url, agent_id=agent_id, secret=get_settings().jwt_secret, now=now)
    return lambda attachment_id: link(attachment_id=attachment_id)
