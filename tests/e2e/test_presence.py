"""Presence and the live 30-second rule: dots change by themselves on open dashboards."""

from playwright.sync_api import Browser, Page, expect

from inbox_app.services.app_settings import set_missed_after_seconds
from tests.e2e.conftest import (
    admin_view,
    make_agent,
    make_conversation,
    open_conversation,
    sign_in,
)


def dot(page: Page, conversation_id: int):
    card = page.get_by_role("region", name="Message list").locator(
        f'li:has(a[href="/inbox/all/{conversation_id}"])'
    )
    return card.locator("[data-status]")


def test_offline_agent_gets_a_go_online_button(page: Page, db):
    made = make_conversation(db)
    sign_in(page)
    open_conversation(page, made)
    page.get_by_role("button", name="My status").click()
    page.get_by_role("menuitem", name="Offline").click()
    go_online = page.get_by_role("region", name="Conversation").get_by_role(
        "button", name="Go online"
    )
    expect(go_online).to_be_visible()
    go_online.click()
    expect(go_online).to_have_count(0)
    expect(page.get_by_role("button", name="My status")).to_contain_text("Online")


def test_the_dot_turns_red_by_itself_and_a_reply_clears_it(page: Page, db):
    set_missed_after_seconds(db, actor=admin_view(db), seconds=5)
    try:
        sign_in(page)
        made = make_conversation(db, messages=["Hello, anyone there?"])
        page.goto("/inbox/all")
        expect(dot(page, made.id)).to_have_attribute("data-status", "new")
        expect(dot(page, made.id)).to_have_attribute(
            "data-status", "missed", timeout=12_000
        )  # no reload
        page.locator(f'li a[href="{made.url}"]').click()
        page.get_by_role("textbox", name="Message").fill("Yes, here!")
        page.get_by_role("button", name="Send", exact=True).click()
        expect(dot(page, made.id)).to_have_attribute("data-status", "none")
    finally:
        set_missed_after_seconds(db, actor=admin_view(db), seconds=30)


def test_closing_the_last_tab_makes_that_agent_offline_for_others(
    page: Page, browser: Browser, base_url, db
):
    ben = browser.new_context(base_url=base_url).new_page()
    agent = make_agent(db, "Ben")
    sign_in(ben, agent.email, agent.password)
    made = make_conversation(db, messages=["Ben, are you there?"], assigned_to=[agent.email])
    sign_in(page)
    page.goto("/inbox/all")
    expect(dot(page, made.id)).to_have_attribute("data-status", "none")  # Ben can answer
    ben.context.close()
    expect(dot(page, made.id)).to_have_attribute("data-status", "missed", timeout=60_000)
