"""A website visitor chats through the widget on another site; the agent answers live.

The host page is served from 127.0.0.1 while the inbox runs on localhost: another site, so the
panel is a third-party frame (where browsers may deny it storage) and must still work.
"""

import json
import time
import urllib.request

import pytest
from playwright.sync_api import Browser, Page, expect

from inbox_app.services.team.groups import create_group
from tests.e2e.conftest import admin_view, sign_in, static_site, unique, visitor_context


@pytest.fixture(scope="module")
def host_page(base_url, tmp_path_factory) -> str:
    folder = tmp_path_factory.mktemp("site")
    (folder / "index.html").write_text(
        f'<!doctype html><title>Shop</title><h1>Our shop</h1><script async src="{base_url}/widget.js"></script>'
    )
    with static_site(folder) as site:
        yield f"{site}/index.html"


def open_widget(browser: Browser, host_page: str):
    visitor = visitor_context(browser).new_page()
    visitor.goto(host_page)
    expect(visitor.get_by_role("heading", name="Our shop")).to_be_visible()
    visitor.get_by_role("button", name="Open chat").click()
    return visitor, visitor.frame_locator('iframe[title="Chat"]')


def wait_until_no_agent_is_online(base_url: str) -> None:
    """A tab closed by the previous test drops its socket a moment later (on another worker,
    perhaps): wait for the server to see that rather than race it."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with urllib.request.urlopen(f"{base_url}/api/widget/status") as response:
            if not json.load(response)["online"]:
                return
        time.sleep(0.2)
    raise AssertionError("an agent still counts as online 10 s after every tab closed")


def start(chat, name: str, email: str = "") -> None:
    chat.get_by_role("textbox", name="Name").fill(name)
    chat.get_by_role("textbox", name="Email").fill(email)
    chat.get_by_role("button", name="Start chat").click()


def say(chat, text: str) -> None:
    chat.get_by_role("textbox", name="Type your message").fill(text)
    chat.get_by_role("button", name="Send", exact=True).click()


def test_visitor_and_agent_chat_live_and_notes_stay_internal(
    page: Page, browser: Browser, host_page
):
    sign_in(page)
    page.goto("/inbox/unassigned")
    visitor, chat = open_widget(browser, host_page)
    start(chat, "Vera Visitor", "vera@example.net")
    say(chat, "Do you have this in blue?")
    log = chat.get_by_role("log", name="Chat messages")
    expect(log).to_contain_text("Do you have this in blue?")

    card = (
        page.get_by_role("region", name="Message list")
        .get_by_role("listitem")
        .filter(has_text="Vera Visitor")
    )
    expect(card.locator("[data-status]")).to_have_attribute("data-status", "new")  # live, purple
    card.get_by_role("link").click()
    details = page.get_by_role("region", name="Contact details")
    expect(details.get_by_role("textbox", name="Email", exact=True)).to_have_value(
        "vera@example.net"
    )
    page.get_by_role("tab", name="Comment").click()
    page.get_by_role("textbox", name="Message").fill("She asked last week too")
    page.get_by_role("button", name="Send", exact=True).click()
    page.get_by_role("tab", name="Reply").click()
    page.get_by_role("textbox", name="Message").fill("Yes, blue is in stock!")
    page.get_by_role("button", name="Send", exact=True).click()

    expect(log).to_contain_text("Yes, blue is in stock!")
    expect(log).to_contain_text("Admin")
    expect(log).not_to_contain_text("She asked last week too")
    visitor.reload()  # the visitor stays known on this site
    visitor.get_by_role("button", name="Open chat").click()
    expect(
        visitor.frame_locator('iframe[title="Chat"]').get_by_role("log", name="Chat messages")
    ).to_contain_text("Yes, blue is in stock!")
    visitor.context.close()


def test_offline_mode_takes_a_message_then_a_block_refuses_neutrally(
    page: Page, browser: Browser, host_page, base_url
):
    wait_until_no_agent_is_online(base_url)
    visitor, chat = open_widget(browser, host_page)
    expect(chat.get_by_role("status")).to_contain_text("No one is online right now")
    start(chat, "Spammy Sam")
    say(chat, "buy cheap watches")
    expect(chat.get_by_role("log", name="Chat messages")).to_contain_text("buy cheap watches")
    sign_in(page)
    page.goto("/inbox/unassigned")
    region = page.get_by_role("region", name="Message list")
    region.get_by_role("listitem").filter(has_text="Spammy Sam").get_by_role("link").click()
    page.get_by_role("region", name="Conversation").get_by_role(
        "button", name="Block contact"
    ).click()
    expect(
        page.get_by_role("region", name="Conversation").get_by_role(
            "button", name="Unblock contact"
        )
    ).to_be_visible()
    say(chat, "hello again")
    expect(chat.get_by_role("alert")).to_have_text("This chat is not available right now.")
    expect(chat.get_by_role("log", name="Chat messages")).not_to_contain_text("hello again")
    visitor.context.close()


def test_the_js_api_sets_visitor_data_and_group(page: Page, browser: Browser, host_page, db):
    group = create_group(db, actor=admin_view(db), name=unique("Sales"))
    visitor = visitor_context(browser).new_page()
    visitor.goto(host_page)
    visitor.wait_for_function("() => window.InboxChat")
    visitor.evaluate(
        """group => {
        InboxChat.setGroup(group);
        InboxChat.setVisitorData({email: "paula@example.net", attributes: {plan: "Gold"}});
        InboxChat.open();
    }""",
        group.id,
    )
    chat = visitor.frame_locator('iframe[title="Chat"]')
    start(chat, "Paula Plugin")
    say(chat, "Question about my plan")
    expect(chat.get_by_role("log", name="Chat messages")).to_contain_text("Question about my plan")
    sign_in(page)
    page.goto(f"/inbox/group-{group.id}")
    page.get_by_role("region", name="Message list").get_by_role("listitem").filter(
        has_text="Paula Plugin"
    ).get_by_role("link").click()
    details = page.get_by_role("region", name="Contact details")
    expect(details.get_by_role("textbox", name="Email", exact=True)).to_have_value(
        "paula@example.net"
    )
    expect(details).to_contain_text("plan: Gold")
    expect(details).to_contain_text("plugin")
    visitor.context.close()
