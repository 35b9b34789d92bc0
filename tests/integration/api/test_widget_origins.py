"""Only the listed sites may use the widget: the API refuses other origins, the panel says
frame-ancestors. With no list, any site may."""

import pytest
from sqlmodel import Session

from inbox_app.api import widget_origins
from inbox_app.services.widget.config import allowed_origins, save_allowed_origins
from tests.integration.api.test_attachments import settings  # noqa: F401  (fixture)
from tests.integration.api.test_widget_api import client, fresh_limits  # noqa: F401
from tests.integration.widget_helpers import an_admin, counts

SHOP = "https://shop.example"


@pytest.fixture(autouse=True)
def origins_from_this_database(engine, monkeypatch):
    def load():
        with Session(engine) as session:
            return allowed_origins(session)

    monkeypatch.setattr(widget_origins, "load_origins", load)
    widget_origins.forget_cached_origins()
    yield
    widget_origins.forget_cached_origins()


def start_from(api, origin: str):
    return api.post("/api/widget/start", json={"name": "Ola"}, headers={"Origin": origin})


def test_any_site_may_use_the_widget_by_default(client):  # noqa: F811
    assert start_from(client, "https://elsewhere.example").status_code == 201
    assert "content-security-policy" not in client.get("/widget-frame.html").headers


def test_with_a_list_other_sites_are_refused_and_nothing_is_created(client, session):  # noqa: F811
    save_allowed_origins(session, actor=an_admin(session), text=SHOP)
    widget_origins.forget_cached_origins()
    before = counts(session)
    refused = start_from(client, "https://elsewhere.example")
    assert refused.status_code == 403
    assert refused.json() == {"detail": widget_origins.REFUSED}
    assert (
        client.get("/api/widget/config", headers={"Origin": "https://x.example"}).status_code == 403
    )
    assert counts(session) == before
    assert start_from(client, SHOP).status_code == 201


def test_the_inbox_itself_and_requests_without_origin_still_pass(client, session):  # noqa: F811
    save_allowed_origins(session, actor=an_admin(session), text=SHOP)
    widget_origins.forget_cached_origins()
    assert start_from(client, "http://testserver").status_code == 201  # the panel, same origin
    assert client.get("/api/widget/config").status_code == 200


def test_the_panel_may_only_be_framed_by_listed_sites(client, session):  # noqa: F811
    save_allowed_origins(session, actor=an_admin(session), text=f"{SHOP} http://localhost:8080")
    widget_origins.forget_cached_origins()
    policy = client.get("/widget-frame.html").headers["content-security-policy"]
    assert policy == f"frame-ancestors 'self' {SHOP} http://localhost:8080"


def test_only_the_widget_panel_may_be_framed(client):  # noqa: F811
    """Every path goes through the API's middleware, Reflex's pages too (404s here)."""
    for path in ("/inbox/all", "/api/widget/config"):
        response = client.get(path)
        assert response.headers["content-security-policy"] == "frame-ancestors 'none'"
        assert response.headers["x-frame-options"] == "DENY"
    panel = client.get("/widget-frame.html")
    assert "x-frame-options" not in panel.headers
    assert "frame-ancestors 'none'" not in panel.headers.get("content-security-policy", "")
