"""A file removed from the composer before sending: DELETE forgets the upload and its bytes."""

from inbox_app.models.enums import MessageKind
from inbox_app.models.tables import Attachment
from inbox_app.services.attachments.records import link_to_message
from inbox_app.services.conversations.messages import post_agent_message
from tests.integration.api import test_attachments as uploads
from tests.integration.api.test_attachments import NOW, PNG, bearer, stored_files, upload
from tests.integration.conftest import make_conversation

client, settings = uploads.client, uploads.settings  # the upload tests' fixtures, shared


def discard(client, conversation_id, attachment_id, agent_id):
    return client.delete(
        f"/api/conversations/{conversation_id}/attachments/{attachment_id}",
        headers=bearer(agent_id),
    )


def test_removing_an_unsent_upload_deletes_the_record_and_the_file(client, session, team, settings):
    conversation = make_conversation(session)
    anna = team["anna"].id
    kept = upload(client, conversation.id, PNG, agent_id=anna, filename="kept.png").json()["id"]
    gone = upload(client, conversation.id, b"notes", agent_id=anna).json()["id"]
    assert len(stored_files(settings)) == 2
    assert discard(client, conversation.id, gone, anna).status_code == 204
    session.expire_all()
    assert session.get(Attachment, gone) is None
    assert session.get(Attachment, kept) is not None
    assert len(stored_files(settings)) == 1
    assert discard(client, conversation.id, gone, anna).status_code == 404  # already gone


def test_only_the_uploader_can_remove_and_only_before_sending(client, session, team, settings):
    conversation, other = make_conversation(session), make_conversation(session, name="Otto")
    anna, ben = team["anna"].id, team["ben"].id
    mine = upload(client, conversation.id, PNG, agent_id=anna).json()["id"]
    assert discard(client, conversation.id, mine, ben).status_code == 404
    assert discard(client, other.id, mine, anna).status_code == 404
    message = post_agent_message(
        session,
        agent_id=anna,
        conversation_id=conversation.id,
        kind=MessageKind.reply,
        body="See attached",
        now=NOW,
    )
    link_to_message(
        session,
        agent_id=anna,
        conversation_id=conversation.id,
        attachment_ids=[mine],
        message_id=message.id,
    )
    assert discard(client, conversation.id, mine, anna).status_code == 404  # sent: it stays
    session.expire_all()
    assert session.get(Attachment, mine).message_id == message.id
    assert len(stored_files(settings)) == 1


def test_removing_needs_a_signed_in_agent(client, session, team):
    conversation = make_conversation(session)
    mine = upload(client, conversation.id, PNG, agent_id=team["anna"].id).json()["id"]
    response = client.delete(f"/api/conversations/{conversation.id}/attachments/{mine}")
    assert response.status_code == 401
    session.expire_all()
    assert session.get(Attachment, mine) is not None
