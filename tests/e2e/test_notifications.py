"""Notifications as an agent experiences them: live toast, title count, switches."""

import re

from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import sign_in


def test_assignment_pops_a_toast_and_counts_in_the_title(
    page: Page, browser: Browser, base_url: str
):
    ben = browser.new_context(base_url=base_url).new_page()
    sign_in(ben, "ben@example.com", "demo-password")
    expect(ben.get_by_role("region", name="Message list")).to_be_visible()
    expect(ben.locator("html")).to_have_attribute("data-notify-ready", "true")  # its baseline
    sign_in(page)
    page.goto("/inbox/all/34")
    page.get_by_role("region", name="Conversation").get_by_role(
        "button", name="Assign to agent"
    ).click()
    page.get_by_role("dialog").get_by_text("Ben", exact=True).click()
    expect(ben.locator(".inbox-notify-toast")).to_contain_text("assigned a conversation to you")
    expect(ben).to_have_title(re.compile(r"^\(\d+\) "))
    ben.reload()  # still unread, but not new: a page load announces nothing
    expect(ben.locator("html")).to_have_attribute("data-notify-ready", "true")
    expect(ben).to_have_title(re.compile(r"^\(\d+\) "))
    ben.wait_for_timeout(1200)  # two of notify.js's rounds: long enough for a toast to show
    expect(ben.locator(".inbox-notify-toast")).to_have_count(0)
    ben.context.close()


def test_switches_are_kept_per_agent(page: Page):
    sign_in(page, "anna@example.com", "demo-password")
    page.get_by_role("button", name="Notification settings").click()
    mentions = page.get_by_role("dialog").get_by_role("switch", name="Mentions")
    expect(mentions).to_be_checked()
    mentions.click()
    expect(mentions).not_to_be_checked()
    page.reload()
    page.get_by_role("button", name="Notification settings").click()
    expect(page.get_by_role("dialog").get_by_role("switch", name="Mentions")).not_to_be_checked()
    page.get_by_role("dialog").get_by_role("switch", name="Mentions").click()
