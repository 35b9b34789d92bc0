"""What an agent does in the dashboard, in a real browser on the production build."""

import re

from playwright.sync_api import Page, expect

from tests.e2e.conftest import sign_in


def test_sign_in_shows_the_three_sections(page: Page):
    sign_in(page)
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()
    for name in ("My messages", "Unassigned", "All messages", "Settings"):
        expect(
            page.get_by_role("navigation", name="Main").get_by_role("link", name=name)
        ).to_be_visible()
    expect(page.get_by_role("region", name="Message list")).to_be_visible()
    expect(page.get_by_role("region", name="Conversation")).to_be_visible()
    expect(page.get_by_role("region", name="Contact details")).to_be_visible()


def test_wrong_password_is_refused(page: Page):
    page.goto("/login")
    page.get_by_role("textbox", name="Email").fill("admin@example.com")
    page.get_by_role("textbox", name="Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("Wrong email or password")
    expect(page).to_have_url(re.compile(r"/login/?$"))


def _open_first_conversation(page: Page) -> str:
    page.get_by_role("link", name="All messages").click()
    expect(page).to_have_url(re.compile(r"/inbox/all/?$"))
    card = (
        page.get_by_role("region", name="Message list")
        .get_by_role("listitem")
        .first.get_by_role("link")
    )
    name = card.inner_text().splitlines()[0]
    card.click()
    expect(page).to_have_url(re.compile(r"/inbox/all/\d+/?$"))
    expect(page.get_by_role("region", name="Conversation").get_by_role("heading")).to_have_text(
        name
    )
    return name


def test_open_a_conversation_shows_thread_and_contact(page: Page):
    sign_in(page)
    name = _open_first_conversation(page)
    thread = page.get_by_role("log", name="Messages")
    expect(thread.get_by_role("article").first).to_be_visible()
    details = page.get_by_role("region", name="Contact details")
    expect(details.get_by_role("textbox", name="Name")).to_have_value(name)
    expect(details.get_by_role("list", name="Previous conversations")).to_be_attached()


def test_reply_is_stored_and_survives_a_reload(page: Page):
    sign_in(page)
    _open_first_conversation(page)
    page.get_by_role("textbox", name="Message").fill("We have **shipped** your order.")
    page.get_by_role("button", name="Send").click()
    thread = page.get_by_role("log", name="Messages")
    reply = thread.get_by_role("article").filter(has_text="We have shipped your order.")
    expect(reply).to_have_count(1)
    expect(reply.locator("strong")).to_have_text("shipped")
    page.reload()
    expect(
        thread.get_by_role("article").filter(has_text="We have shipped your order.")
    ).to_have_count(1)
    expect(page.get_by_role("textbox", name="Message")).to_have_value("")


def test_enter_sends_a_comment_marked_internal_note(page: Page):
    sign_in(page)
    _open_first_conversation(page)
    page.get_by_role("tab", name="Comment").click()
    box = page.get_by_role("textbox", name="Message")
    box.fill("Customer is a reseller, check the discount.")
    box.press("Enter")
    note = (
        page.get_by_role("log", name="Messages").get_by_role("article").filter(has_text="reseller")
    )
    expect(note).to_have_count(1)
    expect(note).to_contain_text("Internal note")


def test_signed_out_visit_lands_on_login(page: Page):
    page.goto("/inbox/all")
    expect(page).to_have_url(re.compile(r"/login/?$"))


def test_sign_out_forgets_the_session(page: Page):
    sign_in(page)
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/login/?$"))
    page.goto("/inbox/mine")
    expect(page).to_have_url(re.compile(r"/login/?$"))
