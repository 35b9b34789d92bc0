"""A real SQLite database per test, migrated by Alembic to head."""

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from inbox_app.db import make_engine
from inbox_app.migrations import upgrade_to_head
from inbox_app.models.enums import Channel
from inbox_app.models.tables import Agent, AgentGroup, Contact, GroupMember
from inbox_app.services.agents import create_agent, to_view
from inbox_app.services.conversation_actions import assign_agents, assign_group
from inbox_app.services.conversations import start_conversation

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory) -> Path:
    """Migrate once; every test gets a copy (migrating per test costs seconds)."""
    path = tmp_path_factory.mktemp("template") / "inbox.db"
    upgrade_to_head(f"sqlite:///{path}")
    return path


@pytest.fixture()
def engine(tmp_path, migrated_template) -> Engine:
    path = tmp_path / "inbox.db"
    shutil.copyfile(migrated_template, path)
    engine = make_engine(f"sqlite:///{path}")
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
    """A conversation made through the services, so counters and event lines are right."""
    contact = Contact(name=name, email=f"{name.lower()}@example.org")
    session.add(contact)
    session.commit()
    conversation = start_conversation(session, contact_id=contact.id, channel=channel, now=at)
    actor = to_view(session.exec(select(Agent)).first()) if agents or group_id else None
    if agents:
        assign_agents(
            session, actor=actor, conversation_id=conversation.id, agent_ids=list(agents), now=at
        )
    if group_id:
        assign_group(
            session, actor=actor, conversation_id=conversation.id, group_id=group_id, now=at
        )
    session.refresh(conversation)
    return conversation
