"""Settings → Webhooks: an admin adds a webhook, a reply is sent, the delivery log shows it
answered 200, and Redeliver sends it again (to a real receiver on loopback)."""

import json
import time
import uuid

import pytest
from playwright.sync_api import Page, expect

from inbox_app.services.integrations.webhook_signing import verify
from inbox_app.services.integrations.webhooks import EVENTS
from tests.e2e.conftest import loaded, make_conversation, open_conversation, sign_in
from tests.webhook_receiver import start_receiver


@pytest.fixture()
def receiver():
    receiver, server = start_receiver()
    yield receiver
    server.shutdown()
    server.server_close()


def _open_webhooks(page: Page) -> None:
    page.goto("/settings")
    loaded(page)
    page.get_by_role("tab", name="Webhooks").click()


def _log_shows(page: Page, card, rows: int, timeout: float = 30.0) -> None:
    """The sender works in the background: refresh the log until it shows `rows` answers 200."""
    deadline = time.monotonic() + timeout
    done = card.get_by_role("row").filter(has_text="message.created").filter(has_text="200")
    while done.count() < rows:
        assert time.monotonic() < deadline, f"{rows} deliveries answered 200 did not show"
        page.get_by_role("button", name="Refresh log").click()
        page.wait_for_timeout(500)


def test_an_admin_adds_a_webhook_and_sees_a_reply_delivered_and_redelivered(
    page: Page, db, receiver
):
    made = make_conversation(db)
    sign_in(page)
    _open_webhooks(page)
    receiver.url += f"/{uuid.uuid4().hex[:6]}"  # this test's own card among others'
    page.get_by_role("textbox", name="URL").fill(receiver.url)
    for event in EVENTS[1:]:
        page.get_by_role("checkbox", name=event).uncheck()
    page.get_by_role("button", name="Add webhook").click()
    card = page.locator(".rt-Card").filter(has_text=receiver.url)
    secret_box = card.get_by_role("textbox", name="Secret")
    expect(secret_box).not_to_have_value("")
    secret = secret_box.input_value()
    assert secret.startswith("whsec_")

    box = open_conversation(page, made)
    text = f"Your parcel ships today {uuid.uuid4().hex[:6]}"
    box.fill(text)
    page.get_by_role("button", name="Send", exact=True).click()
    expect(page.get_by_role("log", name="Messages")).to_contain_text(text)

    _open_webhooks(page)
    card = page.locator(".rt-Card").filter(has_text=receiver.url)
    _log_shows(page, card, rows=1)
    [got] = receiver.received
    assert (
        got.event == "message.created" and json.loads(got.body)["data"]["message"]["body"] == text
    )
    assert verify(secret=secret, body=got.body, header=got.signature, now=int(time.time()))

    card.get_by_role("button", name="Redeliver").click()
    _log_shows(page, card, rows=2)
    assert len(receiver.received) == 2
    assert json.loads(receiver.received[1].body)["data"] == json.loads(got.body)["data"]
    card.get_by_role("button", name="Delete webhook").click()
    expect(page.locator(".rt-Card").filter(has_text=receiver.url)).to_have_count(0)
