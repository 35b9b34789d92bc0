"""Two agents in two browsers: what one does appears for the other without a reload."""

from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import MadeAgent, make_agent, make_conversation, open_conversation, sign_in


def second_agent(browser: Browser, base_url: str, agent: MadeAgent) -> Page:
    page = browser.new_context(base_url=base_url).new_page()
    page.set_default_timeout(15_000)
    sign_in(page, agent.email, agent.password)
    return page


def test_a_reply_appears_in_the_other_agents_open_thread(
    page: Page, browser: Browser, base_url: str, db
):
    made, elsewhere = make_conversation(db), make_conversation(db)
    anna = second_agent(browser, base_url, make_agent(db, "Anna"))
    open_conversation(anna, made)
    sign_in(page)
    open_conversation(page, made)
    page.get_by_role("textbox", name="Message").fill("Live from the admin")
    page.get_by_role("button", name="Send", exact=True).click()
    expect(anna.get_by_role("log", name="Messages")).to_contain_text("Live from the admin")
    first_card = anna.get_by_role("region", name="Message list").get_by_role("listitem").first
    expect(first_card).to_contain_text("Live from the admin")  # moved to the top of her list
    page.get_by_role("textbox", name="Message").fill("And a second one")
    page.get_by_role("button", name="Send", exact=True).click()
    expect(first_card).to_contain_text("And a second one")  # her full reload has run too
    for thread in (
        anna.get_by_role("log", name="Messages"),
        page.get_by_role("log", name="Messages"),
    ):
        # each message once, in order, however the live copy and the reloaded thread met
        live = thread.get_by_role("article").filter(has_text="Live from the admin")
        expect(live).to_have_count(1)
        expect(live.locator("xpath=following-sibling::*")).to_contain_text("And a second one")
        expect(thread.get_by_role("article").filter(has_text="And a second one")).to_have_count(1)
    open_conversation(anna, elsewhere)  # away and back: the thread is loaded afresh
    open_conversation(anna, made)
    expect(
        anna.get_by_role("log", name="Messages").get_by_role("article").filter(has_text="Live from")
    ).to_have_count(1)
    anna.context.close()


def test_an_assignment_reaches_the_assignee_at_once(
    page: Page, browser: Browser, base_url: str, db
):
    made, agent = make_conversation(db), make_agent(db, "Anna")
    anna = second_agent(browser, base_url, agent)
    expect(anna.get_by_role("region", name="Message list")).to_be_visible()
    card = anna.locator(f'li a[href="/inbox/mine/{made.id}"]')
    expect(card).to_have_count(0)
    bell = anna.get_by_role("navigation", name="Main").get_by_role("button", name="Notifications")
    expect(bell).to_have_attribute("data-loaded", "true")  # the count is the server's
    unread_before = int(bell.inner_text().strip() or 0)
    sign_in(page)
    open_conversation(page, made)
    page.get_by_role("region", name="Conversation").get_by_role(
        "button", name="Assign to agent"
    ).click()
    page.get_by_role("dialog").get_by_text(agent.name, exact=True).click()
    expect(card).to_be_visible()
    expect(bell).to_have_text(str(unread_before + 1))
    anna.context.close()
