"""Through the widget's API: the chat's start records the browser, later calls move last seen."""

from datetime import timedelta

import pytest

from inbox_app.api import widget_guards, widget_seen
from inbox_app.models.tables import Contact, Conversation, utcnow
from tests.integration.api.test_attachments import settings  # noqa: F401  (fixture)
from tests.integration.api.test_widget_api import api_client, conversation_of, started

CHROME = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)
SAFARI_IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1"
)


@pytest.fixture()
def client(engine, settings, monkeypatch):  # noqa: F811
    monkeypatch.setattr(widget_seen, "_touched", {})
    widget_guards.reset()
    with api_client(engine, settings) as test_client:
        test_client.headers["User-Agent"] = CHROME
        yield test_client
    widget_guards.reset()


def contact_of(session, settings, headers) -> Contact:  # noqa: F811
    session.expire_all()
    conversation = session.get(Conversation, conversation_of(headers, settings))
    return session.get(Contact, conversation.contact_id)


def seen_long_ago(session, contact: Contact) -> None:
    contact.last_seen_at = utcnow() - timedelta(days=3)
    session.add(contact)
    session.commit()


def test_the_start_records_browser_and_system(client, session, settings):  # noqa: F811
    contact = contact_of(session, settings, started(client))
    assert (contact.browser, contact.operating_system) == ("Chrome 131", "Windows 10")


def test_a_later_poll_moves_last_seen_and_notes_the_new_device(client, session, settings):  # noqa: F811
    me = started(client)
    seen_long_ago(session, contact_of(session, settings, me))
    before = utcnow()
    answer = client.get("/api/widget/messages", headers={**me, "User-Agent": SAFARI_IPHONE})
    assert answer.status_code == 200
    contact = contact_of(session, settings, me)
    assert contact.last_seen_at.replace(tzinfo=before.tzinfo) >= before - timedelta(seconds=1)
    assert (contact.browser, contact.operating_system) == ("Mobile Safari 17", "iOS 17")


def test_a_heartbeat_in_a_chat_counts_and_the_next_minute_is_not_written(
    client,
    session,
    settings,  # noqa: F811
):
    me = started(client)
    assert (
        client.post(
            "/api/widget/heartbeat", json={"url": "https://shop.example/"}, headers=me
        ).status_code
        == 200
    )
    contact = contact_of(session, settings, me)  # the start wrote it this minute: nothing to do
    seen_long_ago(session, contact)
    assert client.post("/api/widget/heartbeat", json={}, headers=me).status_code == 200
    assert contact_of(session, settings, me).last_seen_at.replace(tzinfo=None) < (
        utcnow() - timedelta(days=2)
    ).replace(tzinfo=None)  # this worker touched it a moment ago: the hot path did not write
    widget_seen._touched.clear()  # a minute later, as far as this worker knows
    assert client.post("/api/widget/heartbeat", json={}, headers=me).status_code == 200
    moved = contact_of(session, settings, me).last_seen_at.replace(tzinfo=None)
    assert moved > (utcnow() - timedelta(minutes=1)).replace(tzinfo=None)
