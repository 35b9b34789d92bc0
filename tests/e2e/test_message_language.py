"""Conversations arrive tagged with their language: on the card, in the contact panel, and as
a filter of the list (issue 14)."""

from playwright.sync_api import Page, expect

from tests.e2e.conftest import make_conversation, open_conversation, sign_in


def test_a_german_conversation_is_tagged_and_found_by_its_language(page: Page, db):
    german = make_conversation(db, messages=["Guten Tag, mein Paket ist noch nicht angekommen."])
    english = make_conversation(db, messages=["Hello, my parcel has not arrived yet."])
    sign_in(page)
    page.goto("/inbox/all")
    cards = page.get_by_role("region", name="Message list").get_by_role("listitem")
    expect(cards.filter(has_text=german.name)).to_contain_text("Deutsch")
    expect(cards.filter(has_text=english.name)).to_contain_text("English")
    page.get_by_role("combobox", name="Language").click()
    page.get_by_role("option", name="Deutsch", exact=True).click()
    expect(cards.filter(has_text=german.name)).to_have_count(1)
    expect(cards.filter(has_text=english.name)).to_have_count(0)
    open_conversation(page, german)
    panel = page.get_by_role("region", name="Contact details")
    expect(panel).to_contain_text("Writes in")
    expect(panel).to_contain_text("Deutsch")
