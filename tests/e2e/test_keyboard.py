"""The dashboard by keyboard alone: move in the list, open, reply or comment, search, and the
shortcuts dialog; shortcuts never fire while typing."""

import re

from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import loaded, sign_in, visitor_context
from tests.e2e.test_widget import host_page  # noqa: F401  (fixture)


def _two_new_conversations(db) -> list[int]:
    """The newest two of All: the list shows newest first, so they are its first two cards."""
    from inbox_app.models.enums import Channel
    from inbox_app.models.tables import Contact, utcnow
    from inbox_app.services.conversations.messages import post_incoming
    from inbox_app.services.conversations.start import start_conversation

    ids = []
    for name in ("Keya Board", "Kurt Shortcut"):
        contact = Contact(name=name, email=f"{name.split()[0].lower()}@example.org")
        db.add(contact)
        db.commit()
        conversation = start_conversation(
            db, contact_id=contact.id, channel=Channel.chat, now=utcnow()
        )
        post_incoming(db, conversation_id=conversation.id, body=f"Hello from {name}", now=utcnow())
        ids.append(conversation.id)
    return list(reversed(ids))


def _card_link(page: Page, conversation_id: int):
    return page.locator(
        f'section[aria-label="Message list"] a[href="/inbox/all/{conversation_id}"]'
    )


def test_move_open_reply_and_comment_by_keyboard(page: Page, db):
    newest, second = _two_new_conversations(db)
    sign_in(page)
    page.goto("/inbox/all")
    loaded(page)
    list_region = page.get_by_role("region", name="Message list")
    expect(list_region.get_by_role("link").first).to_contain_text("Kurt Shortcut")

    page.keyboard.press("j")
    expect(_card_link(page, newest)).to_be_focused()
    page.keyboard.press("j")
    expect(_card_link(page, second)).to_be_focused()
    page.keyboard.press("ArrowUp")
    expect(_card_link(page, newest)).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"/inbox/all/{newest}/?$"))
    loaded(page)
    expect(page.get_by_role("log", name="Messages")).to_contain_text("Hello from Kurt Shortcut")

    message = page.get_by_role("textbox", name="Message")
    page.keyboard.press("c")
    expect(message).to_be_focused()
    expect(page.get_by_role("tab", name="Comment")).to_have_attribute("aria-selected", "true")
    page.keyboard.type("jk")  # typing in the box: letters, not shortcuts
    expect(message).to_have_value("jk")
    expect(page).to_have_url(re.compile(rf"/inbox/all/{newest}/?$"))

    message.fill("")
    message.blur()
    page.keyboard.press("r")
    expect(message).to_be_focused()
    expect(page.get_by_role("tab", name="Reply")).to_have_attribute("aria-selected", "true")


def test_slash_searches_and_question_mark_lists_the_shortcuts(page: Page):
    sign_in(page)
    page.goto("/inbox/all")
    loaded(page)
    page.keyboard.press("/")
    expect(page.get_by_role("searchbox", name="Search conversations")).to_be_focused()
    page.keyboard.press("Escape")
    page.get_by_role("searchbox", name="Search conversations").blur()

    page.keyboard.press("?")
    dialog = page.get_by_role("dialog", name="Keyboard shortcuts")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_role("table", name="Shortcuts")).to_contain_text("Reply in the open")
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(page.get_by_role("button", name="Keyboard shortcuts")).to_be_focused()


def test_a_card_is_one_tab_stop(page: Page, db):
    newest, second = _two_new_conversations(db)
    sign_in(page)
    page.goto("/inbox/all")
    loaded(page)
    first_card = page.locator(
        f'section[aria-label="Message list"] li:has(a[href="/inbox/all/{newest}"])'
    )
    expect(first_card.get_by_role("checkbox")).to_have_attribute("tabindex", "-1")
    _card_link(page, newest).focus()
    page.keyboard.press("Tab")
    expect(_card_link(page, second)).to_be_focused()


def test_the_widget_opens_with_focus_where_one_types_and_closes_with_escape(
    browser: Browser,
    host_page,  # noqa: F811
):
    visitor = visitor_context(browser).new_page()
    visitor.goto(host_page)
    launcher = visitor.get_by_role("button", name="Open chat")
    launcher.focus()
    visitor.keyboard.press("Enter")
    chat = visitor.frame_locator('iframe[title="Chat"]')
    expect(chat.get_by_role("textbox", name="Name")).to_be_focused()
    visitor.keyboard.type("Kim Keys")
    visitor.keyboard.press("Tab")
    visitor.keyboard.press("Tab")
    visitor.keyboard.press("Enter")  # Start chat
    message = chat.get_by_role("textbox", name="Type your message")
    expect(message).to_be_visible()

    visitor.keyboard.press("Escape")
    expect(visitor.locator('iframe[title="Chat"]')).to_be_hidden()
    expect(launcher).to_be_focused()
    expect(launcher).to_have_attribute("aria-expanded", "false")
    visitor.keyboard.press("Enter")
    expect(message).to_be_focused()
