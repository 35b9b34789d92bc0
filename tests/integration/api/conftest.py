"""Fixtures of the REST API tests: the API on this test's database, a key, live events seen."""

import pytest

from inbox_app.api import rest_live, widget_guards
from inbox_app.services.integrations.api_keys import create_api_key
from tests.integration.api.test_attachments import settings  # noqa: F401  (fixture)
from tests.integration.api.test_widget_api import api_client
from tests.integration.conftest import NOW


@pytest.fixture()
def rest(engine, settings):  # noqa: F811
    widget_guards.reset()
    with api_client(engine, settings) as test_client:
        yield test_client
    widget_guards.reset()


@pytest.fixture()
def api_key(session) -> str:
    return create_api_key(session, name="Order bot", now=NOW).key


@pytest.fixture()
def auth(api_key) -> dict[str, str]:
    return {"Authorization": f"Bearer {api_key}"}


@pytest.fixture()
def live(monkeypatch) -> list[tuple]:
    """Every live event the API sends, in order: ("change", id), ("message", id, kind, author),
    ("wake", id)."""
    seen: list[tuple] = []
    monkeypatch.setattr(
        rest_live.events,
        "conversation_changed",
        lambda conversation_id, **_: seen.append(("change", conversation_id)),
    )
    monkeypatch.setattr(
        rest_live.events,
        "message_added",
        lambda conversation_id, view, **_: seen.append(
            ("message", conversation_id, view.kind, view.author)
        ),
    )
    monkeypatch.setattr(
        rest_live.visitor_waits,
        "wake",
        lambda conversation_id: seen.append(("wake", conversation_id)),
    )
    return seen
