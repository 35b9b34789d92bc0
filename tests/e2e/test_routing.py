"""An admin routes a group's work: German conversations to the German group, shared among its
online members automatically (issues 14 and 15)."""

from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import make_agent, make_conversation, sign_in, unique


def test_a_german_chat_reaches_the_german_groups_online_member(
    page: Page, browser: Browser, base_url: str, db
):
    agent = make_agent(db, "Jonas")
    name = unique("Deutsch")
    sign_in(page)
    page.goto("/settings")
    page.get_by_role("tab", name="Groups").click()
    page.get_by_role("textbox", name="Group name").fill(name)
    page.get_by_role("button", name="Create group").click()
    card = page.locator(".rt-Card").filter(has=page.get_by_role("heading", name=name))
    card.get_by_role("checkbox", name=f"{agent.name} in {name}").click()
    expect(card.get_by_role("checkbox", name=f"{agent.name} in {name}")).to_be_checked()
    # Languages first: the switch below says "Routing saved" too, and while its toast shows,
    # the languages' own toast could not be told from it (the chat came in before they were saved).
    card.get_by_role("textbox", name=f"Languages of {name}").fill("de")
    card.get_by_role("textbox", name=f"Languages of {name}").press("Tab")
    expect(page.get_by_text("Routing saved")).to_be_visible()
    card.get_by_role("checkbox", name="Assign automatically").click()
    expect(card.get_by_role("checkbox", name="Assign automatically")).to_be_checked()  # saved

    german = make_conversation(db, messages=["Guten Tag, meine Bestellung ist nicht angekommen."])
    english = make_conversation(db, messages=["Hello, my order has not arrived yet."])
    jonas = browser.new_context(base_url=base_url).new_page()
    sign_in(jonas, agent.email, agent.password)
    mine = jonas.get_by_role("region", name="Message list")
    expect(mine.get_by_text(german.name)).to_be_visible()
    expect(mine.get_by_text(english.name)).to_have_count(0)
    jonas.context.close()
