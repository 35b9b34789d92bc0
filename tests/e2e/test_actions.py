"""Chat-window actions as an agent does them. Each test works on its own demo conversation."""

import re

from playwright.sync_api import Browser, Page, expect

from inbox_app.models.tables import Conversation
from tests.e2e.conftest import eventually, loaded, sign_in


def chat(page: Page):
    return page.get_by_role("region", name="Conversation")


def thread(page: Page):
    return page.get_by_role("log", name="Messages")


def open_conversation(page: Page, conversation_id: int) -> None:
    page.goto(f"/inbox/all/{conversation_id}")
    loaded(page)  # not the previous page's conversation, still shown until on_load ran
    expect(thread(page).get_by_role("article").first).to_be_visible()


def all_count(page: Page) -> int:
    return int(page.get_by_label("All messages: open conversations").inner_text())


def test_close_and_reopen(page: Page):
    sign_in(page)
    open_conversation(page, 2)
    before = all_count(page)
    chat(page).get_by_role("button", name="Close conversation").click()
    expect(chat(page).get_by_role("button", name="Reopen conversation")).to_be_visible()
    expect(thread(page)).to_contain_text("Admin closed this")
    expect(page.locator('li a[href="/inbox/all/2"]')).to_have_count(0)  # gone from the Open list
    expect(page.get_by_label("All messages: open conversations")).to_have_text(str(before - 1))
    chat(page).get_by_role("button", name="Reopen conversation").click()
    expect(chat(page).get_by_role("button", name="Close conversation")).to_be_visible()
    expect(thread(page)).to_contain_text("Admin reopened this")
    expect(page.get_by_label("All messages: open conversations")).to_have_text(str(before))


def test_block_and_unblock_contact(page: Page):
    sign_in(page)
    open_conversation(page, 3)
    chat(page).get_by_role("button", name="Block contact").click()
    expect(chat(page).get_by_text("Blocked", exact=True)).to_be_visible()
    expect(thread(page)).to_contain_text("Admin blocked the contact")
    chat(page).get_by_role("button", name="Unblock contact").click()
    expect(chat(page).get_by_role("button", name="Block contact")).to_be_visible()
    expect(chat(page).get_by_text("Blocked", exact=True)).to_have_count(0)


def _delete(page: Page) -> None:
    chat(page).get_by_role("button", name="Delete conversation").click()
    page.get_by_role("alertdialog").get_by_role("button", name="Delete").click()
    expect(page).to_have_url(re.compile(r"/inbox/all/?$"))


def test_delete_asks_first_and_can_be_undone(page: Page):
    sign_in(page)
    open_conversation(page, 4)
    chat(page).get_by_role("button", name="Delete conversation").click()
    page.get_by_role("alertdialog").get_by_role("button", name="Cancel").click()
    expect(page).to_have_url(re.compile(r"/inbox/all/4/?$"))
    _delete(page)
    expect(page.locator('li a[href="/inbox/all/4"]')).to_have_count(0)
    page.get_by_role("button", name="Undo").click()
    expect(page).to_have_url(re.compile(r"/inbox/all/4/?$"))
    expect(thread(page).get_by_role("article").first).to_be_visible()


def test_delete_without_undo_is_for_good(page: Page, db):
    sign_in(page)
    open_conversation(page, 8)
    _delete(page)

    def purged() -> bool:
        db.expire_all()
        return db.get(Conversation, 8) is None

    eventually(purged, what="the purge after the 10 s undo window")
    page.goto("/inbox/all/8")
    expect(chat(page)).to_contain_text("Select a conversation.")


def test_assigned_agent_finds_it_in_my_messages(page: Page, browser: Browser, base_url: str):
    sign_in(page)
    open_conversation(page, 1)
    chat(page).get_by_role("button", name="Assign to agent").click()
    page.get_by_role("dialog").get_by_text("Anna", exact=True).click()
    expect(thread(page)).to_contain_text("Admin assigned this to Anna")
    anna = browser.new_context(base_url=base_url).new_page()
    sign_in(anna, "anna@example.com", "demo-password")
    expect(anna.locator('li a[href="/inbox/mine/1"]')).to_be_visible()
    anna.context.close()


def test_assign_to_group(page: Page):
    sign_in(page)
    open_conversation(page, 13)
    chat(page).get_by_role("button", name="Assign to group").click()
    page.get_by_role("menuitem", name="Support").click()
    expect(thread(page)).to_contain_text("Admin assigned this to Support")
    chat(page).get_by_role("button", name="Assign to group").click()
    page.get_by_role("menuitem", name="No group").click()
    expect(thread(page)).to_contain_text("Admin removed the group")
