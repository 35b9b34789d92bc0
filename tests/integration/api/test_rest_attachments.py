"""Files through the REST API: upload to a conversation, send with a message, download."""

from urllib.parse import quote

from sqlmodel import select

from inbox_app.models.enums import Channel
from inbox_app.models.outbox import OutboxEmail
from inbox_app.models.tables import Attachment
from inbox_app.services.attachments.records import record_upload
from inbox_app.services.team.agents import create_agent
from tests.integration.api.rest_helpers import new_conversation
from tests.integration.api.test_attachments import PNG
from tests.integration.conftest import NOW, make_conversation


def upload(rest, auth, conversation_id: int, data: bytes, filename: str = "plan.png"):
    headers = {**auth, "X-Filename": quote(filename), "Content-Type": "application/octet-stream"}
    return rest.post(
        f"/api/v1/conversations/{conversation_id}/attachments", headers=headers, content=data
    )


def send(rest, auth, conversation_id: int, **body):
    return rest.post(f"/api/v1/conversations/{conversation_id}/messages", headers=auth, json=body)


def test_a_file_is_uploaded_sent_with_a_reply_listed_and_downloaded(rest, auth, live):
    made = new_conversation(rest, auth)
    uploaded = upload(rest, auth, made["id"], PNG, filename="../Plan é")
    assert uploaded.status_code == 201
    file = uploaded.json()
    assert (file["filename"], file["size"], file["is_image"]) == ("Plan é.png", len(PNG), True)
    assert uploaded.headers["location"] == file["url"] == f"/api/v1/attachments/{file['id']}"
    sent = send(rest, auth, made["id"], kind="reply", body="", attachment_ids=[file["id"]])
    assert sent.status_code == 201 and sent.json()["attachments"] == [file]
    read = rest.get(f"/api/v1/conversations/{made['id']}", headers=auth).json()
    assert read["messages"][-1]["attachments"] == [file]
    assert live[-2:] == [("change", made["id"]), ("wake", made["id"])]  # reloaded: signed links
    downloaded = rest.get(file["url"], headers=auth)
    assert downloaded.status_code == 200 and downloaded.content == PNG
    assert downloaded.headers["content-type"] == "image/png"
    assert downloaded.headers["x-content-type-options"] == "nosniff"
    assert rest.get(file["url"]).status_code == 401  # the key is needed


def test_a_file_that_is_not_an_image_is_a_download_whatever_its_name(rest, auth):
    made = new_conversation(rest, auth)
    file = upload(rest, auth, made["id"], b"<script>alert(1)</script>", "x.html").json()
    assert file["is_image"] is False
    downloaded = rest.get(file["url"], headers=auth)
    assert downloaded.headers["content-type"] == "application/octet-stream"
    assert downloaded.headers["content-disposition"].startswith("attachment;")


def test_a_file_is_sent_once_and_only_in_its_own_conversation(rest, auth):
    made, other = new_conversation(rest, auth), new_conversation(rest, auth, text="Other")
    file = upload(rest, auth, made["id"], PNG).json()
    elsewhere = send(rest, auth, other["id"], kind="comment", attachment_ids=[file["id"]])
    assert elsewhere.status_code == 422
    assert send(rest, auth, made["id"], kind="comment", attachment_ids=[file["id"]]).is_success
    again = send(rest, auth, made["id"], kind="comment", attachment_ids=[file["id"]])
    assert again.status_code == 422


def test_an_agents_unsent_upload_cannot_be_sent_by_a_key(rest, auth, session):
    made = new_conversation(rest, auth)
    agent = create_agent(session, email="anna@example.com", password="password-1", name="Anna")
    draft = record_upload(
        session,
        agent_id=agent.id,
        conversation_id=made["id"],
        filename="draft.png",
        size=len(PNG),
        storage_key="ab/cd",
        head=PNG,
        now=NOW,
    )
    refused = send(rest, auth, made["id"], kind="reply", body="Hi", attachment_ids=[draft.id])
    assert refused.status_code == 422
    assert session.get(Attachment, draft.id).message_id is None


def test_a_retry_with_the_same_key_returns_the_first_message_with_its_file(rest, auth, session):
    made = new_conversation(rest, auth)
    file = upload(rest, auth, made["id"], PNG).json()
    key = {**auth, "Idempotency-Key": "send-1"}
    url = f"/api/v1/conversations/{made['id']}/messages"
    body = {"kind": "reply", "body": "Here", "attachment_ids": [file["id"]]}
    first, retry = (rest.post(url, headers=key, json=body) for _ in range(2))
    assert first.status_code == retry.status_code == 201
    assert first.json() == retry.json() and first.json()["attachments"] == [file]
    rows = session.exec(select(Attachment).where(Attachment.id == file["id"])).all()
    assert [row.message_id for row in rows] == [first.json()["id"]]


def test_an_empty_message_needs_a_file_and_too_many_files_are_refused(rest, auth):
    made = new_conversation(rest, auth)
    assert send(rest, auth, made["id"], kind="reply", body="").status_code == 422
    many = send(rest, auth, made["id"], kind="reply", body="x", attachment_ids=list(range(1, 12)))
    assert many.status_code == 422


def test_uploads_are_refused_for_a_missing_conversation_and_over_10_mb(rest, auth):
    assert upload(rest, auth, 999_999, PNG).status_code == 404
    made = new_conversation(rest, auth)
    assert upload(rest, auth, made["id"], b"\x00" * (10 * 1024 * 1024 + 1)).status_code == 413


def test_a_reply_through_the_api_in_an_email_conversation_is_mailed(rest, auth, session):
    conversation = make_conversation(session, name="Mira", channel=Channel.email)
    file = upload(rest, auth, conversation.id, PNG).json()
    reply = send(
        rest, auth, conversation.id, kind="reply", body="Attached", attachment_ids=[file["id"]]
    )
    queued = session.exec(select(OutboxEmail).where(OutboxEmail.message_id == reply.json()["id"]))
    assert queued.one().to_address == "mira@example.org"
