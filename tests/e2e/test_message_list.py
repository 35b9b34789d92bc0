"""Message-list work: hover close, multi-select and bulk actions, paging, New email."""

import re

from playwright.sync_api import Page, expect

from tests.e2e.conftest import make_agent, make_conversation, sign_in


def message_list(page: Page):
    return page.get_by_role("region", name="Message list")


def card(page: Page, conversation_id: int):
    return message_list(page).locator(f'li:has(a[href="/inbox/all/{conversation_id}"])')


def select_cards(page: Page, *conversations):
    """Tick each card; the toolbar of the selected ones."""
    for made in conversations:
        card(page, made.id).get_by_role("checkbox").click()
    return page.get_by_role("toolbar", name="Selected conversations")


def test_hover_check_mark_closes_a_card(page: Page, db):
    made = make_conversation(db)
    sign_in(page)
    page.goto("/inbox/all")
    target = card(page, made.id)
    target.hover()
    target.get_by_role("button", name=re.compile(r"^Close ")).click()
    expect(card(page, made.id)).to_have_count(0)
    message_list(page).get_by_role("combobox", name="State").click()
    page.get_by_role("option", name="Closed").click()
    expect(card(page, made.id)).to_have_count(1)


def test_select_several_and_close_them_together(page: Page, db):
    first, second = make_conversation(db), make_conversation(db)
    sign_in(page)
    page.goto("/inbox/all")
    for made in (first, second):
        card(page, made.id).get_by_role("checkbox").click()
    toolbar = page.get_by_role("toolbar", name="Selected conversations")
    expect(toolbar).to_contain_text("2 selected")
    toolbar.get_by_role("button", name="Close selected").click()
    expect(card(page, first.id)).to_have_count(0)
    expect(card(page, second.id)).to_have_count(0)
    expect(toolbar).to_have_count(0)


def test_bulk_assign_and_bulk_delete_with_undo(page: Page, db):
    first, second = make_conversation(db), make_conversation(db)
    ben = make_agent(db, "Ben")
    sign_in(page)
    page.goto("/inbox/all")
    for made in (first, second):
        card(page, made.id).get_by_role("checkbox").click()
    toolbar = page.get_by_role("toolbar", name="Selected conversations")
    toolbar.get_by_role("button", name="Assign selected").click()
    page.get_by_role("menuitem", name=ben.name).click()
    expect(card(page, first.id)).to_contain_text(ben.name)
    expect(card(page, second.id)).to_contain_text(ben.name)
    for made in (first, second):
        card(page, made.id).get_by_role("checkbox").click()
    toolbar.get_by_role("button", name="Delete selected").click()
    page.get_by_role("alertdialog").get_by_role("button", name="Delete").click()
    expect(card(page, first.id)).to_have_count(0)
    expect(card(page, second.id)).to_have_count(0)
    page.get_by_role("button", name="Undo").click()
    expect(card(page, first.id)).to_have_count(1)
    expect(card(page, second.id)).to_have_count(1)


def test_bulk_assign_to_a_group(page: Page, db):
    from inbox_app.services.team.groups import create_group
    from tests.e2e.conftest import admin_view, unique

    group = create_group(db, actor=admin_view(db), name=unique("Billing"))
    first, second = make_conversation(db), make_conversation(db)
    sign_in(page)
    page.goto("/inbox/all")
    toolbar = select_cards(page, first, second)
    toolbar.get_by_role("button", name="Assign selected").click()
    page.get_by_role("menuitem", name=group.name).click()
    expect(card(page, first.id)).to_contain_text(group.name)
    expect(card(page, second.id)).to_contain_text(group.name)


def test_new_email_starts_an_outgoing_conversation(page: Page):
    sign_in(page)
    page.goto("/inbox/all")
    message_list(page).get_by_role("button", name="New email").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_role("textbox", name="To").fill("someone@nowhere")  # the browser accepts it
    dialog.get_by_role("textbox", name="Subject").fill("Your quote")
    dialog.get_by_role("textbox", name="Message").fill("Hello, here is your quote.")
    dialog.get_by_role("button", name="Send email").click()
    expect(dialog.get_by_role("alert")).to_contain_text("valid email")
    dialog.get_by_role("textbox", name="To").fill("new.customer@example.net")
    dialog.get_by_role("button", name="Send email").click()
    expect(page).to_have_url(re.compile(r"/inbox/all/\d+/?$"))
    conversation = page.get_by_role("region", name="Conversation")
    expect(conversation.get_by_role("heading")).to_have_text("new.customer@example.net")
    expect(page.get_by_role("log", name="Messages")).to_contain_text("here is your quote")
