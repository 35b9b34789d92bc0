"""Load more: the list goes on past its first page, page after page, in order."""

from datetime import timedelta

from playwright.sync_api import Page, expect

from inbox_app.services.team.groups import create_group
from tests.e2e.conftest import admin_view, loaded, make_conversation, sign_in, unique

PAGE = 50


def test_load_more_goes_past_the_first_pages(page: Page, db):
    group = create_group(db, actor=admin_view(db), name=unique("Archive"))
    made = [
        make_conversation(db, group=group.name, ago=timedelta(minutes=n), messages=())
        for n in range(2 * PAGE + 7)
    ]  # newest first: made[0] heads the list, made[-1] ends it
    sign_in(page)
    page.goto(f"/inbox/group-{group.id}")
    loaded(page)
    cards = page.get_by_role("region", name="Message list").get_by_role("listitem")
    expect(cards).to_have_count(PAGE)
    more = page.get_by_role("button", name="Load more")
    more.click()
    expect(cards).to_have_count(2 * PAGE)
    more.click()
    expect(cards).to_have_count(2 * PAGE + 7)
    expect(more).to_have_count(0)  # the end of the view
    expect(cards.first).to_contain_text(made[0].name)
    expect(cards.nth(PAGE)).to_contain_text(made[PAGE].name)
    expect(cards.last).to_contain_text(made[-1].name)
