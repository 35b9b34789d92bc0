"""Keyset paging of the message list: page after page in each order, every conversation once,
ties in activity broken by id, and a missing cursor starts from the top."""

from dataclasses import replace
from datetime import timedelta

import pytest

from inbox_app.models.enums import Priority
from inbox_app.services.conversations import priority as priorities
from inbox_app.services.conversations.listing import ListQuery, list_cards
from inbox_app.services.conversations.views import parse_view
from tests.integration.conftest import NOW, make_conversation

MISSED_AFTER = timedelta(seconds=30)


def page(session, query: ListQuery, viewer_id: int) -> list[int]:
    found = list_cards(
        session, query=query, viewer_id=viewer_id, now=NOW, missed_after=MISSED_AFTER
    )
    return [card.id for card in found]


def every_page(session, query: ListQuery, viewer_id: int) -> list[int]:
    shown: list[int] = []
    while batch := page(session, replace(query, after_id=shown[-1] if shown else None), viewer_id):
        shown.extend(batch)
    return shown


@pytest.mark.parametrize(
    "options",
    [{}, {"newest_first": False}, {"by_priority": True}],
    ids=["newest", "oldest", "priority"],
)
def test_pages_after_the_last_card_cover_the_view_once(session, team, options):
    anna = team["anna"]
    for n in range(23):  # every third one at the same moment as the one before (ties)
        made = make_conversation(session, name=f"Page{n}", at=NOW - timedelta(minutes=n - n % 3))
        if n % 4 == 0:
            priorities.set_priority(
                session, actor=anna, conversation_id=made.id, priority=Priority.high, now=NOW
            )
    query = ListQuery(view=parse_view("all"), limit=5, **options)
    whole = page(session, replace(query, limit=1000), anna.id)
    assert len(whole) == 23
    assert every_page(session, query, anna.id) == whole


def test_a_cursor_that_is_gone_starts_from_the_top(session, team):
    for n in range(3):
        make_conversation(session, name=f"Top{n}", at=NOW - timedelta(minutes=n))
    query = ListQuery(view=parse_view("all"), limit=2)
    assert page(session, replace(query, after_id=999_999), team["anna"].id) == page(
        session, query, team["anna"].id
    )
