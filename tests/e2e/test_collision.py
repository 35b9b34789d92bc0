"""Collision detection: agents see who else has a conversation open and who is typing."""

from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import make_agent, make_conversation, open_conversation, sign_in


def test_viewing_and_typing_show_for_the_other_agent(
    page: Page, browser: Browser, base_url: str, db
):
    made, elsewhere = make_conversation(db), make_conversation(db)
    agent = make_agent(db, "Anna")
    anna = browser.new_context(base_url=base_url).new_page()
    sign_in(anna, agent.email, agent.password)
    open_conversation(anna, made)
    sign_in(page)
    open_conversation(page, made)
    status = page.get_by_role("region", name="Conversation").get_by_role("status")
    expect(status).to_have_text(f"{agent.name} is viewing")
    expect(anna.get_by_role("region", name="Conversation").get_by_role("status")).to_have_text(
        "Admin is viewing"
    )
    card = page.get_by_role("region", name="Message list").locator(f'li:has(a[href="{made.url}"])')
    expect(card).to_contain_text(f"{agent.name} is viewing")
    anna.get_by_role("textbox", name="Message").press_sequentially("Let me check", delay=50)
    expect(status).to_have_text(f"{agent.name} is typing…")
    expect(status).to_have_text(
        f"{agent.name} is viewing", timeout=12_000
    )  # typing stops by itself
    open_conversation(anna, elsewhere)
    expect(status).to_have_count(0)
    anna.context.close()


def test_enter_still_sends_with_typing_notices(page: Page, db):
    made = make_conversation(db)
    sign_in(page)
    box = open_conversation(page, made)
    box.press_sequentially("typed then sent", delay=20)
    box.press("Enter")
    expect(page.get_by_role("log", name="Messages")).to_contain_text("typed then sent")
