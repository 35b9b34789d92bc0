"""The widget's live side as people use it: typing both ways, files, Visitors online.

The host pages are served from 127.0.0.1 while the inbox runs on localhost: another site.
"""

import http.client
import http.server
import json
import re
import urllib.request
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import sign_in, static_site, visitor_context
from tests.e2e.test_composer import PNG
from tests.e2e.test_widget import say, start

PAGES = {"typing": "Typing shop", "files": "Files shop", "proactive": "Proactive shop"}


@pytest.fixture(scope="module")
def site(base_url, tmp_path_factory) -> str:
    folder = tmp_path_factory.mktemp("live-site")
    for name, title in PAGES.items():
        (folder / f"{name}.html").write_text(
            f'<!doctype html><title>{title}</title><h1>{title}</h1><script async src="{base_url}/widget.js"></script>'
        )
    with static_site(folder) as url:
        yield url


def visit(browser: Browser, url: str, *, open_chat: bool = True):
    visitor = visitor_context(browser).new_page()
    visitor.set_default_timeout(15_000)
    visitor.goto(url)
    if open_chat:
        visitor.get_by_role("button", name="Open chat").click()
    return visitor, visitor.frame_locator('iframe[title="Chat"]')


def refused_before_the_body(base_url: str, token: str) -> tuple[int, dict]:
    """Announce 10 MB + 1 byte and send none of it: the answer comes from the headers alone."""
    parts = urlsplit(base_url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    connection.putrequest("POST", "/api/widget/attachments")
    for name, value in {
        "Authorization": f"Bearer {token}",
        "X-Filename": "video.bin",
        "Content-Length": str(10 * 1024 * 1024 + 1),
    }.items():
        connection.putheader(name, value)
    connection.endheaders()
    response = connection.getresponse()
    answer = (response.status, json.loads(response.read()))
    connection.close()
    return answer


def open_card(page: Page, name: str) -> None:
    page.goto("/inbox/unassigned")
    region = page.get_by_role("region", name="Message list")
    region.get_by_role("listitem").filter(has_text=name).get_by_role("link").click()
    expect(page.get_by_role("region", name="Conversation")).to_contain_text(name)


def typing_line(base_url: str, token: str) -> str:
    """The typing line the server has for this visitor's widget now (no waiting, no messages)."""
    request = urllib.request.Request(
        f"{base_url}/api/widget/updates?after=999999999&wait=0",
        headers={"Authorization": f"Bearer {token}"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)["typing"]


def test_typing_shows_both_ways_but_never_for_comments(
    page: Page, browser: Browser, site, base_url
):
    sign_in(page)
    visitor, chat = visit(browser, f"{site}/typing.html")
    start(chat, "Tina Typist")
    say(chat, "Hello there")
    open_card(page, "Tina Typist")
    window = page.get_by_role("region", name="Conversation")

    chat.get_by_role("textbox", name="Type your message").press_sequentially("Do you ship")
    expect(window).to_contain_text("Tina Typist is typing…")
    chat.get_by_role("button", name="Send", exact=True).click()
    expect(window.get_by_role("log", name="Messages")).to_contain_text("Do you ship")
    expect(window).not_to_contain_text("Tina Typist is typing…")

    widget_typing = chat.get_by_text(re.compile("is typing…"))
    page.get_by_role("tab", name="Comment").click()
    page.get_by_role("textbox", name="Message").press_sequentially("check stock first")
    page.get_by_role("textbox", name="Message").press("Enter")
    # A tab's events run in order: once the comment is in, its keystrokes' notice has been
    # handled too, and the server tells the widget that nobody is typing.
    expect(window.get_by_role("log", name="Messages")).to_contain_text("check stock first")
    token = visitor.evaluate("() => localStorage.getItem('inbox_chat_token')")
    assert typing_line(base_url, token) == ""
    expect(widget_typing).to_have_count(0)
    page.get_by_role("tab", name="Reply").click()
    # typed at a person's pace: keystrokes reach the server at most every two seconds
    page.get_by_role("textbox", name="Message").press_sequentially("Yes, worldwide", delay=200)
    expect(chat.get_by_text("Admin is typing…")).to_be_visible()
    page.get_by_role("button", name="Send", exact=True).click()
    expect(chat.get_by_role("log", name="Chat messages")).to_contain_text("Yes, worldwide")
    expect(widget_typing).to_have_count(0)
    visitor.context.close()


def test_visitor_files_reach_the_agent_and_oversized_ones_are_refused(
    page: Page, browser: Browser, site, base_url
):
    visitor, chat = visit(browser, f"{site}/files.html")
    start(chat, "Fiona Files")
    say(chat, "Here is my receipt")
    with visitor.expect_file_chooser() as chooser:
        chat.get_by_role("button", name="Attach a file").click()
    chooser.value.set_files([{"name": "receipt.png", "mimeType": "image/png", "buffer": PNG}])
    log = chat.get_by_role("log", name="Chat messages")
    expect(log.get_by_role("img", name="receipt.png")).to_be_visible()

    with visitor.expect_file_chooser() as chooser:
        chat.get_by_role("button", name="Attach a file").click()
    big = {
        "name": "video.bin",
        "mimeType": "application/octet-stream",
        "buffer": b"x" * (10 * 1024 * 1024 + 1),
    }
    chooser.value.set_files([big])
    expect(chat.get_by_role("alert")).to_have_text("Each file can be at most 10 MB.")
    token = visitor.evaluate("() => localStorage.getItem('inbox_chat_token')")
    assert refused_before_the_body(base_url, token) == (
        413,
        {"detail": "Each file can be at most 10 MB."},
    )

    sign_in(page)
    open_card(page, "Fiona Files")
    thread = page.get_by_role("log", name="Messages")
    expect(thread.get_by_role("img", name="receipt.png")).to_be_visible()
    expect(thread).not_to_contain_text("video.bin")
    page.locator("#composer-file-input").set_input_files(
        [{"name": "invoice.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 test"}]
    )
    expect(page.get_by_role("list", name="Files to send")).to_contain_text("invoice.pdf")
    page.get_by_role("textbox", name="Message").fill("Your invoice")
    page.get_by_role("button", name="Send", exact=True).click()
    link = log.get_by_role("link", name=re.compile("invoice.pdf"))
    expect(link).to_be_visible()
    assert visitor.request.get(base_url + link.get_attribute("href")).body() == b"%PDF-1.4 test"
    visitor.context.close()


def test_visitor_online_gets_a_proactive_chat_that_opens_the_widget(
    page: Page, browser: Browser, site
):
    sign_in(page)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Visitors online").click()
    expect(page.get_by_role("heading", name="Visitors online")).to_be_visible()
    visitor, chat = visit(browser, f"{site}/proactive.html", open_chat=False)
    row = page.get_by_role("listitem").filter(has_text="Proactive shop")  # appears live
    expect(row).to_contain_text("New")
    row.get_by_role("button", name="Start chat").click()
    page.get_by_role("textbox", name="Message").fill("Hi! Looking for anything special?")
    page.get_by_role("dialog").get_by_role("button", name="Send", exact=True).click()
    expect(page).to_have_url(re.compile(r"/inbox/mine/\d+$"))

    log = chat.get_by_role("log", name="Chat messages")
    expect(log).to_contain_text("Hi! Looking for anything special?")  # the panel opened itself
    expect(visitor.get_by_role("button", name="Open chat")).to_have_attribute(
        "aria-expanded", "true"
    )
    say(chat, "Yes, red shoes")
    thread = page.get_by_role("region", name="Conversation").get_by_role("log", name="Messages")
    expect(thread).to_contain_text("Yes, red shoes")
    visitor.context.close()
