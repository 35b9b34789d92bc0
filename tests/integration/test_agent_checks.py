"""Who is calling, checked at most once a second per worker (state/agent_checks.py): a tab's
handlers and live refreshes share one check, and a commit that changes an agent takes effect
on the next event at once, not a second later."""

import asyncio
from dataclasses import replace
from datetime import timedelta
from functools import partial

import pytest

from inbox_app.db import session_scope
from inbox_app.models.enums import Role
from inbox_app.security import issue_token
from inbox_app.services.team import members
from inbox_app.services.team.agents import create_agent
from inbox_app.services.team.profile import update_profile
from inbox_app.settings import get_settings
from inbox_app.state import agent_checks, auth

SECRET = "test-secret"


@pytest.fixture()
def reads(monkeypatch, engine) -> list[int]:
    """read_agent on the test's database; the ids it read in the database, in order."""
    monkeypatch.setattr(auth, "session_scope", partial(session_scope, engine))
    settings = replace(get_settings(), jwt_secret=SECRET)
    monkeypatch.setattr(auth, "get_settings", lambda: settings)
    seen: list[int] = []
    active_agent = auth._active_agent

    def counted(claim):
        seen.append(claim.agent_id)
        return active_agent(claim)

    monkeypatch.setattr(auth, "_active_agent", counted)
    return seen


def token_of(agent, version: int = 0) -> str:
    return issue_token(
        agent_id=agent.id, secret=SECRET, lifetime=timedelta(hours=1), version=version
    )


def read(token: str):
    return asyncio.run(auth.read_agent(token))


def test_checks_within_a_second_share_one_read(team, reads):
    anna = team["anna"]
    assert read(token_of(anna)).name == anna.name
    assert read(token_of(anna)).name == anna.name
    assert reads == [anna.id]


def test_after_a_second_the_agent_is_read_again(team, reads, monkeypatch):
    anna = team["anna"]
    read(token_of(anna))
    monkeypatch.setattr(agent_checks._kept, "seconds", 0.0)
    agent_checks.forget_all()
    read(token_of(anna))
    read(token_of(anna))
    assert reads == [anna.id, anna.id, anna.id]


def test_a_deactivation_refuses_the_next_event_at_once(session, team, reads):
    anna = team["anna"]
    admin = create_agent(
        session, email="boss@example.com", password="boss-password", name="Boss", role=Role.admin
    )
    assert read(token_of(anna)) is not None
    members.set_active(session, actor=admin, agent_id=anna.id, active=False)
    assert read(token_of(anna)) is None
    assert reads == [anna.id, anna.id]


def test_a_changed_name_shows_on_the_next_event(session, team, reads):
    anna = team["anna"]
    read(token_of(anna))
    update_profile(
        session,
        agent_id=anna.id,
        name="Anna Schmidt",
        email=anna.email,
        language="",
        time_zone="",
        avatar_colour="",
    )
    assert read(token_of(anna)).name == "Anna Schmidt"


def test_a_check_read_while_an_agent_changed_is_not_kept(team, reads, monkeypatch):
    """It may have read the row before that commit: the next event reads again."""
    anna = team["anna"]
    active_agent = auth._active_agent  # the fixture's, which counts

    def changed_meanwhile(claim):
        agent_checks.forget_all()  # what a commit changing an agent does
        return active_agent(claim)

    monkeypatch.setattr(auth, "_active_agent", changed_meanwhile)
    read(token_of(anna))
    read(token_of(anna))
    assert reads == [anna.id, anna.id]  # (changed_meanwhile calls the counting read)


def test_a_forged_or_old_token_is_never_answered_from_a_kept_check(team, reads):
    anna = team["anna"]
    read(token_of(anna))
    assert read(token_of(anna) + "x") is None
    assert read(token_of(anna, version=7)) is None  # another version: its own check, refused


def test_with_several_workers_every_check_reads_the_database(team, reads, monkeypatch):
    monkeypatch.setattr(agent_checks.redis_link, "enabled", lambda: True)
    anna = team["anna"]
    read(token_of(anna))
    read(token_of(anna))
    assert reads == [anna.id, anna.id]
