"""The widget's live extras on a migrated SQLite: typing both ways, files, visitors online."""

# ruff: noqa: F811  (pytest fixtures imported from the other widget tests)

from datetime import timedelta
from urllib.parse import urlparse

import pytest
from sqlmodel import func, select

from inbox_app.api import widget_guards
from inbox_app.models.enums import MessageKind
from inbox_app.models.tables import Attachment, Message, utcnow
from inbox_app.realtime import activity
from inbox_app.realtime.widget import invitations as visitor_invitations
from inbox_app.realtime.widget import online as visitors_online
from inbox_app.realtime.widget import typing_status as widget_typing
from inbox_app.services.attachments.records import link_to_message, record_upload
from inbox_app.services.attachments.storage import write_chunks
from inbox_app.services.conversations.messages import post_agent_message
from inbox_app.services.widget.start import start_proactive_chat
from inbox_app.widget_signing import issue_visitor_id, read_visitor_id
from tests.integration.api.test_attachments import settings  # noqa: F401  (fixture)
from tests.integration.api.test_widget_api import client, conversation_of, started  # noqa: F401
from tests.integration.conftest import NOW

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100


@pytest.fixture(autouse=True)
def fresh_registries():
    widget_guards.reset()
    widget_typing.reset()
    visitors_online.reset()
    yield
    widget_typing.reset()
    visitors_online.reset()


def updates(client, me, **query) -> dict:
    response = client.get("/api/widget/updates", params=query, headers=me)
    assert response.status_code == 200
    return response.json()


def test_visitor_typing_reaches_the_agents_labels_and_stops(client, settings):
    me = started(client)
    key = str(conversation_of(me, settings))
    assert client.post("/api/widget/typing", json={"typing": True}, headers=me).status_code == 204
    assert activity.labels(viewer_agent_id=1)[key] == "Vera is typing…"
    client.post("/api/widget/typing", json={"typing": False}, headers=me)
    assert key not in activity.labels(viewer_agent_id=1)
    assert client.post("/api/widget/typing", json={"typing": True}).status_code == 401


def test_agent_typing_shows_in_the_widget_until_it_runs_out(client, settings, monkeypatch):
    me = started(client)
    conversation_id = conversation_of(me, settings)
    assert updates(client, me)["typing"] == ""
    widget_typing.agent_typing(conversation_id=conversation_id, agent_name="Anna")
    assert updates(client, me, wait=5)["typing"] == "Anna is typing…"  # differs: no wait
    widget_typing.agent_stopped(conversation_id=conversation_id, agent_name="Anna")
    assert updates(client, me, typing="Anna is typing…")["typing"] == ""
    monkeypatch.setattr(widget_typing, "TYPING_SECONDS", 0.0)  # runs out at once
    widget_typing.agent_typing(conversation_id=conversation_id, agent_name="Ben")
    assert widget_typing.expire() == (False, [conversation_id])
    assert widget_typing.agent_label(conversation_id) == ""


def upload(client, me, data: bytes, name: str = "photo.png", key: str | None = None):
    headers = {**me, "X-Filename": name} | ({"X-Idempotency-Key": key} if key else {})
    return client.post("/api/widget/attachments", content=data, headers=headers)


def test_a_visitor_file_becomes_an_incoming_message_agents_and_visitor_see(
    client, session, settings
):
    me = started(client)
    assert upload(client, me, PNG, name="..%2Fevil.html").status_code == 201
    row = session.exec(select(Attachment)).one()
    assert (row.filename, row.content_type) == ("evil.html.png", "image/png")  # bytes decide
    message = session.get(Message, row.message_id)
    assert message.kind is MessageKind.incoming and message.body == ""
    shown = updates(client, me)["messages"]
    [file] = shown[0]["attachments"]
    assert file["is_image"] and file["filename"] == "evil.html.png"
    download = client.get(file["url"])
    assert download.status_code == 200 and download.content == PNG
    assert download.headers["x-content-type-options"] == "nosniff"


def test_a_retried_upload_is_stored_once(client, session):
    me = started(client)
    for _ in range(2):
        assert upload(client, me, b"hello", name="a.txt", key="file-1").status_code == 201
    assert session.exec(select(func.count()).select_from(Attachment)).one() == 1


def test_files_over_10_mb_are_refused_before_reading(client, session, settings):
    me = started(client)
    refused = upload(client, me, b"x" * (10 * 1024 * 1024 + 1), name="big.bin")
    assert refused.status_code == 413
    assert refused.json() == {"detail": "Each file can be at most 10 MB."}
    assert session.exec(select(func.count()).select_from(Message)).one() == 0
    assert not settings.upload_dir.exists() or not list(settings.upload_dir.glob("*/*"))


def test_visitors_read_only_their_own_visible_files(client, session, team, settings):
    vera, sam = started(client), started(client, name="Sam", email="sam@example.net")
    upload(client, vera, PNG)
    url = updates(client, vera)["messages"][0]["attachments"][0]["url"]
    assert updates(client, sam)["messages"] == []
    sam_id = conversation_of(sam, settings)
    forged = url.replace(f"c={conversation_of(vera, settings)}", f"c={sam_id}")
    assert client.get(forged).status_code == 403
    # a file on an agent's comment is never served to the widget, even with a valid link
    vera_id = conversation_of(vera, settings)
    stored = write_chunks(upload_dir=settings.upload_dir, chunks=[b"secret"])
    view = record_upload(
        session,
        agent_id=team["anna"].id,
        conversation_id=vera_id,
        filename="n.txt",
        size=stored.size,
        storage_key=stored.storage_key,
        head=stored.head,
        now=NOW,
    )
    note = post_agent_message(
        session,
        agent_id=team["anna"].id,
        conversation_id=vera_id,
        kind=MessageKind.comment,
        body="internal",
        now=NOW,
        with_files=True,
    )
    link_to_message(
        session,
        agent_id=team["anna"].id,
        conversation_id=vera_id,
        attachment_ids=[view.id],
        message_id=note.id,
    )
    note_url = url.replace(f"/files/{urlparse(url).path.rsplit('/', 1)[1]}", f"/files/{view.id}")
    assert client.get(note_url).status_code in (403, 404)
    assert all(not m["attachments"] or m["mine"] for m in updates(client, vera)["messages"])


def test_heartbeats_list_visitors_and_an_invitation_opens_a_chat(client, session, team, settings):
    first = client.post(
        "/api/widget/heartbeat",
        json={"url": "https://shop.example/a", "title": "Shoes", "language": "de-DE"},
    ).json()["visitor"]
    again = client.post(
        "/api/widget/heartbeat",
        json={"visitor": first, "url": "https://shop.example/b", "title": "Boots"},
    ).json()["visitor"]
    assert again == first
    [visitor] = visitors_online.online(now=utcnow())
    assert (visitor.page_title, visitor.returning) == ("Boots", False)
    forged = client.post("/api/widget/heartbeat", json={"visitor": first[:-1] + "x"}).json()
    assert forged["visitor"] != first  # a forged id is replaced, never trusted
    assert client.get("/api/widget/invitation", params={"visitor": "nope"}).status_code == 401
    conversation_id, created = start_proactive_chat(
        session,
        actor=team["anna"],
        body="Can I help?",
        language=visitor.language,
        page_url=visitor.page_url,
        first_seen=visitor.first_seen,
        existing_conversation_id=None,
        now=NOW,
    )
    assert created
    visitor_invitations.offer(visitor_id=visitor.visitor_id, conversation_id=conversation_id)
    token = client.get("/api/widget/invitation", params={"visitor": first}).json()["token"]
    me = {"Authorization": f"Bearer {token}"}
    [greeting] = updates(client, me)["messages"]
    assert (greeting["author"], greeting["mine"]) == ("Anna", False)
    assert (
        client.post("/api/widget/messages", json={"body": "Yes please"}, headers=me).status_code
        == 201
    )
    assert start_proactive_chat(
        session,
        actor=team["anna"],
        body="More?",
        language="",
        page_url="",
        first_seen=NOW,
        existing_conversation_id=conversation_id,
        now=NOW,
    ) == (conversation_id, False)


def test_visitor_ids_are_signed_and_tell_returning_visitors(settings):
    signed = issue_visitor_id(secret=settings.jwt_secret, now=NOW)
    random_part, first_seen = read_visitor_id(signed=signed, secret=settings.jwt_secret)
    assert first_seen == NOW and read_visitor_id(signed=signed, secret="other" * 10) is None
    visitors_online.beat(
        visitor_id=random_part,
        page_url="/",
        page_title="",
        language="",
        first_seen=NOW - timedelta(days=2),
        conversation_id=None,
        now=NOW,
    )
    assert visitors_online.online(now=NOW)[0].returning
    assert visitors_online.prune(now=NOW + timedelta(seconds=61))
    assert visitors_online.online(now=NOW + timedelta(seconds=61)) == []


def test_typing_never_uses_up_the_visitors_message_budget(client):
    me = started(client)
    for _ in range(70):  # past both the typing budget (60) and the message budget (30) a minute
        assert (
            client.post("/api/widget/typing", json={"typing": True}, headers=me).status_code == 204
        )
    assert (
        client.post("/api/widget/messages", json={"body": "still here"}, headers=me).status_code
        == 201
    )


def test_a_chats_files_have_a_quota_and_the_disk_keeps_a_reserve(client, settings, monkeypatch):
    from inbox_app.services.attachments import storage as attachment_storage
    from inbox_app.services.widget import uploads as visitor_files

    me = started(client)
    monkeypatch.setattr(visitor_files, "CONVERSATION_QUOTA_BYTES", 20)
    assert upload(client, me, b"0123456789", name="a.txt").status_code == 201
    assert upload(client, me, b"0123456789", name="b.txt").status_code == 201
    over = upload(client, me, b"x", name="c.txt")
    assert over.status_code == 413 and "limit for files" in over.json()["detail"]
    monkeypatch.setattr(visitor_files, "CONVERSATION_QUOTA_BYTES", 10**9)
    monkeypatch.setattr(attachment_storage, "MIN_FREE_BYTES", 10**18)  # no disk is that big
    full = upload(client, me, b"x", name="d.txt")
    assert full.status_code == 507


def test_a_reply_stored_while_the_long_poll_reads_still_wakes_it(
    client, session, team, settings, monkeypatch
):
    """The wake-up comes between the poll's read (nothing new) and its wait: the widget must
    get the reply now, not a long-poll (25 s) later."""
    import anyio

    from inbox_app.api import widget_live
    from inbox_app.realtime.transport import redis_link
    from inbox_app.realtime.widget import waits as visitor_waits

    me = started(client)
    conversation_id = conversation_of(me, settings)
    read = widget_live.thread_with_files
    replies: list[int] = []

    def read_then_a_reply_lands(*args, **kwargs):
        found = read(*args, **kwargs)
        if not replies:
            stored = post_agent_message(
                session,
                agent_id=team["anna"].id,
                conversation_id=conversation_id,
                kind=MessageKind.reply,
                body="Here it is",
                now=utcnow(),
            )
            replies.append(stored.id)
            anyio.from_thread.run_sync(visitor_waits.wake, conversation_id)
        return found

    assert updates(client, me)["messages"] == []
    monkeypatch.setattr(widget_live, "thread_with_files", read_then_a_reply_lands)
    # the wake-up as this worker gets it (with Redis it comes back through bus.listen, which
    # runs in the app's lifespan, not in this test's client)
    monkeypatch.setattr(redis_link, "enabled", lambda: False)
    shown = updates(client, me, wait=3)["messages"]
    assert [m["id"] for m in shown] == replies
    assert "Here it is" in shown[0]["body_html"]
