"""Attachment upload and download over HTTP, against a migrated SQLite and a temporary disk."""

import asyncio
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import timedelta
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, func, select

from inbox_app.api.app import create_api
from inbox_app.api.deps import get_app_settings, get_db_session, get_session_factory
from inbox_app.models.enums import MessageKind
from inbox_app.models.tables import Agent, Attachment, utcnow
from inbox_app.security import issue_token, signed_url
from inbox_app.services.attachments.records import (
    AttachmentError,
    attachments_of,
    check_linkable,
    link_to_message,
    purge_unsent,
)
from inbox_app.services.attachments.storage import (
    MAX_ATTACHMENT_BYTES,
    AttachmentTooLarge,
    delete_stored_files,
    open_path,
    write_stream,
)
from inbox_app.services.conversations.messages import post_agent_message
from inbox_app.settings import Settings
from tests.integration.conftest import NOW, make_conversation

SECRET = "integration-test-secret"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 50
TOO_LARGE = {"detail": "Each file can be at most 10 MB."}


@pytest.fixture()
def settings(tmp_path, engine) -> Settings:
    return Settings(
        port=3000,
        data_dir=tmp_path / "data",
        database_url=str(engine.url),
        redis_url=None,
        admin_email=None,
        admin_password=None,
        demo=False,
        missed_after_seconds=30,
        jwt_secret=SECRET,
    )


@pytest.fixture()
def client(engine, settings):
    api = create_api()

    @contextmanager
    def sessions():
        with Session(engine, expire_on_commit=False) as session:
            yield session

    def db_session():
        with sessions() as session:
            yield session

    api.dependency_overrides[get_db_session] = db_session
    api.dependency_overrides[get_session_factory] = lambda: sessions
    api.dependency_overrides[get_app_settings] = lambda: settings
    with TestClient(api) as test_client:
        yield test_client


def bearer(agent_id: int, secret: str = SECRET) -> dict[str, str]:
    token = issue_token(agent_id=agent_id, secret=secret, lifetime=timedelta(minutes=5))
    return {"Authorization": f"Bearer {token}"}


def upload(client, conversation_id, body, *, agent_id=None, filename="notes.txt", headers=None):
    sent = {"X-Filename": quote(filename)}
    sent |= bearer(agent_id) if agent_id is not None else {}
    sent |= headers or {}
    return client.post(
        f"/api/conversations/{conversation_id}/attachments", content=body, headers=sent
    )


def stored_files(settings) -> list:
    return [path for path in settings.upload_dir.rglob("*") if path.is_file()]


def count_attachments(session) -> int:
    return session.exec(select(func.count()).select_from(Attachment)).one()


def download(client, attachment_id, agent_id, *, now=None):
    url = signed_url(
        attachment_id=attachment_id, agent_id=agent_id, secret=SECRET, now=now or utcnow()
    )
    return client.get(url)


def test_upload_stores_the_file_and_returns_the_view(client, session, team, settings):
    conversation = make_conversation(session)
    response = upload(client, conversation.id, PNG, agent_id=team["anna"].id, filename="Plan é.png")
    assert response.status_code == 201
    body = response.json()
    assert body == {
        "id": body["id"],
        "filename": "Plan é.png",
        "size": len(PNG),
        "is_image": True,
        "url": "",
    }
    row = session.get(Attachment, body["id"])
    assert (row.message_id, row.uploader_agent_id, row.content_type) == (
        None,
        team["anna"].id,
        "image/png",
    )
    path = open_path(upload_dir=settings.upload_dir, storage_key=row.storage_key)
    assert path.read_bytes() == PNG
    assert path.parent.name == row.storage_key[:2]


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer not-a-token"}, {"Authorization": "Basic YWJjOmRlZg=="}],
)
def test_without_a_valid_token_nothing_is_stored(client, session, team, settings, headers):
    conversation = make_conversation(session)
    assert upload(client, conversation.id, PNG, headers=headers).status_code == 401
    forged = bearer(team["anna"].id, secret="someone-elses-secret")
    assert upload(client, conversation.id, PNG, headers=forged).status_code == 401
    assert count_attachments(session) == 0
    assert stored_files(settings) == []


def test_a_deactivated_agent_cannot_upload(client, session, team, settings):
    conversation = make_conversation(session)
    agent = session.get(Agent, team["ben"].id)
    agent.is_active = False
    session.add(agent)
    session.commit()
    assert upload(client, conversation.id, PNG, agent_id=team["ben"].id).status_code == 401
    assert stored_files(settings) == []


@pytest.mark.parametrize("headers", [{}, {"Content-Length": "100"}], ids=["none", "lying"])
def test_one_byte_over_the_limit_is_refused_and_leaves_nothing(
    client, session, team, settings, headers
):
    conversation = make_conversation(session)

    def streamed():  # no Content-Length: the limit is checked while reading
        yield b"\x00" * MAX_ATTACHMENT_BYTES
        yield b"\x00"

    response = upload(
        client, conversation.id, streamed(), agent_id=team["anna"].id, headers=headers
    )
    assert (response.status_code, response.json()) == (413, TOO_LARGE)
    assert count_attachments(session) == 0
    assert stored_files(settings) == []


def test_exactly_ten_megabytes_is_accepted(client, session, team):
    conversation = make_conversation(session)
    body = b"\x00" * MAX_ATTACHMENT_BYTES
    response = upload(client, conversation.id, body, agent_id=team["anna"].id)
    assert (response.status_code, response.json()["size"]) == (201, MAX_ATTACHMENT_BYTES)


def test_a_declared_huge_body_is_refused_before_reading(client, session, team, settings):
    conversation = make_conversation(session)
    read = []

    def body():
        read.append(True)
        yield b"\x00" * 1024

    headers = {"Content-Length": str(50 * 1024 * 1024)}
    response = upload(client, conversation.id, body(), agent_id=team["anna"].id, headers=headers)
    assert (response.status_code, response.json()) == (413, TOO_LARGE)
    assert read == []
    assert stored_files(settings) == []


def test_a_stream_past_the_limit_leaves_no_partial_file(tmp_path):
    async def chunks():
        for _ in range(11):
            yield b"\x00" * (1024 * 1024)

    # A loop of its own in a thread: the test must not depend on whether one already runs here.
    with ThreadPoolExecutor(1) as pool, pytest.raises(AttachmentTooLarge):
        pool.submit(asyncio.run, write_stream(upload_dir=tmp_path, chunks=chunks())).result()
    assert [path for path in tmp_path.rglob("*") if path.is_file()] == []


def test_uploads_to_missing_or_deleted_conversations_are_refused(client, session, team, settings):
    conversation = make_conversation(session)
    conversation.deleted_at = NOW
    session.add(conversation)
    session.commit()
    for conversation_id in (conversation.id, 999_999):
        response = upload(client, conversation_id, PNG, agent_id=team["anna"].id)
        assert response.status_code == 404
    assert stored_files(settings) == []


def test_download_with_a_good_signature_serves_the_bytes_safely(client, session, team):
    conversation = make_conversation(session)
    image = upload(client, conversation.id, PNG, agent_id=team["anna"].id, filename="a b.png")
    response = download(client, image.json()["id"], team["ben"].id)
    assert response.status_code == 200
    assert response.content == PNG
    assert response.headers["content-type"] == "image/png"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["content-security-policy"] == "default-src 'none'; sandbox"
    assert response.headers["cache-control"] == "private, max-age=3600"
    assert response.headers["content-disposition"] == "inline; filename*=UTF-8''a%20b.png"


def test_html_named_like_an_image_is_served_as_a_download(client, session, team):
    conversation = make_conversation(session)
    page = b"<!DOCTYPE html><script>alert(document.cookie)</script>"
    uploaded = upload(client, conversation.id, page, agent_id=team["anna"].id, filename="x.png")
    assert uploaded.json()["is_image"] is False
    response = download(client, uploaded.json()["id"], team["anna"].id)
    assert response.content == page
    assert response.headers["content-type"] == "application/octet-stream"
    assert response.headers["content-disposition"] == "attachment; filename*=UTF-8''x.png"
    assert response.headers["x-content-type-options"] == "nosniff"


def test_traversal_filenames_are_cleaned(client, session, team, settings):
    conversation = make_conversation(session)
    response = upload(
        client, conversation.id, b"data", agent_id=team["anna"].id, filename="../../../etc/.passwd"
    )
    assert response.json()["filename"] == "passwd"
    assert [path.parent.parent for path in stored_files(settings)] == [settings.upload_dir]


def test_bad_or_expired_signatures_are_refused(client, session, team):
    conversation = make_conversation(session)
    attachment_id = upload(client, conversation.id, PNG, agent_id=team["anna"].id).json()["id"]
    url = signed_url(
        attachment_id=attachment_id, agent_id=team["anna"].id, secret=SECRET, now=utcnow()
    )
    assert client.get(url.replace("sig=", "sig=0")).status_code == 403
    assert client.get(url.replace(f"a={team['anna'].id}", f"a={team['ben'].id}")).status_code == 403
    assert client.get(f"/api/attachments/{attachment_id}").status_code == 403
    expired = download(client, attachment_id, team["anna"].id, now=utcnow() - timedelta(hours=2))
    assert expired.status_code == 403
    forged = signed_url(attachment_id=attachment_id, agent_id=1, secret="guess", now=utcnow())
    assert client.get(forged).status_code == 403
    assert download(client, 999_999, team["anna"].id).status_code == 404


def test_links_of_a_deactivated_agent_stop_working(client, session, team):
    conversation = make_conversation(session)
    attachment_id = upload(client, conversation.id, PNG, agent_id=team["anna"].id).json()["id"]
    agent = session.get(Agent, team["ben"].id)
    agent.is_active = False
    session.add(agent)
    session.commit()
    assert download(client, attachment_id, team["ben"].id).status_code == 403


def _reply(session, *, agent_id, conversation_id):
    return post_agent_message(
        session,
        agent_id=agent_id,
        conversation_id=conversation_id,
        kind=MessageKind.reply,
        body="See attached",
        now=NOW,
    )


def test_linking_attaches_own_unsent_uploads_only(client, session, team):
    conversation = make_conversation(session)
    anna, ben = team["anna"].id, team["ben"].id
    mine = upload(client, conversation.id, PNG, agent_id=anna).json()["id"]
    theirs = upload(client, conversation.id, b"x", agent_id=ben).json()["id"]
    message = _reply(session, agent_id=anna, conversation_id=conversation.id)
    link = {"agent_id": anna, "conversation_id": conversation.id, "message_id": message.id}
    with pytest.raises(AttachmentError):
        link_to_message(session, attachment_ids=[mine, theirs], **link)
    with pytest.raises(AttachmentError):
        check_linkable(
            session, agent_id=anna, conversation_id=conversation.id, attachment_ids=[theirs]
        )
    session.expire_all()
    assert session.get(Attachment, mine).message_id is None  # all or nothing
    link_to_message(session, attachment_ids=[mine], **link)
    found = attachments_of(session, message_ids=[message.id, 12345])
    assert [view.id for view in found[message.id]] == [mine]
    assert found[12345] == []
    with pytest.raises(AttachmentError):  # already sent
        link_to_message(session, attachment_ids=[mine], **link)


def test_uploads_from_another_conversation_cannot_be_linked(client, session, team):
    first, second = make_conversation(session), make_conversation(session, name="Omar")
    anna = team["anna"].id
    upload_id = upload(client, first.id, PNG, agent_id=anna).json()["id"]
    message = _reply(session, agent_id=anna, conversation_id=second.id)
    with pytest.raises(AttachmentError):
        link_to_message(
            session,
            agent_id=anna,
            conversation_id=second.id,
            attachment_ids=[upload_id],
            message_id=message.id,
        )


def test_unsent_uploads_are_purged_with_their_files(client, session, team, settings):
    conversation = make_conversation(session)
    upload(client, conversation.id, PNG, agent_id=team["anna"].id)
    keys = purge_unsent(session, now=utcnow() + timedelta(days=2), max_age=timedelta(days=1))
    delete_stored_files(
        upload_dir=settings.upload_dir, storage_keys=[*keys, "../../x", "missing" * 3]
    )
    assert count_attachments(session) == 0
    assert stored_files(settings) == []
