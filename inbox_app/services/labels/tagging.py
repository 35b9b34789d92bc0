"""Labels on conversations: agents add and remove them, one conversation at a time (the list's
bulk actions call these once per selected conversation)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement
from sqlmodel import Session, col, func, select

from inbox_app.i18n import mark
from inbox_app.models.dto import Actor, LabelView
from inbox_app.models.enums import MessageKind
from inbox_app.models.tables import Conversation, ConversationLabel, Label, Message
from inbox_app.services.errors import DomainError
from inbox_app.services.labels.catalogue import find_by_name, to_view
from inbox_app.services.search.fulltext import SearchHit


class TaggingError(DomainError):
    """The label cannot be put on or taken off; nothing changed."""


def add_label(
    session: Session, *, actor: Actor, conversation_id: int, label_id: int, now: datetime
) -> None:
    label = _parts(session, conversation_id=conversation_id, label_id=label_id)
    if session.get(ConversationLabel, (conversation_id, label_id)) is not None:
        return
    session.add(ConversationLabel(conversation_id=conversation_id, label_id=label_id))
    _event(session, conversation_id, f"{actor.name} added the label {label.name}", actor, now)
    session.commit()


def remove_label(
    session: Session, *, actor: Actor, conversation_id: int, label_id: int, now: datetime
) -> None:
    label = _parts(session, conversation_id=conversation_id, label_id=label_id)
    link = session.get(ConversationLabel, (conversation_id, label_id))
    if link is None:
        return
    session.delete(link)
    _event(session, conversation_id, f"{actor.name} removed the label {label.name}", actor, now)
    session.commit()


def labels_of(session: Session, conversation_ids: Sequence[int]) -> dict[int, list[LabelView]]:
    """Each conversation's labels by name; one query for a whole page of cards."""
    if not conversation_ids:
        return {}
    rows = session.exec(
        select(ConversationLabel.conversation_id, Label)
        .join(Label, col(Label.id) == ConversationLabel.label_id)
        .where(col(ConversationLabel.conversation_id).in_(list(conversation_ids)))
        .order_by(func.lower(Label.name))
    ).all()
    found: dict[int, list[LabelView]] = defaultdict(list)
    for conversation_id, label in rows:
        found[conversation_id].append(to_view(label))
    return dict(found)


def label_ids_of(session: Session, *, conversation_id: int) -> list[int]:
    statement = select(ConversationLabel.label_id).where(
        ConversationLabel.conversation_id == conversation_id
    )
    return sorted(session.exec(statement))


def with_label(label_id: int) -> ColumnElement[bool]:
    """A WHERE clause: the conversations with this label."""
    labelled = select(ConversationLabel.conversation_id).where(
        ConversationLabel.label_id == label_id
    )
    return col(Conversation.id).in_(labelled)


def named_label_hits(
    session: Session,
    *,
    text: str,
    where: ColumnElement[bool],
    order: Sequence[Any],
    limit: int,
) -> list[SearchHit]:
    """Search text that is a label's name: the conversations with it (in `where`, in `order`)
    as hits without a snippet, so a search for "VIP" lists the VIP conversations first."""
    label = find_by_name(session, name=text)
    if label is None:
        return []
    ids = session.exec(
        select(Conversation.id)
        .where(where, with_label(label.id or 0))
        .order_by(*order)
        .limit(limit)
    )
    return [SearchHit(conversation_id=i or 0, snippet_html="", rank=0.0) for i in ids]


def _parts(session: Session, *, conversation_id: int, label_id: int) -> Label:
    conversation = session.get(Conversation, conversation_id)
    if conversation is None or conversation.deleted_at is not None:
        raise TaggingError(mark("This conversation no longer exists."))
    label = session.get(Label, label_id)
    if label is None:
        raise TaggingError(mark("That label no longer exists."))
    return label


def _event(session: Session, conversation_id: int, text: str, actor: Actor, now: datetime) -> None:
    session.add(
        Message(
            conversation_id=conversation_id,
            kind=MessageKind.event,
            author_agent_id=actor.id,
            body=text,
            created_at=now,
        )
    )
