"""A small team's two days with known times (UTC), made through the services.

Europe/Berlin is UTC+1 then. A: a chat, answered late by Anna (missed), reassigned to Ben,
closed, reopened by the contact, answered and closed again. B: an email in Sales that starts at
23:30 UTC, which is the next day in Berlin. C: a chat nobody answers (the clock sees it turn
red). D: an API conversation from the day before, answered on the first day."""

from datetime import UTC, datetime, timedelta

from inbox_app.models.enums import Channel, ConversationState, MessageKind
from inbox_app.models.tables import Contact
from inbox_app.services.conversations.actions import assign_agents, assign_group, set_state
from inbox_app.services.conversations.messages import post_agent_message, post_incoming
from inbox_app.services.conversations.start import start_conversation
from inbox_app.services.statistics import missed

THRESHOLD = timedelta(seconds=30)


def at(day: int, hour: int, minute: int = 0, second: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, second, tzinfo=UTC)


def _start(session, name: str, channel: Channel, when: datetime) -> int:
    contact = Contact(name=name, email=f"{name.lower()}@example.org")
    session.add(contact)
    session.commit()
    conversation = start_conversation(session, contact_id=contact.id, channel=channel, now=when)
    post_incoming(session, conversation_id=conversation.id, body="Hello", now=when)
    return conversation.id


def _reply(session, agent, conversation_id: int, when: datetime) -> None:
    post_agent_message(
        session,
        agent_id=agent.id,
        conversation_id=conversation_id,
        kind=MessageKind.reply,
        body="Hi",
        now=when,
    )


def _state(session, agent, conversation_id: int, state: ConversationState, when) -> None:
    set_state(session, actor=agent, conversation_id=conversation_id, state=state, now=when)


def make_two_days(session, team) -> dict[str, int]:
    anna, ben = team["anna"], team["ben"]
    d = _start(session, "Dora", Channel.api, at(23, 10))
    a = _start(session, "Alma", Channel.chat, at(24, 9))
    assign_agents(session, actor=anna, conversation_id=a, agent_ids=[anna.id], now=at(24, 9, 0, 10))
    _reply(session, anna, d, at(24, 8))
    _reply(session, anna, a, at(24, 9, 2))
    assign_agents(session, actor=anna, conversation_id=a, agent_ids=[ben.id], now=at(24, 9, 5))
    _state(session, ben, a, ConversationState.closed, at(24, 10))
    post_incoming(session, conversation_id=a, body="One more thing", now=at(24, 11))
    _reply(session, ben, a, at(24, 11, 0, 20))
    _state(session, ben, a, ConversationState.closed, at(24, 12))
    b = _start(session, "Bert", Channel.email, at(24, 23, 30))
    assign_group(
        session,
        actor=anna,
        conversation_id=b,
        group_id=team["sales"].id,
        now=at(24, 23, 30),
    )
    _reply(session, anna, b, at(24, 23, 30, 20))
    c = _start(session, "Cleo", Channel.chat, at(25, 8))
    missed.record_crossed(session, conversation_ids=[c], now=at(25, 8, 0, 30), threshold=THRESHOLD)
    missed.record_crossed(session, conversation_ids=[c], now=at(25, 8, 0, 31), threshold=THRESHOLD)
    return {"a": a, "b": b, "c": c, "d": d}
