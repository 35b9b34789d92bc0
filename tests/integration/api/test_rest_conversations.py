"""The REST API's conversations, route by route, through FastAPI's test client."""

from sqlmodel import select

from inbox_app.models.enums import Channel
from inbox_app.models.outbox import OutboxEmail
from inbox_app.models.tables import Contact, Message
from inbox_app.services.contacts.editing import update_contact
from inbox_app.services.conversations.actions import delete_conversation
from inbox_app.services.team.agents import create_agent
from tests.integration.api.rest_helpers import new_conversation
from tests.integration.api.test_widget_api import conversation_of, started
from tests.integration.conftest import NOW, make_conversation


def test_create_an_api_conversation_with_its_contact_and_first_message(rest, auth, session, live):
    made = new_conversation(rest, auth, text="Where is order 1042?")
    assert (made["state"], made["channel"]) == ("open", "api")
    assert made["contact"]["email"] == "paula@example.net" and made["contact"]["name"] == "Paula"
    assert [(m["kind"], m["body"], m["author"]) for m in made["messages"]] == [
        ("incoming", "Where is order 1042?", "")
    ]
    contact = session.get(Contact, made["contact"]["id"])
    assert contact.field_sources == {"email": "plugin", "name": "plugin"}
    assert ("change", made["id"]) in live
    again = new_conversation(rest, auth, email="PAULA@example.net", name="", text="Me again")
    assert again["contact"]["id"] == made["contact"]["id"] and again["id"] != made["id"]


def test_a_conversation_needs_an_email_or_a_name_and_a_message(rest, auth):
    for body in (
        {"contact": {}, "message": "Hi"},
        {"contact": {"email": "x"}, "message": "Hi"},
        {"contact": {"name": "Al"}, "message": "  "},
    ):
        assert rest.post("/api/v1/conversations", json=body, headers=auth).status_code == 422
    named = rest.post(
        "/api/v1/conversations", headers=auth, json={"contact": {"name": "Al"}, "message": "Hi"}
    )
    assert named.status_code == 201 and named.json()["contact"]["email"] is None


def test_a_blocked_contact_gets_no_new_conversation(rest, auth, session):
    made = new_conversation(rest, auth)
    contact = session.get(Contact, made["contact"]["id"])
    contact.blocked = True
    session.add(contact)
    session.commit()
    assert (
        rest.post(
            "/api/v1/conversations",
            headers=auth,
            json={"contact": {"email": "paula@example.net"}, "message": "Hi"},
        ).status_code
        == 409
    )


def test_get_one_with_its_messages_and_404_for_a_missing_or_deleted_one(rest, auth, session, team):
    made = new_conversation(rest, auth)
    got = rest.get(f"/api/v1/conversations/{made['id']}", headers=auth).json()
    assert got == made
    assert rest.get("/api/v1/conversations/999", headers=auth).status_code == 404
    delete_conversation(session, actor=team["anna"], conversation_id=made["id"], now=NOW)
    gone = rest.get(f"/api/v1/conversations/{made['id']}", headers=auth)
    assert gone.status_code == 404 and gone.headers["content-type"] == "application/problem+json"
    assert gone.json()["status"] == 404 and gone.json()["title"] == "Not Found"


def test_a_reply_is_attributed_to_the_key_shown_live_and_wakes_the_widget(
    rest, auth, session, live
):
    made = new_conversation(rest, auth)
    sent = rest.post(
        f"/api/v1/conversations/{made['id']}/messages",
        headers=auth,
        json={"kind": "reply", "body": "It ships today."},
    )
    assert sent.status_code == 201
    assert (sent.json()["kind"], sent.json()["author"]) == ("reply", "API key Order bot")
    stored = session.get(Message, sent.json()["id"])
    assert stored.author_agent_id is None and stored.author_api_key_id is not None
    assert ("message", made["id"], "reply", "API key Order bot") in live
    assert ("wake", made["id"]) in live
    thread = rest.get(f"/api/v1/conversations/{made['id']}", headers=auth).json()["messages"]
    assert [m["author"] for m in thread] == ["", "API key Order bot"]


def test_a_comment_does_not_wake_the_widget_and_incoming_counts_as_the_contact(rest, auth, live):
    made = new_conversation(rest, auth)
    url = f"/api/v1/conversations/{made['id']}/messages"
    assert rest.post(url, headers=auth, json={"kind": "comment", "body": "VIP"}).status_code == 201
    assert ("wake", made["id"]) not in live
    incoming = rest.post(url, headers=auth, json={"kind": "incoming", "body": "Thanks!"})
    assert incoming.status_code == 201 and incoming.json()["author"] == ""
    assert ("message", made["id"], "incoming", "Paula") in live


def test_messages_are_checked_and_a_retried_key_stores_once(rest, auth, session):
    made = new_conversation(rest, auth)
    url = f"/api/v1/conversations/{made['id']}/messages"
    for body in (
        {"kind": "event", "body": "x"},
        {"kind": "reply", "body": " "},
        {"kind": "reply"},
        {"kind": "reply", "body": "x", "extra": 1},
    ):
        assert rest.post(url, headers=auth, json=body).status_code == 422, body
    keyed = {**auth, "Idempotency-Key": "k-1"}
    first = rest.post(url, headers=keyed, json={"kind": "reply", "body": "Once"}).json()
    assert rest.post(url, headers=keyed, json={"kind": "reply", "body": "Once"}).json() == first
    conflict = rest.post(url, headers=keyed, json={"kind": "reply", "body": "Other"})
    assert conflict.status_code == 409 and "key" in conflict.json()["detail"]
    assert (
        rest.post(
            "/api/v1/conversations/999/messages", headers=auth, json={"kind": "reply", "body": "x"}
        ).status_code
        == 404
    )
    assert len(session.exec(select(Message).where(Message.body == "Once")).all()) == 1


def test_patch_closes_assigns_and_writes_event_lines_by_the_key(rest, auth, session, team, live):
    made = new_conversation(rest, auth)
    url = f"/api/v1/conversations/{made['id']}"
    body = {"state": "closed", "group_id": team["sales"].id, "agent_ids": [team["ben"].id]}
    changed = rest.patch(url, headers=auth, json=body).json()
    assert (changed["state"], changed["group_id"], changed["agent_ids"]) == (
        "closed",
        team["sales"].id,
        [team["ben"].id],
    )
    events = [m["body"] for m in changed["messages"] if m["kind"] == "event"]
    assert events == [
        "API key Order bot assigned this to Sales",
        "API key Order bot assigned this to Ben",
        "API key Order bot closed this",
    ]
    assert ("change", made["id"]) in live
    reopened = rest.patch(url, headers=auth, json={"state": "open", "group_id": None}).json()
    assert (reopened["state"], reopened["group_id"]) == ("open", None)
    assert rest.patch(url, headers=auth, json={}).json()["agent_ids"] == [team["ben"].id]


def test_patch_refuses_unknown_groups_and_agents_and_changes_nothing(rest, auth, session, team):
    made = new_conversation(rest, auth)
    url = f"/api/v1/conversations/{made['id']}"
    assert (
        rest.patch(url, headers=auth, json={"group_id": 999, "state": "closed"}).status_code == 422
    )
    assert rest.patch(url, headers=auth, json={"agent_ids": [999]}).status_code == 422
    assert rest.patch(url, headers=auth, json={"state": "done"}).status_code == 422
    assert rest.patch(url, headers=auth, json={"agent_ids": [0]}).status_code == 422
    assert rest.get(url, headers=auth).json()["state"] == "open"
    assert rest.patch("/api/v1/conversations/999", headers=auth, json={}).status_code == 404


def test_list_filters_and_pages_by_cursor_newest_first(rest, auth, session):
    ids = [make_conversation(session, name=f"C{n}", channel=Channel.email).id for n in range(5)]
    api_id = new_conversation(rest, auth)["id"]
    page = rest.get("/api/v1/conversations", headers=auth, params={"limit": 2}).json()
    assert [c["id"] for c in page["items"]] == [api_id, ids[4]]  # newest activity first
    seen = [c["id"] for c in page["items"]]
    while page["next"]:
        page = rest.get(
            "/api/v1/conversations", headers=auth, params={"limit": 2, "cursor": page["next"]}
        ).json()
        seen += [c["id"] for c in page["items"]]
    assert sorted(seen) == sorted([*ids, api_id]) and len(seen) == 6
    only_api = rest.get("/api/v1/conversations", headers=auth, params={"channel": "api"}).json()
    assert [c["id"] for c in only_api["items"]] == [api_id] and only_api["next"] is None
    closed = rest.get("/api/v1/conversations", headers=auth, params={"state": "closed"}).json()
    assert closed == {"items": [], "next": None}


def test_list_searches_full_text(rest, auth, session):
    new_conversation(rest, auth, text="My parcel is lost")
    other = new_conversation(rest, auth, email="olaf@example.net", name="Olaf", text="Invoice")
    found = rest.get("/api/v1/conversations", headers=auth, params={"q": "invoice"}).json()
    assert [c["id"] for c in found["items"]] == [other["id"]] and found["next"] is None


def test_list_refuses_bad_paging_and_filters(rest, auth):
    for params in ({"cursor": "not-a-cursor"}, {"cursor": "MjAyNnwx"}):
        response = rest.get("/api/v1/conversations", headers=auth, params=params)
        assert response.status_code == 400, params
    for params in (
        {"limit": 0},
        {"limit": 101},
        {"state": "gone"},
        {"channel": "fax"},
        {"q": "x" * 201},
    ):
        assert rest.get("/api/v1/conversations", headers=auth, params=params).status_code == 422


def test_agents_assigned_by_the_api_are_notified(rest, auth, session):
    ada = create_agent(session, email="ada@example.com", password="password-1", name="Ada")
    made = new_conversation(rest, auth)
    rest.patch(f"/api/v1/conversations/{made['id']}", headers=auth, json={"agent_ids": [ada.id]})
    from inbox_app.models.tables import Notification

    notes = session.exec(select(Notification).where(Notification.agent_id == ada.id)).all()
    assert any(n.kind == "assigned" and "API key Order bot" in n.text for n in notes)


def test_contact_names_set_by_an_agent_stay_manual_until_the_api_changes_them(rest, auth, session):
    made = new_conversation(rest, auth, name="")
    update_contact(session, contact_id=made["contact"]["id"], changes={"name": "Paula M."})
    again = new_conversation(rest, auth, name="")
    assert again["contact"]["name"] == "Paula M."


def test_delete_hides_it_at_once_and_shows_live(rest, auth, live):
    made = new_conversation(rest, auth)
    url = f"/api/v1/conversations/{made['id']}"
    deleted = rest.delete(url, headers=auth)
    assert deleted.status_code == 204 and deleted.content == b""
    assert ("change", made["id"]) in live
    assert rest.get(url, headers=auth).status_code == 404
    assert rest.delete(url, headers=auth).status_code == 404
    listed = rest.get("/api/v1/conversations", headers=auth).json()["items"]
    assert made["id"] not in [c["id"] for c in listed]


def test_a_reply_to_a_chat_reaches_the_widget_or_waits_for_email(rest, auth, session, settings):
    me = started(rest)
    conversation_id = conversation_of(me, settings)
    assert rest.post("/api/widget/messages", json={"body": "Hello?"}, headers=me).status_code == 201
    url = f"/api/v1/conversations/{conversation_id}/messages"
    reply = rest.post(url, headers=auth, json={"kind": "reply", "body": "Hi, a bot here"}).json()
    rest.post(url, headers=auth, json={"kind": "comment", "body": "Internal only"})
    shown = rest.get("/api/widget/messages", headers=me).json()["messages"]
    assert [(m["author"], m["mine"]) for m in shown] == [("You", True), ("Support", False)]
    assert "Internal only" not in str(shown)
    queued = session.exec(select(OutboxEmail).where(OutboxEmail.message_id == reply["id"])).one()
    assert queued.to_address == "vera@example.net"  # the visitor had not polled: by email too
    rest.get("/api/widget/messages", headers=me)  # the visitor is connected now
    later = rest.post(url, headers=auth, json={"kind": "reply", "body": "Still there?"}).json()
    assert (
        session.exec(select(OutboxEmail).where(OutboxEmail.message_id == later["id"])).first()
        is None
    )
