"""Sign-in tokens end when their agent's sessions end: sign-out, a new password, deactivation.
A copied token is worth nothing afterwards, even before it would have expired."""

from datetime import timedelta

from inbox_app.models.tables import PasswordLink
from inbox_app.security import issue_token, read_agent_token
from inbox_app.services.team import members as team_service
from inbox_app.services.team.agents import active_agent, end_sessions, token_version
from tests.integration.conftest import NOW
from tests.integration.team.test_members import boss, invite  # noqa: F401  (fixture)

SECRET = "s" * 48


def token_of(session, agent_id: int) -> str:
    version = token_version(session, agent_id=agent_id)
    return issue_token(
        agent_id=agent_id, secret=SECRET, lifetime=timedelta(hours=1), version=version
    )


def still_works(session, token: str) -> bool:
    claim = read_agent_token(token=token, secret=SECRET)
    found = active_agent(session, agent_id=claim.agent_id, token_version=claim.version)
    return found is not None


def test_signing_out_ends_every_token_issued_before(session, team):
    anna = team["anna"].id
    old = token_of(session, anna)
    end_sessions(session, agent_id=anna)
    assert not still_works(session, old)
    assert still_works(session, token_of(session, anna))  # signing in again works


def test_a_new_password_ends_the_sessions_of_the_old_one(session, boss):  # noqa: F811
    cara, link = invite(session, boss)
    team_service.set_password_with_link(session, token=link, password="first-pass", now=NOW)
    before = token_of(session, cara.id)
    session.add(
        PasswordLink(
            token_hash=team_service.hash_token("reset-link"),
            agent_id=cara.id,
            expires_at=NOW + timedelta(days=1),
        )
    )
    session.commit()
    team_service.set_password_with_link(
        session, token="reset-link", password="second-pass", now=NOW
    )
    assert not still_works(session, before)


def test_reactivation_does_not_revive_old_sessions(session, boss, team):  # noqa: F811
    anna = team["anna"].id
    before = token_of(session, anna)
    team_service.set_active(session, actor=boss, agent_id=anna, active=False)
    team_service.set_active(session, actor=boss, agent_id=anna, active=True)
    assert not still_works(session, before)
    assert still_works(session, token_of(session, anna))


def test_tokens_from_before_versions_count_as_version_zero(session, team):
    from jose import jwt

    legacy = jwt.encode({"sub": str(team["ben"].id)}, SECRET, algorithm="HS256")
    assert read_agent_token(token=legacy, secret=SECRET).version == 0
    assert still_works(session, legacy)
