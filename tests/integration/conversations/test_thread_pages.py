"""A long thread in pages: the newest 50 first, earlier pages as the agent scrolls up, and a
reload under those pages that leaves no message out (issue 15)."""

import re
from datetime import timedelta

from inbox_app.services.conversations import detail
from inbox_app.services.conversations.messages import post_incoming
from inbox_app.services.conversations.opening import earlier_messages, open_conversation
from tests.integration.conftest import NOW, make_conversation


def _long_thread(session, count):
    chat = make_conversation(session)
    for number in range(1, count + 1):
        at = NOW + timedelta(seconds=number)
        post_incoming(session, conversation_id=chat.id, body=f"Message {number}", now=at)
    return chat


def _texts(messages):
    return [re.sub(r"<[^>]+>", "", m.body_html).strip() for m in messages]


def _opened(session, chat, agent, after_id=0):
    return open_conversation(
        session,
        agent_id=agent.id,
        conversation_id=chat.id,
        view_slug="all",
        now=NOW,
        after_id=after_id,
    )


def test_a_long_thread_opens_with_its_newest_page(session, team):
    chat = _long_thread(session, 120)
    opened = _opened(session, chat, team["anna"])
    assert _texts(opened.messages) == [f"Message {n}" for n in range(71, 121)]
    assert opened.has_earlier


def test_earlier_pages_go_back_to_the_first_message(session, team):
    chat = _long_thread(session, 120)
    first_shown = _opened(session, chat, team["anna"]).messages[0].id
    page, more = earlier_messages(session, conversation_id=chat.id, before_id=first_shown, now=NOW)
    assert (_texts(page)[0], _texts(page)[-1], more) == ("Message 21", "Message 70", True)
    page, more = earlier_messages(session, conversation_id=chat.id, before_id=page[0].id, now=NOW)
    assert (_texts(page), more) == ([f"Message {n}" for n in range(1, 21)], False)


def test_a_reload_under_earlier_pages_holds_every_message_after_them(session, team):
    chat = _long_thread(session, 120)
    first_shown = _opened(session, chat, team["anna"]).messages[0].id
    page, _ = earlier_messages(session, conversation_id=chat.id, before_id=first_shown, now=NOW)
    for number in range(121, 181):  # 60 more arrive: the newest 50 no longer meet the page
        at = NOW + timedelta(seconds=number)
        post_incoming(session, conversation_id=chat.id, body=f"Message {number}", now=at)
    reloaded = _opened(session, chat, team["anna"], after_id=page[-1].id)
    assert _texts(reloaded.messages) == [f"Message {n}" for n in range(71, 181)]


def test_a_short_thread_has_nothing_earlier(session, team):
    chat = _long_thread(session, 3)
    assert not _opened(session, chat, team["anna"]).has_earlier


def test_a_message_of_another_conversation_bounds_nothing(session, team):
    chat, other = _long_thread(session, 60), make_conversation(session, name="Otto")
    foreign = post_incoming(session, conversation_id=other.id, body="Elsewhere", now=NOW)
    messages = detail.thread(
        session, conversation_id=chat.id, contact_name="Lena", now=NOW, before_id=foreign.id
    )
    assert _texts(messages) == [f"Message {n}" for n in range(11, 61)]
