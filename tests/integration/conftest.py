"""A real SQLite database per test, migrated by Alembic to head."""

from datetime import UTC, datetime

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from inbox_app.db import make_engine
from inbox_app.migrations import upgrade_to_head
from inbox_app.models.enums import Channel
from inbox_app.models.tables import (
    AgentGroup,
    Contact,
    Conversation,
    ConversationAssignee,
    GroupMember,
)
from inbox_app.services.agents import create_agent

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


@pytest.fixture()
def engine(tmp_path) -> Engine:
    url = f"sqlite:///{tmp_path / 'inbox.db'}"
    upgrade_to_head(url)
    engine = make_engine(url)
    yield engine
    engine.dispose()


@pytest.fixture()
def session(engine) -> Session:
    with Session(engine, expire_on_commit=False) as session:
        yield session


@pytest.fixture()
def team(session):
    """Anna (in Sales) and Ben, both agents."""
    anna = create_agent(session, email="anna@example.com", password="password-1", name="Anna")
    ben = create_agent(session, email="ben@example.com", password="password-2", name="Ben")
    sales = AgentGroup(name="Sales")
    session.add(sales)
    session.commit()
    session.add(GroupMember(group_id=sales.id, agent_id=anna.id))
    session.commit()
    return {"anna": anna, "ben": ben, "sales": sales}


def make_conversation(
    session, *, name="Lena", agents=(), group_id=None, channel=Channel.chat, at=NOW
):
    contact = Contact(name=name, email=f"{name.lower()}@example.org")
    session.add(contact)
    session.commit()
    conversation = Conversation(
        contact_id=contact.id,
        channel=channel,
        group_id=group_id,
        is_unassigned=not agents and group_id is None,
        created_at=at,
        last_activity_at=at,
    )
    session.add(conversation)
    session.commit()
    session.add_all(
        [ConversationAssignee(conversation_id=conversation.id, agent_id=a) for a in agents]
    )
    session.commit()
    return conversation
