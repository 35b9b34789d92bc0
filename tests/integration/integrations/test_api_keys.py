"""API keys: shown once, kept as a hash, authenticate until revoked; the CLI makes one too."""

from datetime import timedelta

import pytest
from sqlmodel import select

from inbox_app import cli
from inbox_app.models.enums import Role
from inbox_app.models.tables import ApiKey
from inbox_app.services.integrations.api_keys import (
    ApiKeyError,
    authenticate,
    create_api_key,
    hash_key,
    list_api_keys,
    revoke_api_key,
)
from inbox_app.services.team.agents import create_agent
from inbox_app.services.team.permissions import PermissionDenied
from tests.integration.conftest import NOW


@pytest.fixture()
def admin(session):
    agent = create_agent(
        session, email="ada@example.com", password="password-1", name="Ada", role=Role.admin
    )
    return agent


def test_a_new_key_is_shown_once_and_kept_only_as_its_hash(session, admin):
    made = create_api_key(session, name="  Zapier  ", now=NOW, actor=admin)
    assert made.name == "Zapier" and made.key.startswith("inbox_") and len(made.key) > 40
    row = session.exec(select(ApiKey)).one()
    assert row.key_hash == hash_key(made.key) and made.key not in (row.key_hash, row.prefix)
    assert made.key.startswith(row.prefix) and len(row.prefix) == 12
    [view] = list_api_keys(session)
    assert (view.name, view.created_by, view.last_used_at, view.revoked_at) == (
        "Zapier",
        "Ada",
        None,
        None,
    )


def test_a_key_authenticates_records_its_use_and_stops_when_revoked(session, admin):
    made = create_api_key(session, name="Bot", now=NOW, actor=admin)
    actor = authenticate(session, key=made.key, now=NOW)
    assert actor is not None and actor.name == "API key Bot" and actor.id is None
    assert list_api_keys(session)[0].last_used_at is not None
    revoke_api_key(session, actor=admin, key_id=made.id, now=NOW + timedelta(minutes=1))
    assert authenticate(session, key=made.key, now=NOW + timedelta(minutes=2)) is None
    assert list_api_keys(session)[0].revoked_at is not None


@pytest.mark.parametrize("key", ["", "inbox_", "inbox_wrong", "Bearer x", "x" * 500])
def test_wrong_keys_do_not_authenticate(session, admin, key):
    create_api_key(session, name="Bot", now=NOW, actor=admin)
    assert authenticate(session, key=key, now=NOW) is None


def test_names_are_required_and_only_admins_make_or_revoke_keys(session, admin):
    with pytest.raises(ApiKeyError):
        create_api_key(session, name="   ", now=NOW, actor=admin)
    agent = create_agent(session, email="bo@example.com", password="password-2")
    with pytest.raises(PermissionDenied):
        create_api_key(session, name="Bot", now=NOW, actor=agent)
    made = create_api_key(session, name="Bot", now=NOW, actor=admin)
    with pytest.raises(PermissionDenied):
        revoke_api_key(session, actor=agent, key_id=made.id, now=NOW)
    with pytest.raises(ApiKeyError):
        revoke_api_key(session, actor=admin, key_id=999, now=NOW)


def test_the_command_line_prints_the_key_on_its_last_line(engine, session, monkeypatch, capsys):
    monkeypatch.setattr(cli, "get_engine", lambda: engine)
    assert cli.main(["create-api-key", "--name", "CRM sync"]) == 0
    key = capsys.readouterr().out.strip().splitlines()[-1]
    actor = authenticate(session, key=key, now=NOW)
    assert actor is not None and actor.name == "API key CRM sync"
    assert list_api_keys(session)[0].created_by == "command line"
    assert cli.main(["create-api-key", "--name", " "]) == 2
