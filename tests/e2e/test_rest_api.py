"""The REST API on the production server: an admin makes a key in Settings, and what an
integration does with it (a reply with a file too) shows live on an agent's dashboard; a
revoked key stops at once."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
import uuid

from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import loaded, make_agent, sign_in


def call(base_url: str, method: str, path: str, key: str, body: dict | None = None):
    """(status, JSON answer) of one REST API call."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(
        f"{base_url}{path}",
        data=data,
        method=method,
        headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=15) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def upload(base_url: str, conversation_id: int, key: str, data: bytes, filename: str) -> dict:
    """An integration's file, uploaded to be sent with its next message."""
    request = urllib.request.Request(
        f"{base_url}/api/v1/conversations/{conversation_id}/attachments",
        data=data,
        method="POST",
        headers={"Authorization": f"Bearer {key}", "X-Filename": urllib.parse.quote(filename)},
    )
    with urllib.request.urlopen(request, timeout=15) as response:
        assert response.status == 201
        return json.loads(response.read())


def make_key(page: Page, name: str) -> str:
    sign_in(page)
    page.goto("/settings")
    loaded(page)
    page.get_by_role("tab", name="API keys").click()
    page.get_by_role("textbox", name="Key name").fill(name)
    page.get_by_role("button", name="Create API key").click()
    shown = page.get_by_role("textbox", name="API key")
    expect(shown).not_to_have_value("")
    key = shown.input_value()
    assert key.startswith("inbox_") and len(key) > 40
    expect(page.get_by_role("row").filter(has_text=name)).to_contain_text("never")
    return key


def test_a_key_from_settings_drives_an_agents_dashboard_live(
    page: Page, browser: Browser, base_url: str, db
):
    name = f"Bot {uuid.uuid4().hex[:6]}"
    key = make_key(page, name)
    anna = make_agent(db, "Anna")
    agent = browser.new_context(base_url=base_url).new_page()
    sign_in(agent, anna.email, anna.password)
    agent.goto("/inbox/all")
    loaded(agent)
    customer = f"Paula {uuid.uuid4().hex[:6]}"
    email = f"{customer.split()[1]}@example.net"
    status, made = call(
        base_url,
        "POST",
        "/api/v1/conversations",
        key,
        {"contact": {"email": email, "name": customer}, "message": "Where is my parcel?"},
    )
    assert status == 201, made
    card = agent.get_by_role("region", name="Message list").get_by_role("link", name=customer)
    expect(card).to_be_visible()  # live: no reload
    card.click()
    thread = agent.get_by_role("log", name="Messages")
    expect(thread).to_contain_text("Where is my parcel?")
    status, _ = call(
        base_url,
        "POST",
        f"/api/v1/conversations/{made['id']}/messages",
        key,
        {"kind": "reply", "body": "It left our warehouse today."},
    )
    assert status == 201
    expect(
        thread.get_by_role("article").filter(has_text="It left our warehouse today.")
    ).to_contain_text(f"API key {name}")
    file = upload(base_url, made["id"], key, b"Order 1042: 2 items", "delivery note.txt")
    sent = {"kind": "reply", "body": "", "attachment_ids": [file["id"]]}
    assert (
        call(base_url, "POST", f"/api/v1/conversations/{made['id']}/messages", key, sent)[0] == 201
    )
    expect(thread.get_by_role("link", name="delivery note.txt")).to_be_visible()  # live
    status, _ = call(
        base_url,
        "PUT",
        "/api/v1/contacts",
        key,
        {"email": email, "company": "Meyer GmbH", "attributes": {"plan": "Gold"}},
    )
    assert status == 200
    details = agent.get_by_role("region", name="Contact details")
    expect(details.get_by_role("textbox", name="Company")).to_have_value("Meyer GmbH")
    expect(details).to_contain_text("plan: Gold")
    expect(details).to_contain_text("plugin")
    expect(details).not_to_contain_text("manual")  # every value the API set says plugin
    agent.context.close()


def test_a_revoked_key_is_refused_and_the_docs_are_served(page: Page, base_url: str):
    name = f"Old {uuid.uuid4().hex[:6]}"
    key = make_key(page, name)
    assert call(base_url, "GET", "/api/v1/agents", key)[0] == 200
    page.reload()
    loaded(page)
    page.get_by_role("tab", name="API keys").click()
    row = page.get_by_role("row").filter(has_text=name)
    expect(row).not_to_contain_text("never")  # its last use shows
    row.get_by_role("button", name="Revoke").click()
    expect(row).to_contain_text("Revoked")
    status, problem = call(base_url, "GET", "/api/v1/agents", key)
    assert status == 401 and problem["status"] == 401
    with urllib.request.urlopen(f"{base_url}/api/openapi.json", timeout=15) as response:
        assert json.loads(response.read())["openapi"].startswith("3.1")
    with urllib.request.urlopen(f"{base_url}/api/docs", timeout=15) as response:
        assert "/api/openapi.json" in response.read().decode()


def test_a_path_the_api_does_not_have_answers_problem_details(page: Page, base_url: str):
    """Not the dashboard's HTML page that Reflex's own app (mounted inside) answered."""
    key = make_key(page, f"Paths {uuid.uuid4().hex[:6]}")
    for path in ("/api/v1/nothing-here", "/api/v1/conversations/1%0a/messages"):
        request = urllib.request.Request(
            f"{base_url}{path}", headers={"Authorization": f"Bearer {key}"}
        )
        try:
            urllib.request.urlopen(request, timeout=15)
            raise AssertionError(f"{path} answered 2xx")
        except urllib.error.HTTPError as error:
            assert error.code == 404, path
            assert error.headers["Content-Type"] == "application/problem+json", path
            assert json.loads(error.read())["status"] == 404
    status, problem = call(base_url, "GET", "/api/v1/conversations/987654", key)
    assert (status, problem["detail"]) == (404, "No conversation with this id.")  # its own 404
