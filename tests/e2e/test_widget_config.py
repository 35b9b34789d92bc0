"""The chat widget as a site owner sets it up: form rules, signed-in users, allowed sites, and
replies that wait for email when the visitor has left.

Host pages are served from 127.0.0.1 (another site than the inbox on localhost). Every test
puts the shared widget settings back, so the other widget tests see the defaults.
"""

import hashlib
import hmac
import re

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlmodel import select

from inbox_app.models.tables import Contact
from inbox_app.services.team.groups import create_group
from inbox_app.services.widget.config import (
    WidgetForm,
    allowed_origins,
    save_allowed_origins,
    save_widget_form,
)
from inbox_app.services.widget.identity import NOT_VERIFIED, site_secret
from inbox_app.state.widget_settings import WidgetSettingsState
from tests.e2e.conftest import (
    admin_view,
    make_agent,
    sign_in,
    static_site,
    unique,
    visitor_context,
)
from tests.e2e.test_socket_security import real_token_for, redirected_to, send_event
from tests.e2e.test_widget import say, start


@pytest.fixture(scope="module")
def site(base_url, tmp_path_factory):
    """A website on another origin; page(name, attributes) writes a page with the script tag."""
    folder = tmp_path_factory.mktemp("site2")
    with static_site(folder) as url:

        def page(name: str, attributes: str = "") -> str:
            (folder / name).write_text(
                "<!doctype html><title>Shop</title><h1>Our shop</h1>"
                f'<script async src="{base_url}/widget.js" {attributes}></script>'
            )
            return f"{url}/{name}"

        yield page


@pytest.fixture()
def defaults_after(db):
    yield
    admin = admin_view(db)
    save_widget_form(db, actor=admin, form=WidgetForm())
    save_allowed_origins(db, actor=admin, text="")


def chat_widget_settings(page: Page) -> None:
    page.goto("/settings")
    page.get_by_role("tab", name="Chat widget").click()


def open_chat(browser: Browser, url: str):
    visitor = visitor_context(browser).new_page()
    visitor.goto(url)
    visitor.get_by_role("button", name="Open chat").click()
    return visitor, visitor.frame_locator('iframe[title="Chat"]')


def test_a_form_with_email_required_refuses_to_start_without_it(
    page: Page, browser: Browser, site, base_url, defaults_after
):
    sign_in(page)
    chat_widget_settings(page)
    expect(page.get_by_label("Widget snippet")).to_contain_text(f'src="{base_url}/widget.js"')
    expect(page.get_by_label("Identify example")).to_contain_text(
        f'{base_url}/widget.js" data-user-id'
    )
    page.get_by_role("combobox", name="Name field").select_option("off")
    page.get_by_role("combobox", name="Email field").select_option("required")
    page.get_by_role("button", name="Save form").click()
    expect(page.get_by_text("Chat widget form saved")).to_be_visible()

    visitor, chat = open_chat(browser, site("form.html"))
    email = chat.get_by_role("textbox", name="Email")
    expect(email).to_have_attribute("required", "")
    expect(chat.get_by_role("textbox", name="Name")).to_be_hidden()
    chat.get_by_role("button", name="Start chat").click()
    expect(chat.get_by_role("button", name="Start chat")).to_be_visible()  # still the form
    expect(chat.get_by_role("textbox", name="Type your message")).to_be_hidden()
    email.fill("rita.required@example.net")
    chat.get_by_role("button", name="Start chat").click()
    say(chat, "Now with my email")
    expect(chat.get_by_role("log", name="Chat messages")).to_contain_text("Now with my email")
    visitor.context.close()


def test_a_signed_user_continues_their_history_in_a_new_browser(
    page: Page, browser: Browser, site, db
):
    sign_in(page)
    chat_widget_settings(page)
    page.get_by_role("button", name="Reveal secret").click()
    secret_box = page.get_by_role("textbox", name="Site secret")
    expect(secret_box).to_have_value(re.compile(r"^[0-9a-f]{64}$"))
    secret = secret_box.input_value()
    signature = hmac.new(secret.encode(), b"shop-user-1001", hashlib.sha256).hexdigest()
    url = site("account.html", f'data-user-id="shop-user-1001" data-user-hash="{signature}"')

    laptop, chat = open_chat(browser, url)
    start(chat, "Sigrid Signed", "sigrid@example.net")
    say(chat, "Where is order 1001?")
    expect(chat.get_by_role("log", name="Chat messages")).to_contain_text("Where is order 1001?")
    laptop.context.close()

    phone = visitor_context(browser).new_page()  # a new browser: nothing in its storage
    phone.goto(site("plain.html"))  # this page identifies through the JS API
    phone.wait_for_function("() => window.InboxChat")
    phone.evaluate(
        "([id, hash]) => InboxChat.identify({userId: id, userHash: hash})",
        ["shop-user-1001", signature],
    )
    phone.get_by_role("button", name="Open chat").click()
    chat = phone.frame_locator('iframe[title="Chat"]')
    expect(chat.get_by_role("log", name="Chat messages")).to_contain_text("Where is order 1001?")
    expect(chat.get_by_role("button", name="Start chat")).to_be_hidden()
    # signed out: the chat stays theirs, the next person on this browser starts afresh
    phone.evaluate("() => InboxChat.identify(null)")
    expect(chat.get_by_role("button", name="Start chat")).to_be_visible()
    expect(chat.locator("#log")).to_be_empty()
    phone.context.close()
    contact = db.exec(select(Contact).where(Contact.external_user_id == "shop-user-1001")).one()
    assert contact.name == "Sigrid Signed"


def test_a_wrong_signature_is_refused(browser: Browser, site, db):
    url = site("forged.html", f'data-user-id="shop-user-666" data-user-hash="{"ab" * 32}"')
    visitor, chat = open_chat(browser, url)
    expect(chat.get_by_role("alert")).to_have_text(NOT_VERIFIED)
    start(chat, "Mallory Forger", "mallory@example.net")
    expect(chat.get_by_role("alert")).to_have_text(NOT_VERIFIED)
    expect(chat.get_by_role("textbox", name="Type your message")).to_be_hidden()
    visitor.context.close()
    assert db.exec(select(Contact).where(Contact.name == "Mallory Forger")).first() is None


def test_a_reply_to_a_visitor_who_left_is_queued_for_email(page: Page, browser: Browser, site):
    visitor, chat = open_chat(browser, site("leaving.html"))
    start(chat, "Otto Offline", "otto@example.net")
    say(chat, "Please call me back")
    expect(chat.get_by_role("log", name="Chat messages")).to_contain_text("Please call me back")
    sign_in(page)
    page.goto("/inbox/unassigned")
    region = page.get_by_role("region", name="Message list")
    region.get_by_role("listitem").filter(has_text="Otto Offline").get_by_role("link").click()
    thread = page.get_by_role("log", name="Messages")
    page.get_by_role("textbox", name="Message").fill("Still here? Looking into it")
    page.get_by_role("button", name="Send", exact=True).click()
    expect(chat.get_by_role("log", name="Chat messages")).to_contain_text("Looking into it")
    expect(thread.get_by_role("article").filter(has_text="Looking into it")).not_to_contain_text(
        "Queued for email"
    )  # he was there and saw it

    visitor.goto("about:blank")  # he leaves the shop
    # The widget's leave beacon is sent as its frame goes. Nothing outside the server shows
    # that it arrived (Playwright does not see a request from a frame already detached, and
    # a widget call to ask would count as the visitor being back), so this waits a fixed time.
    visitor.wait_for_timeout(1500)
    visitor.context.close()
    page.get_by_role("textbox", name="Message").fill("We called, please ring back")
    page.get_by_role("button", name="Send", exact=True).click()
    # queued for email, and sent at once through the test's relay
    expect(thread.get_by_role("article").filter(has_text="please ring back")).to_contain_text(
        re.compile("Queued for email|Sent by email")
    )


def test_only_listed_sites_may_show_the_widget(
    page: Page, browser: Browser, site, base_url, defaults_after
):
    sign_in(page)
    chat_widget_settings(page)
    page.get_by_role("textbox", name="Allowed sites").fill("https://shop.example")
    page.get_by_role("button", name="Save sites").click()
    expect(page.get_by_text("Allowed sites saved")).to_be_visible()

    visitor = visitor_context(browser).new_page()
    visitor.goto(site("elsewhere.html"))
    visitor.wait_for_function(  # this site's calls are refused once every worker has the list
        "url => fetch(url).then(r => r.status === 403)",
        arg=f"{base_url}/api/widget/config",
        polling=300,
    )
    with visitor.expect_console_message(lambda m: "frame-ancestors" in m.text):
        visitor.reload()  # the panel loads (hidden) with the page, for Visitors online

    page.get_by_role("textbox", name="Allowed sites").fill("")
    page.get_by_role("button", name="Save sites").click()
    visitor.wait_for_function(  # any site again: the API answers this one once the list is saved
        "url => fetch(url).then(r => r.status === 200)",
        arg=f"{base_url}/api/widget/config",
        polling=300,
    )
    visitor.reload()
    visitor.get_by_role("button", name="Open chat").click()
    chat = visitor.frame_locator('iframe[title="Chat"]')
    expect(chat.get_by_role("button", name="Start chat")).to_be_visible()
    visitor.context.close()


def test_visitors_choose_among_the_groups_the_admin_offers(
    page: Page, browser: Browser, site, defaults_after, db
):
    group = create_group(db, actor=admin_view(db), name=unique("Support"))
    create_group(db, actor=admin_view(db), name=unique("Sales"))  # not offered
    sign_in(page)
    chat_widget_settings(page)
    page.get_by_role("checkbox", name="Visitors choose a group").check()
    page.get_by_role("checkbox", name=f"Offer {group.name}").check()
    page.get_by_role("button", name="Save form").click()
    expect(page.get_by_text("Chat widget form saved")).to_be_visible()

    visitor, chat = open_chat(browser, site("groups.html"))
    team = chat.get_by_role("combobox", name="Team")
    expect(team.get_by_role("option")).to_have_text(["Anyone", group.name])
    team.select_option(label=group.name)
    start(chat, "Greta Grouped", "greta@example.net")
    say(chat, "My router blinks red")
    expect(chat.get_by_role("log", name="Chat messages")).to_contain_text("My router blinks red")
    visitor.context.close()
    page.goto(f"/inbox/group-{group.id}")
    expect(
        page.get_by_role("region", name="Message list")
        .get_by_role("listitem")
        .filter(has_text="Greta Grouped")
    ).to_be_visible()


def test_an_agent_cannot_read_or_change_the_site_secret_or_sites(base_url, server_env, db):
    secret = site_secret(db)
    state = WidgetSettingsState.get_full_name()
    ben = make_agent(db, "Ben")
    as_ben = real_token_for(server_env, ben.id)
    for handler, payload in (
        ("reveal_secret", {}),
        ("regenerate_secret", {}),
        ("save_origins", {"form_data": {"origins": "https://evil.example"}}),
    ):
        replies = send_event(
            base_url,
            f"{state}.{handler}",
            payload,
            stored_token=as_ben,
            page="/settings",
            answered=redirected_to("/inbox/mine"),
        )
        assert not any(secret in reply for reply in replies)
    db.expire_all()
    assert site_secret(db) == secret
    assert allowed_origins(db) == []
    as_admin = real_token_for(server_env, admin_view(db).id)  # control: the admin does get it
    replies = send_event(
        base_url, f"{state}.reveal_secret", {}, stored_token=as_admin, page="/settings"
    )
    assert any(secret in reply for reply in replies)
