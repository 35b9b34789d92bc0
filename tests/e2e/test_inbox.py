"""What an agent does in the dashboard, in a real browser on the production build."""

import re
from datetime import timedelta

from playwright.sync_api import Page, expect

from tests.e2e.conftest import (
    ADMIN_EMAIL,
    MadeConversation,
    loaded,
    make_conversation,
    open_conversation,
    sign_in,
)


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


def message_list(page: Page):
    return page.get_by_role("region", name="Message list")


def _open_from_the_list(page: Page, made: MadeConversation) -> None:
    page.get_by_role("link", name="All messages").click()
    expect(page).to_have_url(re.compile(r"/inbox/all/?$"))
    card = message_list(page).locator(f'li a[href="{made.url}"]')
    expect(card).to_contain_text(made.name)
    card.click()
    expect(page).to_have_url(re.compile(rf"{made.url}/?$"))
    expect(page.get_by_role("region", name="Conversation").get_by_role("heading")).to_have_text(
        made.name
    )


def test_open_a_conversation_shows_thread_and_contact(page: Page, db):
    made = make_conversation(db, messages=["Where is my parcel?", ("reply", "On its way.")])
    sign_in(page)
    _open_from_the_list(page, made)
    thread = page.get_by_role("log", name="Messages")
    expect(thread).to_contain_text("Where is my parcel?")
    expect(thread.get_by_role("article").last).to_contain_text("On its way.")
    details = page.get_by_role("region", name="Contact details")
    expect(details.get_by_role("textbox", name="Name")).to_have_value(made.name)
    expect(details.get_by_role("list", name="Previous conversations")).to_be_attached()


def test_reply_is_stored_and_survives_a_reload(page: Page, db):
    made = make_conversation(db)
    sign_in(page)
    _open_from_the_list(page, made)
    page.get_by_role("textbox", name="Message").fill("We have **shipped** your order.")
    page.get_by_role("button", name="Send", exact=True).click()
    thread = page.get_by_role("log", name="Messages")
    reply = thread.get_by_role("article").filter(has_text="We have shipped your order.")
    expect(reply).to_have_count(1)
    expect(reply.locator("strong")).to_have_text("shipped")
    page.reload()
    expect(
        thread.get_by_role("article").filter(has_text="We have shipped your order.")
    ).to_have_count(1)
    expect(page.get_by_role("textbox", name="Message")).to_have_value("")


def test_enter_sends_a_comment_marked_internal_note(page: Page, db):
    made = make_conversation(db)
    sign_in(page)
    _open_from_the_list(page, made)
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


def test_sign_out_forgets_the_session_and_a_kept_copy_of_the_token(page: Page):
    sign_in(page)
    loaded(page)
    kept = page.evaluate("() => localStorage.getItem('inbox_token')")
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/login/?$"))
    page.goto("/inbox/mine")
    expect(page).to_have_url(re.compile(r"/login/?$"))
    page.evaluate("token => localStorage.setItem('inbox_token', token)", kept)
    page.goto("/inbox/mine")
    expect(page).to_have_url(re.compile(r"/login/?$"))


def test_cards_carry_name_first_and_a_status_dot(page: Page, db):
    # unanswered for a minute: longer than the 30 s after which a conversation is missed
    made = make_conversation(db, messages=["Hello? Anyone?"], ago=timedelta(minutes=1))
    sign_in(page)
    page.get_by_role("link", name="Unassigned").click()
    card = message_list(page).locator(f'li a[href="/inbox/unassigned/{made.id}"]')
    expect(card).to_be_visible()
    assert card.inner_text().splitlines()[0] == made.name
    expect(page.get_by_role("link", name=re.compile("^" + re.escape(made.name)))).to_be_visible()
    missed = card.locator('[data-status="missed"]')  # named for screen readers
    expect(missed).to_have_attribute("aria-label", "Missed")


def test_back_and_forward_move_between_conversations(page: Page, db):
    first = make_conversation(db, messages=["The first one's question"])
    second = make_conversation(db, messages=["The second one's question"])
    sign_in(page)
    _open_from_the_list(page, first)
    first_url = page.url
    thread = page.get_by_role("log", name="Messages")
    expect(thread).to_contain_text("The first one's question")
    first_text = thread.text_content()
    message_list(page).locator(f'li a[href="{second.url}"]').click()
    expect(page).not_to_have_url(first_url)
    expect(thread).to_contain_text("The second one's question")
    second_url, second_text = page.url, thread.text_content()
    page.go_back()
    expect(page).to_have_url(first_url)
    expect(thread).to_have_text(first_text)
    page.go_forward()
    expect(page).to_have_url(second_url)
    expect(thread).to_have_text(second_text)


def test_thread_shows_event_lines_centred_apart_from_messages(page: Page, db):
    made = make_conversation(db, assigned_to=[ADMIN_EMAIL])
    sign_in(page)
    page.goto("/inbox/mine")
    message_list(page).locator(f'li a[href="/inbox/mine/{made.id}"]').click()
    event = page.get_by_role("log", name="Messages").locator('article[data-kind="event"]')
    expect(event).to_contain_text(["Admin assigned this to Admin"])


def test_a_bare_address_in_a_message_is_a_link_that_opens_apart(page: Page, db):
    made = make_conversation(
        db, messages=["My order page https://shop.example.com/orders/42 is empty."]
    )
    sign_in(page)
    open_conversation(page, made)
    link = page.get_by_role("log", name="Messages").get_by_role(
        "link", name="https://shop.example.com/orders/42"
    )
    expect(link).to_have_attribute("href", "https://shop.example.com/orders/42")
    expect(link).to_have_attribute("target", "_blank")
