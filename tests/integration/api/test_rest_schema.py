"""Schemathesis against the REST API in process (the e2e tier runs it on the real server)."""

import schemathesis
from sqlmodel import Session

from inbox_app.api import rest_auth
from inbox_app.api.app import create_api
from inbox_app.api.deps import get_app_settings, get_db_session, get_session_factory
from inbox_app.db import session_scope
from inbox_app.services.integrations.api_keys import create_api_key
from tests.integration.conftest import NOW
from tests.rest_schema import probe


def test_every_operation_answers_by_its_schema_and_never_5xx(
    engine, settings, session, monkeypatch
):
    monkeypatch.setattr(rest_auth, "PER_KEY", rest_auth.RateLimitItemPerMinute(100_000))
    key = create_api_key(session, name="Schemathesis", now=NOW).key
    api = create_api()

    def db_session():
        with Session(engine, expire_on_commit=False) as db:
            yield db

    api.dependency_overrides[get_db_session] = db_session
    api.dependency_overrides[get_session_factory] = lambda: lambda: session_scope(engine)
    api.dependency_overrides[get_app_settings] = lambda: settings
    failures, answers = probe(
        schemathesis.openapi.from_asgi("/api/openapi.json", api), key=key, examples=40
    )
    assert failures == [], failures[:3]
    assert answers[("POST /api/v1/conversations", 201)] > 0  # it got past validation too
    assert answers[("GET /api/v1/conversations", 200)] > 0
