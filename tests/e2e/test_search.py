"""Searching the message list: words in messages, names and emails, with the match marked."""

import random
import re
import string

from playwright.sync_api import Page, expect

from tests.e2e.conftest import loaded, make_conversation, sign_in


def test_search_finds_message_text_and_marks_the_word(page: Page, db):
    word = "".join(random.choices(string.ascii_lowercase, k=10))  # in these two threads only
    make_conversation(db, messages=[f"Can I pay with {word.capitalize()}?"])
    make_conversation(db, messages=["Hello", ("reply", f"Yes, {word} works.")])
    make_conversation(db, messages=["Can I pay by card?"])
    sign_in(page)
    page.goto("/inbox/all")
    loaded(page)
    region = page.get_by_role("region", name="Message list")
    region.get_by_role("searchbox", name="Search conversations").fill(word)
    expect(region.get_by_role("listitem")).to_have_count(2)
    for item in region.get_by_role("listitem").all():
        expect(item.locator("mark")).to_have_text(re.compile(word, re.IGNORECASE))


def test_search_by_contact_name_and_clearing_it_restores_the_list(page: Page, db):
    made = make_conversation(db, messages=["A question without the name in it"])
    sign_in(page)
    page.goto("/inbox/all")
    loaded(page)  # else the count may be the previous view's
    region = page.get_by_role("region", name="Message list")
    expect(region.locator(f'li a[href="{made.url}"]')).to_be_visible()
    before = region.get_by_role("listitem").count()
    box = region.get_by_role("searchbox", name="Search conversations")
    box.fill(made.name)
    expect(region.get_by_role("listitem")).to_have_count(1)
    expect(region.get_by_role("listitem")).to_contain_text(made.name)
    box.fill("zzzznothingmatches")
    expect(region.get_by_role("listitem")).to_have_count(0)
    expect(region).to_contain_text("No conversations here.")
    box.fill("")
    expect(region.get_by_role("listitem")).to_have_count(before)
