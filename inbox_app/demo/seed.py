"""Demo data: a small believable team for `INBOX_DEMO=1`, and bulk data for benchmarks.

Bulk rows go in with executemany in large batches: 100,000 conversations with ten messages
each is about a million rows, which row-by-row ORM inserts could not do in minutes.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from sqlalchemy import func, insert, inspect, select, text
from sqlalchemy.engine import Engine
from sqlmodel import Session

from inbox_app.demo.facts import add_demo_facts
from inbox_app.demo.text import CUSTOMER_LINES, FIRST_NAMES, LAST_NAMES, REPLY_LINES
from inbox_app.models.enums import Channel, ConversationState, MessageKind, Role
from inbox_app.models.tables import (
    Agent,
    AgentGroup,
    Contact,
    Conversation,
    ConversationAssignee,
    GroupMember,
    Message,
    table_of,
)
from inbox_app.services.conversations import overdue
from inbox_app.services.rendering import preview_of
from inbox_app.services.team.agents import count_agents, create_agent

BATCH = 20_000
DEMO_PASSWORD = "demo-password"


def load_demo_team(engine: Engine, *, now: datetime) -> None:
    """Two agents, two groups, and a few dozen conversations in every state."""
    with Session(engine) as session:
        anna = create_agent(session, email="anna@example.com", password=DEMO_PASSWORD, name="Anna")
        ben = create_agent(session, email="ben@example.com", password=DEMO_PASSWORD, name="Ben")
        sales, support = AgentGroup(name="Sales"), AgentGroup(name="Support")
        session.add_all([sales, support])
        session.commit()
        assert sales.id is not None and support.id is not None  # set by the commit
        session.add_all(
            [
                GroupMember(group_id=sales.id, agent_id=anna.id),
                GroupMember(group_id=support.id, agent_id=ben.id),
            ]
        )
        session.commit()
    seed_bulk(engine, conversations=40, messages_per_conversation=6, now=now)
    _add_assignment_events(engine)


def _add_assignment_events(engine: Engine) -> None:
    """An event line at the start of each assigned demo thread, as assigning would write."""
    names = {"agent": table_of(Agent).c.name, "group": table_of(AgentGroup).c.name}
    assignee, conversation = table_of(ConversationAssignee).c, table_of(Conversation).c
    with engine.begin() as connection:
        by_agent = connection.execute(
            select(assignee.conversation_id, names["agent"], conversation.created_at)
            .join(table_of(Agent), table_of(Agent).c.id == assignee.agent_id)
            .join(table_of(Conversation), conversation.id == assignee.conversation_id)
        ).all()
        by_group = connection.execute(
            select(conversation.id, names["group"], conversation.created_at).join(
                table_of(AgentGroup), table_of(AgentGroup).c.id == conversation.group_id
            )
        ).all()
        rows = [
            {
                "conversation_id": cid,
                "kind": MessageKind.event,
                "body": f"Assigned to {name}",
                "created_at": at - timedelta(seconds=1),
            }
            for cid, name, at in [*by_agent, *by_group]
        ]
        if rows:
            connection.execute(insert(table_of(Message)), rows)


def _next_id(connection, table) -> int:
    return (connection.execute(select(func.max(table.c.id))).scalar() or 0) + 1


def _advance_id_sequences(connection, tables) -> None:
    """PostgreSQL's id sequences do not see ids inserted explicitly: move them past the rows
    so the next row added without an id does not collide. SQLite takes max(id) + 1 itself."""
    if connection.dialect.name != "postgresql":
        return
    for table in tables:
        name = table.name
        connection.execute(
            text(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), max(id)) FROM {name}")
        )


def _person(rng: random.Random) -> tuple[str, str]:
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    return f"{first} {last}", f"{first}.{last}{rng.randrange(1000)}@example.org".lower()


def seed_bulk(
    engine: Engine,
    *,
    conversations: int,
    messages_per_conversation: int,
    now: datetime,
    spacing_seconds: float = 37,
) -> None:
    """Contacts (two conversations each), conversations spread over time (one every
    spacing_seconds, newest first), alternating messages."""
    rng = random.Random(42)
    with engine.begin() as connection:
        agents = list(connection.execute(select(table_of(Agent).c.id)).scalars())
        groups = list(connection.execute(select(table_of(AgentGroup).c.id)).scalars())
        first_contact = _next_id(connection, table_of(Contact))
        first_conversation = _next_id(connection, table_of(Conversation))
        for start in range(0, conversations, BATCH):
            stop = min(start + BATCH, conversations)
            rows = _batch(
                rng,
                range(start, stop),
                first_contact,
                first_conversation,
                messages_per_conversation,
                agents,
                groups,
                now,
                spacing_seconds,
            )
            for table, values in rows:
                if values:
                    connection.execute(insert(table), values)
        _advance_id_sequences(connection, [table_of(Contact), table_of(Conversation)])
        if inspect(connection).has_table("conversation_fact"):  # older schemas (tests) lack it
            add_demo_facts(connection, first_conversation_id=first_conversation)
    with Session(engine) as session:
        overdue.restart_all(session)  # the clock flags the overdue ones; recounts


def _batch(
    rng, indexes, first_contact, first_conversation, per_conversation, agents, groups, now, spacing
):
    contacts, conversations, assignees, messages = [], [], [], []
    for i in indexes:
        contact_id, conversation_id = first_contact + i // 2, first_conversation + i
        if i % 2 == 0:
            name, email = _person(rng)
            contacts.append(_contact_row(contact_id, name, email, now - timedelta(days=30)))
        last_at = now - timedelta(seconds=spacing * i + 5)
        thread = _thread(rng, conversation_id, per_conversation, last_at)
        agent_ids, group_id = _assignment(i, agents, groups)
        assignees += [{"conversation_id": conversation_id, "agent_id": a} for a in agent_ids]
        conversations.append(
            _conversation_row(i, conversation_id, contact_id, thread, last_at, agent_ids, group_id)
        )
        messages += thread
    return [
        (table_of(Contact), contacts),
        (table_of(Conversation), conversations),
        (table_of(ConversationAssignee), assignees),
        (table_of(Message), messages),
    ]


def _contact_row(contact_id: int, name: str, email: str, seen: datetime) -> dict:
    return {
        "id": contact_id,
        "name": name,
        "email": email,
        "field_sources": {"name": "form", "email": "form"},
        "blocked": False,
        "language": "en",
        "first_seen_at": seen,
        "last_seen_at": seen,
    }


def _assignment(i: int, agents: list[int], groups: list[int]) -> tuple[list[int], int | None]:
    pattern = i % 4
    agent_ids = [agents[i % len(agents)]] if agents and pattern in (1, 3) else []
    group_id = groups[i % len(groups)] if groups and pattern in (2, 3) else None
    return agent_ids, group_id


def _thread(rng: random.Random, conversation_id: int, count: int, last_at: datetime) -> list[dict]:
    """Alternating messages ending at last_at; odd-length threads end with the contact waiting."""
    rows = []
    for n in range(count):
        incoming = (count - 1 - n) % 2 == 0
        at = last_at - timedelta(minutes=3 * (count - 1 - n))
        body = rng.choice(CUSTOMER_LINES if incoming else REPLY_LINES)
        rows.append(
            {
                "conversation_id": conversation_id,
                "body": body,
                "created_at": at,
                "kind": MessageKind.incoming if incoming else MessageKind.reply,
            }
        )
    if rows and conversation_id % 3 == 0:  # a third of the threads got answered last
        rows[-1]["kind"], rows[-1]["body"] = MessageKind.reply, rng.choice(REPLY_LINES)
    return rows


def _conversation_row(i, conversation_id, contact_id, thread, last_at, agent_ids, group_id) -> dict:
    incoming = [m["created_at"] for m in thread if m["kind"] is MessageKind.incoming]
    replies = [m["created_at"] for m in thread if m["kind"] is MessageKind.reply]
    closed = i % 5 == 4
    return {
        "id": conversation_id,
        "contact_id": contact_id,
        "group_id": group_id,
        "channel": (Channel.chat, Channel.chat, Channel.email, Channel.api)[i % 4],
        "state": ConversationState.closed if closed else ConversationState.open,
        "is_unassigned": not agent_ids and group_id is None,
        "preview": preview_of(thread[-1]["body"]) if thread else "",
        "created_at": thread[0]["created_at"] if thread else last_at,
        "last_activity_at": last_at,
        "last_incoming_at": max(incoming, default=None),
        "last_reply_at": max(replies, default=None),
        "first_reply_at": min(replies, default=None),
        "closed_at": last_at if closed else None,
    }


def has_no_conversations(engine: Engine) -> bool:
    with engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(Conversation)).scalar() == 0


def ensure_admin(engine: Engine, *, email: str, password: str) -> bool:
    """Create the first admin when there are no agents yet; True if one was made."""
    with Session(engine) as session:
        if count_agents(session):
            return False
        create_agent(session, email=email, password=password, name="Admin", role=Role.admin)
        return True
