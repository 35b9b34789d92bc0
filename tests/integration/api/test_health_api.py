"""`GET /api/health` and request ids through FastAPI's test client, on a migrated database."""

import io
import json
import logging
from contextlib import contextmanager

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from inbox_app.api.app import create_api
from inbox_app.api.deps import get_session_factory
from inbox_app.db import make_engine
from inbox_app.logging_setup import configure_logging
from inbox_app.realtime.transport import redis_link


def _client_on(engine) -> TestClient:
    api = create_api()

    @contextmanager
    def sessions():
        with Session(engine, expire_on_commit=False) as session:
            yield session

    api.dependency_overrides[get_session_factory] = lambda: sessions
    return TestClient(api)


@pytest.fixture()
def client(engine):
    with _client_on(engine) as test_client:
        yield test_client


@pytest.fixture()
def broken_client(tmp_path):
    """The database cannot be opened: its folder does not exist."""
    engine = make_engine(f"sqlite:///{tmp_path / 'missing' / 'inbox.db'}")
    with _client_on(engine) as test_client:
        yield test_client
    engine.dispose()


@pytest.fixture()
def json_log():
    """The app's JSON log, written to a buffer; the root logger is put back afterwards."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    stream = io.StringIO()
    configure_logging(log_format="json", stream=stream)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    root.handlers[:] = handlers
    root.setLevel(level)


def test_health_answers_200_with_each_part(client):
    response = client.get("/api/health")
    assert response.status_code == 200
    report = response.json()
    assert report["database"] == "ok"
    assert report["redis"] == ("ok" if redis_link.enabled() else "off")
    assert report["smtp"] == "off"
    # The test client runs no lifespan tasks: the loops are reported as not running.
    assert report["loops"]["purge"] == report["loops"]["clock"] == "stopped"
    assert report["loops"]["widget_clock"] == "stopped"
    assert report["loops"]["redis_listener"] == ("stopped" if redis_link.enabled() else "off")
    assert report["loops"]["widget_writer"] in ("idle", "running")
    assert report["status"] == "degraded"
    assert response.headers["cache-control"] == "no-store"


def test_health_needs_no_sign_in_and_says_nothing_secret(client):
    text = client.get("/api/health").text.lower()
    for secret_or_version in ("secret", "password", "version", "sqlite", "postgres", "redis://"):
        assert secret_or_version not in text


def test_health_answers_503_when_the_database_does_not(broken_client):
    response = broken_client.get("/api/health")
    assert response.status_code == 503
    assert response.json()["database"] == "error"
    assert response.json()["status"] == "error"


def test_every_response_carries_a_request_id(client):
    given = client.get("/api/health", headers={"X-Request-ID": "monitor-7"})
    assert given.headers["x-request-id"] == "monitor-7"
    cleaned = client.get("/api/health", headers={"X-Request-ID": "a b<c>"})
    assert cleaned.headers["x-request-id"] == "abc"
    made = client.get("/api/widget/nothing-here").headers["x-request-id"]
    assert len(made) == 32 and made != client.get("/api/health").headers["x-request-id"]


def test_each_log_line_of_a_request_carries_its_id(broken_client, json_log):
    broken_client.get("/api/health", headers={"X-Request-ID": "trace-42"})
    broken_client.get("/api/health", headers={"X-Request-ID": "trace-43"})
    lines = [line for line in json_log() if line.get("request_id") == "trace-42"]
    # The route's own warning and the request line, both with this request's id only.
    assert [line["logger"] for line in lines] == ["inbox_app.api.health", "inbox_app.requests"]
    assert lines[0]["level"] == "WARNING"
    assert lines[1]["message"].startswith("GET /api/health 503")
    assert lines[1]["status"] == 503 and lines[1]["path"] == "/api/health"
