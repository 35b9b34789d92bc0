"""A tab whose sign-in ran out gets no more live messages: the fast path checks the token too,
and the tab leaves for the sign-in page instead of showing what arrives."""

import json
import re
import time
import urllib.request
from datetime import timedelta
from pathlib import Path

from playwright.sync_api import Page, expect

from inbox_app.security import issue_token, read_visitor_token
from inbox_app.services.team.agents import token_version
from tests.e2e.conftest import admin_view, loaded

LIFETIME_SECONDS = 6


def widget_call(base_url: str, path: str, body: dict, token: str = "") -> dict:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(
        f"{base_url}/api/widget{path}", json.dumps(body).encode(), headers
    )
    with urllib.request.urlopen(request) as response:
        return json.load(response)


def test_a_tab_whose_sign_in_ran_out_shows_no_new_message(
    page: Page, base_url: str, server_env, db
):
    secret = (Path(server_env["INBOX_DATA_DIR"]) / "jwt_secret").read_text().strip()
    visitor = widget_call(base_url, "/start", {"name": "Late Larry"})["token"]
    conversation_id = read_visitor_token(token=visitor, secret=secret).conversation_id
    widget_call(base_url, "/messages", {"body": "before it ran out"}, visitor)
    admin = admin_view(db).id
    short = issue_token(
        agent_id=admin,
        secret=secret,
        lifetime=timedelta(seconds=LIFETIME_SECONDS),
        version=token_version(db, agent_id=admin),
    )
    expires_at = time.time() + LIFETIME_SECONDS
    page.goto("/login")
    page.evaluate("token => localStorage.setItem('inbox_token', token)", short)
    page.goto(f"/inbox/all/{conversation_id}")
    loaded(page)
    thread = page.get_by_role("log", name="Messages")
    expect(thread).to_contain_text("before it ran out")
    # Expiry is checked in whole seconds (the token's `exp` is rounded down, the clock's now
    # too): only a full second past the end is the token surely refused.
    page.wait_for_timeout(max(0.0, expires_at - time.time() + 1.5) * 1000)
    widget_call(base_url, "/messages", {"body": "after it ran out"}, visitor)
    expect(page).to_have_url(re.compile(r"/login/?$"))
    expect(page.get_by_text("after it ran out")).to_have_count(0)
