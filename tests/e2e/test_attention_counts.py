"""The rail counts what needs my attention: a new message for me counts, reading it takes it
off, waiting too long puts it back in red by itself, and a reply clears it."""

import re

from playwright.sync_api import Page, expect

from inbox_app.services.app_settings import set_missed_after_seconds
from tests.e2e.conftest import admin_view, loaded, make_agent, make_conversation, sign_in

THRESHOLD = 15  # seconds: time to see it purple first, then red without a long wait


def my_count(page: Page):
    return page.get_by_role("navigation", name="Main").get_by_label(
        re.compile(r"^My messages: \d+ need attention")
    )


def test_my_count_follows_what_needs_me_and_turns_red(page: Page, db):
    set_missed_after_seconds(db, actor=admin_view(db), seconds=THRESHOLD)
    try:
        agent = make_agent(db, "Noor")
        sign_in(page, agent.email, agent.password)
        expect(my_count(page)).to_have_text("0")
        made = make_conversation(db, assigned_to=[agent.email])
        page.goto("/inbox/mine")
        loaded(page)
        expect(my_count(page)).to_have_attribute(
            "aria-label", "My messages: 1 need attention, 0 waiting long"
        )
        expect(my_count(page)).not_to_have_attribute("data-accent-color", "red")

        page.get_by_role("region", name="Message list").get_by_role(
            "link", name=re.compile(made.name)
        ).click()
        expect(page.get_by_role("log", name="Messages")).to_contain_text("about my order")
        expect(my_count(page)).to_have_text("0")  # seen: nothing new for me

        # unanswered past the threshold: back, in red, with no reload
        expect(my_count(page)).to_have_attribute(
            "aria-label", "My messages: 1 need attention, 1 waiting long", timeout=30_000
        )
        expect(my_count(page)).to_have_attribute("data-accent-color", "red")

        page.get_by_role("textbox", name="Message").fill("Your order is on its way.")
        page.get_by_role("button", name="Send").click()
        expect(my_count(page)).to_have_attribute(
            "aria-label", "My messages: 0 need attention, 0 waiting long"
        )
    finally:
        set_missed_after_seconds(db, actor=admin_view(db), seconds=30)
