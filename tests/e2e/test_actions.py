"""Chat-window actions as an agent does them. Each test works on a conversation of its own."""

import re

from playwright.sync_api import Browser, Page, expect

from inbox_app.models.tables import Conversation
from inbox_app.services.team.groups import create_group
from tests.e2e.conftest import (
    admin_view,
    eventually,
    make_agent,
    make_conversation,
    open_conversation,
    sign_in,
    unique,
)


def chat(page: Page):
    return page.get_by_role("region", name="Conversation")


def thread(page: Page):
    return page.get_by_role("log", name="Messages")


ALL_COUNT = re.compile(r"^All messages: \d+ need attention")  # the rail's badge


def all_count(page: Page) -> int:
    return int(page.get_by_label(ALL_COUNT).inner_text())


def test_close_and_reopen(page: Page, db):
    made = make_conversation(db)
    sign_in(page)
    open_conversation(page, made)
    before = all_count(page)
    chat(page).get_by_role("button", name="Close conversation").click()
    expect(chat(page).get_by_role("button", name="Reopen conversation")).to_be_visible()
    expect(thread(page)).to_contain_text("Admin closed this")
    expect(page.locator(f'li a[href="{made.url}"]')).to_have_count(0)  # gone from the Open list
    expect(page.get_by_label(ALL_COUNT)).to_have_text(str(before - 1))
    chat(page).get_by_role("button", name="Reopen conversation").click()
    expect(chat(page).get_by_role("button", name="Close conversation")).to_be_visible()
    expect(thread(page)).to_contain_text("Admin reopened this")
    expect(page.get_by_label(ALL_COUNT)).to_have_text(str(before))


def test_block_and_unblock_contact(page: Page, db):
    made = make_conversation(db)
    sign_in(page)
    open_conversation(page, made)
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


def test_delete_asks_first_and_can_be_undone(page: Page, db):
    made = make_conversation(db, messages=["Please delete my old request."])
    sign_in(page)
    open_conversation(page, made)
    chat(page).get_by_role("button", name="Delete conversation").click()
    page.get_by_role("alertdialog").get_by_role("button", name="Cancel").click()
    expect(page).to_have_url(re.compile(rf"{made.url}/?$"))
    _delete(page)
    expect(page.locator(f'li a[href="{made.url}"]')).to_have_count(0)
    page.get_by_role("button", name="Undo").click()
    expect(page).to_have_url(re.compile(rf"{made.url}/?$"))
    expect(thread(page)).to_contain_text("Please delete my old request.")


def test_delete_without_undo_is_for_good(page: Page, db):
    made = make_conversation(db)
    sign_in(page)
    open_conversation(page, made)
    _delete(page)

    def purged() -> bool:
        db.expire_all()
        return db.get(Conversation, made.id) is None

    eventually(purged, what="the purge after the 10 s undo window")
    page.goto(made.url)
    expect(chat(page)).to_contain_text("Select a conversation.")


def test_assigned_agent_finds_it_in_my_messages(page: Page, browser: Browser, base_url: str, db):
    made, agent = make_conversation(db), make_agent(db, "Anna")
    sign_in(page)
    open_conversation(page, made)
    chat(page).get_by_role("button", name="Assign to agent").click()
    page.get_by_role("dialog").get_by_text(agent.name, exact=True).click()
    expect(thread(page)).to_contain_text(f"Admin assigned this to {agent.name}")
    anna = browser.new_context(base_url=base_url).new_page()
    sign_in(anna, agent.email, agent.password)
    expect(anna.locator(f'li a[href="/inbox/mine/{made.id}"]')).to_be_visible()
    anna.context.close()


def test_assign_to_group(page: Page, db):
    made = make_conversation(db)
    group = create_group(db, actor=admin_view(db), name=unique("Support"))
    sign_in(page)
    open_conversation(page, made)
    chat(page).get_by_role("button", name="Assign to group").click()
    page.get_by_role("menuitem", name=group.name).click()
    expect(thread(page)).to_contain_text(f"Admin assigned this to {group.name}")
    chat(page).get_by_role("button", name="Assign to group").click()
    page.get_by_role("menuitem", name="No group").click()
    expect(thread(page)).to_contain_text("Admin removed the group")
