"""Searching the message list: words in messages, names and emails, with the match marked."""

import re

from playwright.sync_api import Page, expect

from tests.e2e.conftest import loaded, sign_in


def test_search_finds_message_text_and_marks_the_word(page: Page):
    sign_in(page)
    page.goto("/inbox/all")
    region = page.get_by_role("region", name="Message list")
    region.get_by_role("searchbox", name="Search conversations").fill("paypal")
    first = region.get_by_role("listitem").first
    expect(first.locator("mark")).to_have_text(re.compile("paypal", re.IGNORECASE))
    for item in region.get_by_role("listitem").all():
        expect(item).to_contain_text(re.compile("paypal", re.IGNORECASE))


def test_search_by_contact_name_and_clearing_it_restores_the_list(page: Page):
    sign_in(page)
    page.goto("/inbox/all")
    loaded(page)  # else the count may be the previous view's
    region = page.get_by_role("region", name="Message list")
    name = region.get_by_role("listitem").first.get_by_role("link").inner_text().splitlines()[0]
    before = region.get_by_role("listitem").count()
    box = region.get_by_role("searchbox", name="Search conversations")
    box.fill(name)
    expect(region.get_by_role("listitem").first).to_contain_text(name)
    box.fill("zzzznothingmatches")
    expect(region.get_by_role("listitem")).to_have_count(0)
    expect(region).to_contain_text("No conversations here.")
    box.fill("")
    expect(region.get_by_role("listitem")).to_have_count(before)
