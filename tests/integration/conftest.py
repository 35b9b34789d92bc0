"""A real database per test, migrated by Alembic to head: SQLite, or PostgreSQL when
INBOX_DATABASE_URL names a PostgreSQL server (each test gets a copy of a migrated template)."""

import shutil
from datetime import UTC, datetime

import pytest
from limits.storage import MemoryStorage
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from inbox_app.db import make_engine
from inbox_app.migrations import upgrade_to_head
from inbox_app.models.enums import Channel
from inbox_app.models.tables import Agent, AgentGroup, Contact, GroupMember
from inbox_app.realtime import live_tabs
from inbox_app.realtime.transport import redis_link, registry
from inbox_app.realtime.widget import presence as visitor_presence
from inbox_app.services.conversations.actions import assign_agents, assign_group
from inbox_app.services.conversations.start import start_conversation
from inbox_app.services.team import login_throttle
from inbox_app.services.team.agents import create_agent, to_view
from inbox_app.state import agent_checks
from tests.databases import create_database, drop_database, postgres_server_url, unique_name

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory) -> str:
    """Migrate once; every test gets a copy (migrating per test costs seconds).
    SQLite: a file to copy. PostgreSQL: a database to CREATE DATABASE ... TEMPLATE from."""
    if server := postgres_server_url():
        name = unique_name("inbox_template")
        upgrade_to_head(create_database(server, name))
        yield name
        drop_database(server, name)
        return
    path = tmp_path_factory.mktemp("template") / "inbox.db"
    upgrade_to_head(f"sqlite:///{path}")
    yield str(path)


@pytest.fixture()
def database_url(tmp_path, migrated_template) -> str:
    """A migrated database of this test's own."""
    if server := postgres_server_url():
        name = unique_name("inbox_test")
        yield create_database(server, name, template=migrated_template)
        drop_database(server, name)
        return
    path = tmp_path / "inbox.db"
    shutil.copyfile(migrated_template, path)
    yield f"sqlite:///{path}"


@pytest.fixture()
def empty_database_url(tmp_path) -> str:
    """An empty database of this test's own, for tests that migrate it themselves."""
    if server := postgres_server_url():
        name = unique_name("inbox_empty")
        yield create_database(server, name)
        drop_database(server, name)
        return
    yield f"sqlite:///{tmp_path / 'empty.db'}"


@pytest.fixture()
def engine(database_url) -> Engine:
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture(autouse=True)
def fresh_registries(monkeypatch):
    """The realtime registries outlive a test (module dicts, or Redis) while ids start again
    at 1 in every test's database: each test starts with none."""
    monkeypatch.setattr(registry, "_local", {})
    monkeypatch.setattr(live_tabs, "_written", {})
    monkeypatch.setattr(visitor_presence, "_written", {})
    agent_checks.forget_all()  # a kept check of agent 1 belongs to the last test's database
    if redis_link.enabled():
        client = redis_link.sync_client()
        for key in client.scan_iter("inbox:*"):
            client.delete(key)


@pytest.fixture(autouse=True)
def fresh_sign_in_counts(monkeypatch):
    """Sign-in failures are counted outside the database, for five minutes: each test starts
    with none (in memory even in the Redis tier, so no test sees another's)."""
    monkeypatch.setattr(login_throttle, "_storage", MemoryStorage())


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
