"""Signed-in website users: a right HMAC ties the chat to them in any browser; a wrong one is refused."""

import pytest
from sqlmodel import select

from inbox_app.models.tables import Contact, Conversation
from inbox_app.services.conversations.actions import delete_conversation, set_contact_blocked
from inbox_app.services.team.permissions import PermissionDenied
from inbox_app.services.widget.identity import (
    NOT_VERIFIED,
    regenerate_site_secret,
    site_secret,
    site_secret_for_admin,
    user_hash,
)
from tests.integration.api.test_attachments import settings  # noqa: F401  (fixture)
from tests.integration.api.test_widget_api import (  # noqa: F401
    client,
    conversation_of,
    fresh_limits,
    started,
)
from tests.integration.conftest import NOW
from tests.integration.widget_helpers import an_admin, counts


def signed(session, user_id: str) -> dict[str, str]:
    """What the website's server computes with the secret the admin copied from Settings."""
    return {
        "user_id": user_id,
        "user_hash": user_hash(secret=site_secret(session), user_id=user_id),
    }


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_a_signed_user_finds_their_chat_from_another_browser(client, session, settings):  # noqa: F811
    first_browser = started(client, **signed(session, "user-42"))
    client.post("/api/widget/messages", json={"body": "My order is late"}, headers=first_browser)
    contact = session.exec(select(Contact).where(Contact.external_user_id == "user-42")).one()
    assert contact.email == "vera@example.net"

    other_browser = client.post("/api/widget/identify", json=signed(session, "user-42"))
    assert other_browser.status_code == 200
    token = other_browser.json()["token"]
    assert conversation_of(bearer(token), settings) == conversation_of(first_browser, settings)
    history = client.get("/api/widget/messages", headers=bearer(token)).json()["messages"]
    assert [m["body_html"] for m in history] == ["<p>My order is late</p>"]


def test_a_new_user_gets_no_chat_until_they_start_one(client, session):  # noqa: F811
    response = client.post("/api/widget/identify", json=signed(session, "fresh-user"))
    assert response.json() == {"token": None}


@pytest.mark.parametrize("bad_hash", ["", "0" * 64, "not-hex"])
def test_a_wrong_or_missing_signature_is_refused_and_creates_nothing(client, session, bad_hash):  # noqa: F811
    before = counts(session)
    for path, extra in (("/api/widget/identify", {}), ("/api/widget/start", {"name": "Mallory"})):
        refused = client.post(path, json={"user_id": "user-42", "user_hash": bad_hash, **extra})
        assert refused.status_code == 403
        assert refused.json() == {"detail": NOT_VERIFIED}
    assert counts(session) == before


def test_a_signature_made_for_another_user_does_not_fit(client, session):  # noqa: F811
    stolen = signed(session, "alice")["user_hash"]
    refused = client.post("/api/widget/identify", json={"user_id": "bob", "user_hash": stolen})
    assert refused.status_code == 403


def test_an_anonymous_chat_stays_with_the_visitor_who_then_signs_in(client, session, settings):  # noqa: F811
    anonymous = started(client)
    response = client.post(
        "/api/widget/identify", json=signed(session, "user-7"), headers=anonymous
    )
    assert conversation_of(bearer(response.json()["token"]), settings) == conversation_of(
        anonymous, settings
    )
    # another user signing in on that browser does not get that chat
    taken = client.post("/api/widget/identify", json=signed(session, "user-8"), headers=anonymous)
    assert taken.json() == {"token": None}


def test_a_blocked_user_is_refused_neutrally(client, session, team, settings):  # noqa: F811
    me = started(client, **signed(session, "user-9"))
    set_contact_blocked(
        session,
        actor=team["anna"],
        conversation_id=conversation_of(me, settings),
        blocked=True,
        now=NOW,
    )
    refused = client.post("/api/widget/identify", json=signed(session, "user-9"))
    assert refused.status_code == 403
    assert refused.json() == {"detail": "This chat is not available right now."}


def test_a_regenerated_secret_retires_old_signatures(client, session, team):  # noqa: F811
    old = signed(session, "user-5")
    admin = an_admin(session)
    assert site_secret_for_admin(session, actor=admin) == site_secret(session)
    regenerate_site_secret(session, actor=admin)
    assert client.post("/api/widget/identify", json=old).status_code == 403
    assert client.post("/api/widget/identify", json=signed(session, "user-5")).status_code == 200
    with pytest.raises(PermissionDenied):
        site_secret_for_admin(session, actor=team["anna"])
    with pytest.raises(PermissionDenied):
        regenerate_site_secret(session, actor=team["anna"])


def test_a_deleted_chat_of_a_known_user_is_followed_by_a_new_one_on_the_same_contact(
    client,  # noqa: F811
    session,
    team,
    settings,  # noqa: F811
):
    first = started(client, **signed(session, "user-3"), group_id=team["sales"].id)
    delete_conversation(
        session, actor=team["anna"], conversation_id=conversation_of(first, settings), now=NOW
    )
    assert client.post("/api/widget/identify", json=signed(session, "user-3")).json() == {
        "token": None
    }
    again = started(
        client, **signed(session, "user-3"), name="Other name", group_id=team["sales"].id
    )
    conversation = session.get(Conversation, conversation_of(again, settings))
    contacts = session.exec(select(Contact).where(Contact.external_user_id == "user-3")).all()
    assert [c.id for c in contacts] == [conversation.contact_id]
    assert contacts[0].name == "Vera"  # the contact the site knows keeps its details
    assert conversation.group_id == team["sales"].id


def test_a_regenerated_secret_also_retires_the_widget_tokens_of_signed_in_users(
    client,  # noqa: F811
    session,
):
    user_chat = started(client, **signed(session, "user-9"))
    anonymous = started(client, name="Ann")
    regenerate_site_secret(session, actor=an_admin(session))
    assert client.get("/api/widget/updates", headers=user_chat).status_code == 401
    assert client.get("/api/widget/updates", headers=anonymous).status_code == 200
    again = client.post("/api/widget/identify", json=signed(session, "user-9")).json()["token"]
    assert client.get("/api/widget/updates", headers=bearer(again)).status_code == 200
