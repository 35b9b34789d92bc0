"""Keyset paging for the message list: the next page starts after the last card shown, in the
list's own order, so `Load more` reads one page wherever it is (no OFFSET: page 100 costs what
page 1 costs)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, and_, or_
from sqlmodel import Session, col

from inbox_app.models.tables import Conversation

# (column, descending): the list's order, the id last so every position is unique
Sort = list[tuple[Any, bool]]


def sort_of(*, view_key: str, newest_first: bool, by_priority: bool) -> Sort:
    if view_key == "snoozed":  # soonest back first, along the snoozed_until index
        return [(col(Conversation.snoozed_until), False), (col(Conversation.id), False)]
    order = [(col(Conversation.last_activity_at), newest_first), (col(Conversation.id), False)]
    return [(col(Conversation.priority), True), *order] if by_priority else order


def order_by(sort: Sort) -> list[Any]:
    return [column.desc() if descending else column for column, descending in sort]


def after(session: Session, *, sort: Sort, conversation_id: int) -> ColumnElement[bool] | None:
    """Rows after this conversation in this order; None when it is gone (start again)."""
    last = session.get(Conversation, conversation_id)
    if last is None:
        return None
    values = [getattr(last, column.key) for column, _ in sort]
    beyond = []
    for n, (column, descending) in enumerate(sort):
        same = [sort[k][0] == values[k] for k in range(n)]
        beyond.append(and_(*same, column < values[n] if descending else column > values[n]))
    first, descending = sort[0]
    # the first column's bound alone lets the index start at the cursor (SQLite would not
    # read a range out of the OR)
    bound = first <= values[0] if descending else first >= values[0]
    return and_(bound, or_(*beyond))
