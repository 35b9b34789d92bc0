"""Notifications as an agent experiences them: live toast, title count, switches."""

import re

from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import (
    loaded,
    make_agent,
    make_conversation,
    open_conversation,
    sign_in,
)


def test_assignment_pops_a_toast_and_counts_in_the_title(
    page: Page, browser: Browser, base_url: str, db
):
    made, agent = make_conversation(db), make_agent(db, "Ben")
    ben = browser.new_context(base_url=base_url).new_page()
    sign_in(ben, agent.email, agent.password)
    expect(ben.get_by_role("region", name="Message list")).to_be_visible()
    expect(ben.locator("html")).to_have_attribute("data-notify-ready", "true")  # its baseline
    sign_in(page)
    open_conversation(page, made)
    page.get_by_role("region", name="Conversation").get_by_role(
        "button", name="Assign to agent"
    ).click()
    page.get_by_role("dialog").get_by_text(agent.name, exact=True).click()
    toasts = ben.locator("[data-sonner-toast]")  # the app's one toast system
    expect(toasts.filter(has_text="assigned a conversation to you")).to_have_count(1)
    expect(ben).to_have_title(re.compile(r"^\(\d+\) "))
    ben.reload()  # still unread, but not new: a page load announces nothing
    feed = ben.locator("#notify-feed")
    expect(feed).to_have_attribute("data-loaded", "true")
    unread = feed.get_attribute("data-count")
    # The title shows the server's count once notify.js has announced it: a toast for it would
    # have been shown in that same round, and stays six seconds.
    expect(ben).to_have_title(re.compile(rf"^\({unread}\) "))
    expect(ben.locator("[data-sonner-toast]")).to_have_count(0)
    ben.context.close()


def test_switches_are_kept_per_agent(page: Page, db):
    agent = make_agent(db, "Anna")
    sign_in(page, agent.email, agent.password)
    page.get_by_role("link", name="Notification switches").click()
    section = page.get_by_role("region", name="Notifications")
    mentions = section.get_by_role("switch", name="Mentions")
    expect(mentions).to_be_checked()
    mentions.click()
    expect(mentions).not_to_be_checked()
    page.reload()
    loaded(page)
    expect(section.get_by_role("switch", name="Mentions")).not_to_be_checked()


def test_the_toast_and_the_title_count_can_be_switched_off(
    page: Page, browser: Browser, base_url, db
):
    agent = make_agent(db, "Quiet")
    quiet = browser.new_context(base_url=base_url).new_page()
    sign_in(quiet, agent.email, agent.password)
    quiet.get_by_role("link", name="Notification switches").click()
    section = quiet.get_by_role("region", name="Notifications")
    for name in ("Pop-up message", "Count in the tab title"):
        section.get_by_role("switch", name=name).click()
        expect(section.get_by_role("switch", name=name)).not_to_be_checked()
    expect(quiet.locator("html")).to_have_attribute("data-notify-ready", "true")
    made = make_conversation(db)
    sign_in(page)
    open_conversation(page, made)
    page.get_by_role("region", name="Conversation").get_by_role(
        "button", name="Assign to agent"
    ).click()
    page.get_by_role("dialog").get_by_text(agent.name, exact=True).click()
    # It arrived, and notify.js ran on the latest count (more may follow the first, so the
    # check compares the two at one moment rather than a count read a moment earlier).
    quiet.wait_for_function(
        """() => {
            const count = document.querySelector("#notify-feed")?.getAttribute("data-count");
            const seen = document.documentElement.getAttribute("data-notify-seen");
            return count && count !== "0" && seen === count;
        }"""
    )
    expect(quiet).not_to_have_title(re.compile(r"^\(\d+\) "))
    expect(quiet.locator("[data-sonner-toast]")).to_have_count(0)
    quiet.context.close()
