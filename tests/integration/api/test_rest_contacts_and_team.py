"""The REST API's contacts (plugins fill details), agents and groups."""

from inbox_app.models.enums import ValueSource
from inbox_app.models.tables import Contact
from inbox_app.services.contacts.editing import set_attribute
from tests.integration.api.rest_helpers import new_conversation

PAULA = {
    "email": "Paula@Example.net",
    "name": "Paula Meyer",
    "phone": "+49 30 1234567",
    "company": "Meyer GmbH",
    "attributes": {"plan": "Gold"},
}


def test_upsert_makes_a_contact_then_updates_it_every_value_marked_plugin(rest, auth, session):
    made = rest.put("/api/v1/contacts", headers=auth, json=PAULA)
    assert made.status_code == 201
    body = made.json()
    assert (body["email"], body["name"], body["attributes"]) == (
        "paula@example.net",
        "Paula Meyer",
        {"plan": "Gold"},
    )
    assert body["sources"] == dict.fromkeys(("email", "name", "phone", "company"), "plugin")
    assert body["attribute_sources"] == {"plan": "plugin"}
    updated = rest.put(
        "/api/v1/contacts",
        headers=auth,
        json={"email": "paula@example.net", "company": "", "attributes": {"plan": ""}},
    )
    assert updated.status_code == 200
    assert (updated.json()["id"], updated.json()["company"], updated.json()["name"]) == (
        body["id"],
        None,
        "Paula Meyer",
    )
    assert updated.json()["attributes"] == {}


def test_upsert_takes_over_manual_values_it_sets_and_leaves_the_rest(rest, auth, session):
    contact_id = rest.put("/api/v1/contacts", headers=auth, json={"email": "a@example.net"}).json()[
        "id"
    ]
    set_attribute(session, contact_id=contact_id, key="tier", value="1", source=ValueSource.manual)
    body = rest.put(
        "/api/v1/contacts",
        headers=auth,
        json={"email": "a@example.net", "attributes": {"plan": "Gold"}},
    ).json()
    assert body["attribute_sources"] == {"plan": "plugin", "tier": "manual"}


def test_upsert_shows_live_where_the_contact_has_conversations(rest, auth, live):
    made = new_conversation(rest, auth)
    live.clear()
    rest.put("/api/v1/contacts", headers=auth, json={"email": "paula@example.net", "name": "P"})
    assert live == [("change", made["id"])]


def test_upsert_refuses_bad_values_and_changes_nothing(rest, auth, session):
    rest.put("/api/v1/contacts", headers=auth, json={"email": "b@example.net", "name": "Bea"})
    for body in (
        {"email": "not an email"},
        {"email": "b@example.net", "phone": "call me"},
        {"email": "b@example.net", "name": "x" * 201},
        {"name": "No email"},
        {"email": "b@example.net", "attributes": {"": "x"}},
        {"email": "b@example.net", "notes": "not a plugin field"},
        {"email": "b@example.net", "attributes": {"k": 5}},
    ):
        response = rest.put("/api/v1/contacts", headers=auth, json=body)
        assert response.status_code == 422, body
        assert response.headers["content-type"] == "application/problem+json"
    contact = session.exec(__import__("sqlmodel").select(Contact)).one()
    assert (contact.name, contact.phone) == ("Bea", None)


def test_find_a_contact_by_email(rest, auth):
    made = rest.put("/api/v1/contacts", headers=auth, json=PAULA).json()
    found = rest.get("/api/v1/contacts", headers=auth, params={"email": "PAULA@example.net"})
    assert found.status_code == 200 and found.json() == made
    missing = rest.get("/api/v1/contacts", headers=auth, params={"email": "x@example.net"})
    assert missing.status_code == 404
    assert rest.get("/api/v1/contacts", headers=auth, params={"email": "nope"}).status_code == 422
    assert rest.get("/api/v1/contacts", headers=auth).status_code == 422


def test_agents_and_groups(rest, auth, team):
    agents = rest.get("/api/v1/agents", headers=auth).json()
    assert [(a["name"], a["role"]) for a in agents["items"]] == [
        ("Anna", "agent"),
        ("Ben", "agent"),
    ]
    assert agents["next"] is None
    groups = rest.get("/api/v1/groups", headers=auth).json()
    assert groups == {
        "items": [{"id": team["sales"].id, "name": "Sales", "agent_ids": [team["anna"].id]}],
        "next": None,
    }


def test_get_and_patch_a_contact_by_id(rest, auth, live):
    made = new_conversation(rest, auth)
    contact_id = made["contact"]["id"]
    url = f"/api/v1/contacts/{contact_id}"
    assert rest.get(url, headers=auth).json()["email"] == "paula@example.net"
    live.clear()
    patched = rest.patch(
        url,
        headers=auth,
        json={
            "email": "P.Meyer@example.net",
            "phone": "+49 30 1234567",
            "attributes": {"plan": "Gold"},
        },
    )
    assert patched.status_code == 200
    body = patched.json()
    assert (body["email"], body["phone"], body["attributes"]) == (
        "p.meyer@example.net",
        "+49 30 1234567",
        {"plan": "Gold"},
    )
    assert body["sources"]["phone"] == body["attribute_sources"]["plan"] == "plugin"
    assert live == [("change", made["id"])]
    assert rest.patch(url, headers=auth, json={"phone": "call me"}).status_code == 422
    assert rest.patch(url, headers=auth, json={"notes": "x"}).status_code == 422
    assert rest.get("/api/v1/contacts/999", headers=auth).status_code == 404
    assert rest.patch("/api/v1/contacts/999", headers=auth, json={}).status_code == 404


def test_delete_erases_the_contact_and_their_conversations(rest, auth, session, monkeypatch):
    from inbox_app.api import rest_contacts
    from inbox_app.models.tables import Conversation, Message

    everything = []
    monkeypatch.setattr(rest_contacts, "everything_changed", lambda: everything.append(True))
    made = new_conversation(rest, auth, text="Please delete all my data")
    contact_id = made["contact"]["id"]
    assert rest.delete(f"/api/v1/contacts/{contact_id}", headers=auth).status_code == 204
    session.expire_all()
    assert session.get(Contact, contact_id) is None
    assert session.get(Conversation, made["id"]) is None
    assert session.query(Message).filter(Message.conversation_id == made["id"]).count() == 0
    assert everything == [True]  # every dashboard drops their conversations
    gone = rest.delete(f"/api/v1/contacts/{contact_id}", headers=auth)
    assert gone.status_code == 404 and gone.headers["content-type"].startswith(
        "application/problem+json"
    )


def test_delete_needs_a_key(rest):
    assert rest.delete("/api/v1/contacts/1").status_code == 401
