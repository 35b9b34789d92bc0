"""Editing a contact in the panel: validation, sources, attributes, merge."""

import uuid

from playwright.sync_api import Page, expect

from tests.e2e.conftest import make_conversation, open_conversation, sign_in


def panel(page: Page):
    return page.get_by_role("region", name="Contact details")


def test_edit_validate_and_save_a_contact(page: Page, db):
    made = make_conversation(db)
    sign_in(page)
    open_conversation(page, made)
    details = panel(page)
    details.get_by_role("button", name="Edit contact").click()
    details.get_by_role("textbox", name="Email").fill("not-an-email")
    details.get_by_role("button", name="Save contact").click()
    expect(details.get_by_role("alert")).to_contain_text("valid email")
    details.get_by_role("textbox", name="Email").fill("greta@example.com")
    details.get_by_role("textbox", name="Phone").fill("12")
    details.get_by_role("button", name="Save contact").click()
    expect(details.get_by_role("alert")).to_contain_text("valid phone")
    details.get_by_role("textbox", name="Phone").fill("+49 30 1234567")
    details.get_by_role("textbox", name="Name").fill("Greta Garbo")
    details.get_by_role("textbox", name="Company").fill("MGM")
    details.get_by_role("button", name="Save contact").click()
    expect(details.get_by_role("button", name="Edit contact")).to_be_visible()
    expect(details.get_by_role("textbox", name="Company")).to_have_value("MGM")
    expect(details.get_by_role("heading").first).to_have_text("Greta Garbo")
    page.reload()
    expect(panel(page).get_by_role("textbox", name="Phone")).to_have_value("+49 30 1234567")
    expect(page.get_by_role("region", name="Conversation").get_by_role("heading")).to_have_text(
        "Greta Garbo"
    )


def test_custom_attributes_show_their_source(page: Page, db):
    made = make_conversation(db)
    sign_in(page)
    open_conversation(page, made)
    details = panel(page)
    details.get_by_role("textbox", name="Attribute key").fill("plan")
    details.get_by_role("textbox", name="Attribute value").fill("Premium")
    details.get_by_role("button", name="Add attribute").click()
    expect(details).to_contain_text("plan: Premium")
    expect(details).to_contain_text("manual")
    details.get_by_role("button", name="Remove plan").click()
    expect(details).not_to_contain_text("plan: Premium")


def test_merge_moves_the_other_contacts_conversations_here(page: Page, db):
    keep = make_conversation(db, email=f"{uuid.uuid4().hex[:8]}@example.org")
    make_conversation(db, contact_id=keep.contact_id)  # the kept contact's earlier one
    other = make_conversation(db, email=f"{uuid.uuid4().hex[:8]}@example.org")
    make_conversation(db, contact_id=other.contact_id)  # and the other contact's two
    sign_in(page)
    open_conversation(page, keep)
    previous = (
        panel(page).get_by_role("list", name="Previous conversations").get_by_role("listitem")
    )
    expect(previous).to_have_count(1)
    panel(page).get_by_role("textbox", name="Merge in the contact at this address").fill(
        other.email
    )
    panel(page).get_by_role("button", name="Merge").click()
    expect(previous).to_have_count(3)  # the other contact's two now belong here
