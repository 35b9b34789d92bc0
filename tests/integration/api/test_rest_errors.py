"""The REST API's keys, limits and errors: JSON problem details, never a 500 for input."""

import pytest

from inbox_app.api import rest_auth
from inbox_app.models.enums import Role
from inbox_app.models.tables import utcnow
from inbox_app.services.integrations.api_keys import list_api_keys, revoke_api_key
from inbox_app.services.team.agents import create_agent

ROUTES = [
    ("GET", "/api/v1/conversations"),
    ("POST", "/api/v1/conversations"),
    ("GET", "/api/v1/conversations/1"),
    ("POST", "/api/v1/conversations/1/messages"),
    ("PATCH", "/api/v1/conversations/1"),
    ("DELETE", "/api/v1/conversations/1"),
    ("GET", "/api/v1/contacts?email=a@b.c"),
    ("PUT", "/api/v1/contacts"),
    ("GET", "/api/v1/contacts/1"),
    ("PATCH", "/api/v1/contacts/1"),
    ("GET", "/api/v1/agents"),
    ("GET", "/api/v1/groups"),
]


@pytest.mark.parametrize(("method", "path"), ROUTES)
@pytest.mark.parametrize("header", [None, "Bearer", "Bearer inbox_wrong", "Basic abc", "inbox_x"])
def test_every_route_refuses_a_missing_or_wrong_key(rest, method, path, header):
    headers = {"Authorization": header} if header else {}
    response = rest.request(method, path, headers=headers, json={})
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.json()["status"] == 401 and "API key" in response.json()["detail"]


def test_a_revoked_key_is_refused_at_once(rest, auth, session):
    assert rest.get("/api/v1/agents", headers=auth).status_code == 200
    admin = create_agent(session, email="ada@example.com", password="password-1", role=Role.admin)
    revoke_api_key(session, actor=admin, key_id=list_api_keys(session)[0].id, now=utcnow())
    assert rest.get("/api/v1/agents", headers=auth).status_code == 401


def test_over_the_rate_limit_a_key_gets_429_with_retry_after(rest, auth, monkeypatch):
    monkeypatch.setattr(rest_auth, "PER_KEY", rest_auth.RateLimitItemPerMinute(3))
    answers = [rest.get("/api/v1/agents", headers=auth) for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert 1 <= int(answers[-1].headers["retry-after"]) <= 61
    assert answers[-1].json()["status"] == 429


def test_bodies_over_the_limit_or_without_a_length_are_refused(rest, auth):
    huge = '{"kind": "reply", "body": "' + "x" * 300_000 + '"}'
    response = rest.post(
        "/api/v1/conversations/1/messages",
        content=huge,
        headers={**auth, "Content-Type": "application/json"},
    )
    assert response.status_code == 413 and response.json()["status"] == 413

    def chunks():
        yield b'{"kind": "reply", "body": "x"}'

    chunked = rest.post("/api/v1/conversations/1/messages", content=chunks(), headers=auth)
    assert chunked.status_code == 411


@pytest.mark.parametrize("body", ["{not json", "[]", '"text"', "null", '{"contact": []}'])
def test_malformed_bodies_are_400_or_422_never_500(rest, auth, body):
    response = rest.post(
        "/api/v1/conversations", content=body, headers={**auth, "Content-Type": "application/json"}
    )
    assert response.status_code in (400, 422)
    assert response.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize(
    "path",
    ["/api/v1/conversations/0", "/api/v1/conversations/abc", f"/api/v1/conversations/{2**31}"],
)
def test_bad_ids_are_422(rest, auth, path):
    assert rest.get(path, headers=auth).status_code == 422


def test_unknown_routes_are_404_problems(rest, auth):
    response = rest.get("/api/v1/nothing", headers=auth)
    assert response.status_code == 404 and response.json()["title"] == "Not Found"


@pytest.mark.parametrize("text", ["\\u0000", "\\ud800", "a\\u0000b", "\\udfff\\ud800"])
def test_control_characters_and_lone_surrogates_are_refused_or_cleaned(rest, auth, text):
    body = '{"contact": {"name": "TEXT"}, "message": "TEXT"}'.replace("TEXT", text)
    response = rest.post(
        "/api/v1/conversations", content=body, headers={**auth, "Content-Type": "application/json"}
    )
    assert response.status_code in (201, 400, 422), (text, response.text)


def test_the_openapi_document_and_the_docs_need_no_key(rest):
    document = rest.get("/api/openapi.json").json()
    assert document["openapi"].startswith("3.1")
    assert {"/api/v1/conversations", "/api/v1/contacts", "/api/v1/agents"} <= set(document["paths"])
    assert not any(path.startswith("/api/widget") for path in document["paths"])
    assert document["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"
    create = document["paths"]["/api/v1/conversations"]["post"]
    assert create["requestBody"]["content"]["application/json"]["schema"]
    docs = rest.get("/api/docs")
    assert docs.status_code == 200 and "/api/openapi.json" in docs.text
    assert "cdn" not in docs.text  # its script and styles are served by the inbox itself
    script = rest.get("/api/docs-static/swagger-ui-bundle.js")
    assert script.status_code == 200 and "javascript" in script.headers["content-type"]


def test_the_widget_api_keeps_its_own_error_shape(rest):
    response = rest.get("/api/widget/messages")
    assert response.status_code == 401 and response.headers["content-type"] == "application/json"
