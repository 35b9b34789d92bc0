"""A long conversation: it opens at its newest message, and scrolling to the top brings the
earlier ones, page by page, without losing the agent's place (issue 15)."""

from playwright.sync_api import Page, expect

from tests.e2e.conftest import make_conversation, open_conversation, sign_in


def _message(page: Page, number: int):
    log = page.get_by_role("log", name="Messages")
    return log.get_by_role("article").filter(has_text=f"Old message {number}.").first


def _scroll_to_top(page: Page) -> None:
    page.locator("#thread-log").evaluate("log => log.scrollTo(0, 0)")


def test_scrolling_up_loads_every_earlier_message(page: Page, db):
    texts = [f"Old message {number}." for number in range(1, 121)]
    made = make_conversation(db, messages=texts)
    sign_in(page)
    open_conversation(page, made)
    expect(_message(page, 120)).to_be_in_viewport()  # opens at the bottom
    expect(_message(page, 70)).to_have_count(0)  # the newest 50 only
    _scroll_to_top(page)
    expect(_message(page, 21)).to_be_attached()
    expect(_message(page, 71)).to_be_in_viewport()  # the agent's place is kept
    _scroll_to_top(page)
    expect(_message(page, 1)).to_be_attached()
    expect(page.get_by_role("button", name="Load earlier messages")).to_have_count(0)
    log = page.get_by_role("log", name="Messages")
    expect(log.get_by_role("article").filter(has_text="Old message")).to_have_count(120)


def test_the_earlier_messages_button_works_by_keyboard(page: Page, db):
    made = make_conversation(db, messages=[f"Old message {n}." for n in range(1, 56)])
    sign_in(page)
    open_conversation(page, made)
    button = page.get_by_role("button", name="Load earlier messages")
    button.focus()
    page.keyboard.press("Enter")
    expect(_message(page, 1)).to_be_attached()
    expect(button).to_have_count(0)
