"""An agent's own profile: every field checked before any changes; a new password ends the
other sessions."""

import pytest

from inbox_app.services.team.agents import AgentError, active_agent, sign_in
from inbox_app.services.team.profile import change_password, profile_of, update_profile


def _update(session, agent_id, **changes):
    fields = {
        "name": "Anna Schmidt",
        "email": "anna@example.com",
        "language": "de",
        "time_zone": "Europe/Berlin",
        "avatar_colour": "teal",
    }
    return update_profile(session, agent_id=agent_id, **{**fields, **changes})


def test_a_profile_not_yet_chosen_follows_the_defaults(session, team):
    profile = profile_of(session, agent_id=team["anna"].id)
    assert (profile.name, profile.language, profile.time_zone) == ("Anna", "", "")
    assert profile.avatar_colour == "indigo"


def test_saving_keeps_every_field(session, team):
    saved = _update(session, team["anna"].id, name="  Anna   Schmidt ", email=" ANNA@Example.com")
    assert saved == profile_of(session, agent_id=team["anna"].id)
    assert (saved.name, saved.email, saved.language) == ("Anna Schmidt", "anna@example.com", "de")
    assert (saved.time_zone, saved.avatar_colour) == ("Europe/Berlin", "teal")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "   ", "A name needs"),
        ("email", "anna@localhost", "valid email"),
        ("email", "ben@example.com", "belongs to another agent"),
        ("language", "fr", "language"),
        ("time_zone", "Mars/Olympus", "time zone"),
        ("avatar_colour", "#ff0000", "colour"),
    ],
)
def test_a_bad_field_changes_nothing(session, team, field, value, message):
    with pytest.raises(AgentError, match=message):
        _update(session, team["anna"].id, **{field: value})
    session.rollback()
    profile = profile_of(session, agent_id=team["anna"].id)
    assert (profile.name, profile.language, profile.time_zone) == ("Anna", "", "")


def test_a_new_password_needs_the_current_one(session, team):
    anna = team["anna"].id
    with pytest.raises(AgentError, match="current password is wrong"):
        change_password(session, agent_id=anna, current="nope", new="a-new-password")
    with pytest.raises(AgentError, match="at least 8"):
        change_password(session, agent_id=anna, current="password-1", new="short")
    assert sign_in(session, email="anna@example.com", password="password-1", address="t").agent


def test_a_new_password_signs_out_every_other_session(session, team):
    anna = team["anna"].id
    change_password(session, agent_id=anna, current="password-1", new="a-new-password")
    assert active_agent(session, agent_id=anna, token_version=0) is None
    assert active_agent(session, agent_id=anna, token_version=1) is not None
    assert sign_in(session, email="anna@example.com", password="a-new-password", address="t").agent
    assert not sign_in(session, email="anna@example.com", password="password-1", address="u").agent
