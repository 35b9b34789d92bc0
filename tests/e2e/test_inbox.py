"""What an agent does in the dashboard, in a real browser on the production build."""

import re

from playwright.sync_api import Page, expect

from tests.e2e.conftest import loaded, sign_in


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
    # Wait for this view's cards, not the ones still shown from the previous view.
    cards = page.get_by_role("region", name="Message list").locator('li a[href^="/inbox/all/"]')
    card = cards.first
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


def test_cards_carry_name_first_and_a_status_dot(page: Page):
    sign_in(page)
    page.get_by_role("link", name="Unassigned").click()
    cards = page.get_by_role("region", name="Message list").locator(
        'li a[href^="/inbox/unassigned/"]'
    )
    expect(cards.first).to_be_visible()
    name = cards.first.inner_text().splitlines()[0]
    expect(page.get_by_role("link", name=re.compile("^" + re.escape(name))).first).to_be_visible()
    # Demo conversations waiting longer than 30 s are missed; the dot is named for screen readers.
    missed = page.get_by_role("region", name="Message list").locator('[data-status="missed"]')
    expect(missed.first).to_be_visible()
    expect(missed.first).to_have_attribute("aria-label", "Missed")


def test_back_and_forward_move_between_conversations(page: Page):
    sign_in(page)
    _open_first_conversation(page)
    first_url = page.url
    thread = page.get_by_role("log", name="Messages")
    first_text = thread.text_content()
    cards = page.get_by_role("region", name="Message list").locator('li a[href^="/inbox/all/"]')
    cards.nth(3).click()
    expect(page).not_to_have_url(first_url)
    expect(thread).not_to_have_text(first_text)
    second_url, second_text = page.url, thread.text_content()
    page.go_back()
    expect(page).to_have_url(first_url)
    expect(thread).to_have_text(first_text)
    page.go_forward()
    expect(page).to_have_url(second_url)
    expect(thread).to_have_text(second_text)


def test_thread_shows_event_lines_centred_apart_from_messages(page: Page):
    sign_in(page)
    page.goto("/inbox/mine")
    page.get_by_role("region", name="Message list").locator(
        'li a[href^="/inbox/mine/"]'
    ).first.click()
    event = page.get_by_role("log", name="Messages").locator('article[data-kind="event"]')
    expect(event.first).to_contain_text(re.compile(r"[Aa]ssigned"))  # demo or a test's own
