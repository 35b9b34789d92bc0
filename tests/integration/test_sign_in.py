from datetime import timedelta

import pytest

from inbox_app.models.enums import Role
from inbox_app.services.agents import AgentError, active_agent, create_agent, sign_in
from tests.integration.conftest import NOW


def attempt(session, password, *, at=NOW, address="10.0.0.1"):
    return sign_in(session, email="anna@example.com", password=password, address=address, now=at)


def test_right_password_signs_in_without_exposing_the_hash(session, team):
    result = attempt(session, "password-1")
    assert result.error is None
    assert result.agent.email == "anna@example.com"
    assert not hasattr(result.agent, "password_hash")


def test_email_is_matched_case_insensitively(session, team):
    result = sign_in(
        session, email=" Anna@Example.COM ", password="password-1", address="a", now=NOW
    )
    assert result.agent is not None


def test_wrong_password_and_unknown_email_get_the_same_message(session, team):
    assert attempt(session, "nope").error == "Wrong email or password."
    unknown = sign_in(session, email="x@example.com", password="nope", address="b", now=NOW)
    assert unknown.error == "Wrong email or password."


def test_five_failures_lock_the_address_even_for_the_right_password(session, team):
    for n in range(5):
        attempt(session, "nope", at=NOW + timedelta(seconds=n))
    locked = attempt(session, "password-1", at=NOW + timedelta(minutes=1))
    assert locked.agent is None
    assert "Too many failed sign-ins" in locked.error
    assert attempt(session, "password-1", address="10.0.0.2").agent is not None  # other address
    assert (
        attempt(session, "password-1", at=NOW + timedelta(minutes=5, seconds=5)).agent is not None
    )


def test_success_resets_the_failure_count(session, team):
    for n in range(4):
        attempt(session, "nope", at=NOW + timedelta(seconds=n))
    assert attempt(session, "password-1", at=NOW + timedelta(seconds=5)).agent is not None
    for n in range(4):
        attempt(session, "nope", at=NOW + timedelta(seconds=10 + n))
    assert attempt(session, "password-1", at=NOW + timedelta(seconds=20)).agent is not None


def test_deactivated_agent_cannot_sign_in_or_use_a_token(session, team):
    from inbox_app.models.tables import Agent

    row = session.get(Agent, team["anna"].id)
    row.is_active = False
    session.add(row)
    session.commit()
    assert attempt(session, "password-1").agent is None
    assert active_agent(session, agent_id=team["anna"].id) is None


@pytest.mark.parametrize(
    ("email", "password"), [("not-an-email", "long-enough"), ("a@b.c", "short")]
)
def test_bad_agent_input_is_refused(session, email, password):
    with pytest.raises(AgentError):
        create_agent(session, email=email, password=password)


def test_duplicate_email_is_refused(session, team):
    with pytest.raises(AgentError, match="exists already"):
        create_agent(session, email="ANNA@example.com", password="password-9", role=Role.admin)
