from datetime import timedelta

import pytest
from sqlmodel import select

from inbox_app.models.enums import ValueSource
from inbox_app.models.tables import Contact, ContactAttribute, Conversation
from inbox_app.services.contacts.editing import (
    ContactError,
    attributes_of,
    delete_attribute,
    merge_contacts,
    set_attribute,
    update_contact,
)
from inbox_app.services.conversations.detail import contact_view
from tests.integration.conftest import NOW, make_conversation


@pytest.fixture()
def contact(session) -> Contact:
    row = Contact(name="Lena", email="lena@example.org", field_sources={"name": "form"})
    session.add(row)
    session.commit()
    return row


def stored(session, contact_id: int) -> Contact:
    session.expire_all()
    return session.get(Contact, contact_id)


def test_update_trims_stores_and_records_sources(session, contact):
    update_contact(
        session,
        contact_id=contact.id,
        changes={"phone": "  +49 (30) 123-456  ", "company": " ACME ", "notes": "VIP"},
    )
    update_contact(
        session,
        contact_id=contact.id,
        changes={"email": "Lena@Mail.Example.ORG"},
        source=ValueSource.plugin,
    )
    row = stored(session, contact.id)
    assert (row.phone, row.company, row.notes) == ("+49 (30) 123-456", "ACME", "VIP")
    assert row.email == "lena@mail.example.org"
    assert row.field_sources == {
        "name": "form",
        "phone": "manual",
        "company": "manual",
        "notes": "manual",
        "email": "plugin",
    }
    fields = {
        f.label: (f.value, f.source) for f in contact_view(session, contact=row, now=NOW).fields
    }
    assert fields["Email"] == ("lena@mail.example.org", "plugin")
    assert fields["Name"] == ("Lena", "form")


def test_unchanged_value_keeps_its_source(session, contact):
    update_contact(session, contact_id=contact.id, changes={"name": " Lena "})
    assert stored(session, contact.id).field_sources == {"name": "form"}


def test_empty_string_clears_a_field_and_its_source(session, contact):
    update_contact(session, contact_id=contact.id, changes={"name": "  "})
    row = stored(session, contact.id)
    assert row.name is None
    assert "name" not in row.field_sources


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("email", "lena", "Enter a valid email address."),
        ("email", "lena@example", "Enter a valid email address."),
        ("email", "le na@example.org", "Enter a valid email address."),
        ("email", "lena@@example.org", "Enter a valid email address."),
        ("email", "a@b@example.org", "Enter a valid email address."),
        ("email", "lena@example..org", "Enter a valid email address."),
        ("email", "lena@.example.org", "Enter a valid email address."),
        ("email", "lena@example.org.", "Enter a valid email address."),
        ("email", "<lena@example.org>", "Enter a valid email address."),
        ("email", "x" * 64 + "@" + "d" * 186 + ".org", "Enter a valid email address."),
        ("phone", "1234", "Enter a valid phone number."),
        ("phone", "1" * 21, "Enter a valid phone number."),
        ("phone", "call me", "Enter a valid phone number."),
        ("phone", "12+345678", "Enter a valid phone number."),
        ("phone", "++49 123456", "Enter a valid phone number."),
        ("name", "x" * 201, "Name is too long"),
        ("company", "x" * 201, "Company is too long"),
        ("notes", "x" * 5001, "Notes is too long"),
        ("blocked", "yes", "Unknown contact field"),
    ],
)
def test_a_bad_field_is_named_and_nothing_changes(session, contact, field, value, message):
    with pytest.raises(ContactError, match=message) as error:
        update_contact(
            session, contact_id=contact.id, changes={"company": "ACME", "name": "Lea", field: value}
        )
    assert error.value.field == field
    row = stored(session, contact.id)
    assert (row.name, row.company, row.email, row.phone) == ("Lena", None, "lena@example.org", None)
    assert row.field_sources == {"name": "form"}


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("email", "first.last+tag@sub.example.co.uk"),
        ("email", "x" * 64 + "@" + "d" * 185 + ".org"),
        ("phone", "12345"),
        ("phone", "+1 (555) 010-9999"),
        ("phone", "030/123.45.67"),
        ("phone", "1" * 20),
        ("notes", "x" * 5000),
    ],
)
def test_good_values_are_accepted(session, contact, field, value):
    update_contact(session, contact_id=contact.id, changes={field: value})
    assert getattr(stored(session, contact.id), field) == value


def test_unknown_contact_is_refused(session):
    with pytest.raises(ContactError, match="no longer exists"):
        update_contact(session, contact_id=999, changes={"name": "X"})


def test_attributes_set_change_list_and_delete(session, contact):
    set_attribute(
        session, contact_id=contact.id, key=" plan ", value=" Pro ", source=ValueSource.plugin
    )
    set_attribute(
        session, contact_id=contact.id, key="city", value="Berlin", source=ValueSource.form
    )
    set_attribute(
        session, contact_id=contact.id, key="plan", value="Team", source=ValueSource.manual
    )
    views = attributes_of(session, contact_id=contact.id)
    assert [(v.label, v.value, v.source) for v in views] == [
        ("city", "Berlin", "form"),
        ("plan", "Team", "manual"),
    ]
    delete_attribute(session, contact_id=contact.id, key="city")
    set_attribute(session, contact_id=contact.id, key="plan", value="", source=ValueSource.manual)
    delete_attribute(session, contact_id=contact.id, key="never-there")
    assert attributes_of(session, contact_id=contact.id) == []


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        (" ", "v", "attribute name"),
        ("k" * 101, "v", "attribute name"),
        ("k", "v" * 2001, "too long"),
    ],
)
def test_bad_attributes_are_refused(session, contact, key, value, message):
    with pytest.raises(ContactError, match=message):
        set_attribute(
            session, contact_id=contact.id, key=key, value=value, source=ValueSource.manual
        )
    assert attributes_of(session, contact_id=contact.id) == []


def make_pair(session, team):
    keep_conversation = make_conversation(session, name="Lena")
    merge_conversation = make_conversation(session, name="Lena2")
    keep = session.get(Contact, keep_conversation.contact_id)
    other = session.get(Contact, merge_conversation.contact_id)
    second = Conversation(contact_id=other.id)
    session.add(second)
    session.commit()
    return keep, other, [keep_conversation.id, merge_conversation.id, second.id]


def test_merge_moves_conversations_and_fills_gaps(session, team):
    keep, other, conversation_ids = make_pair(session, team)
    update_contact(session, contact_id=keep.id, changes={"phone": "", "notes": "Keep note"})
    update_contact(
        session,
        contact_id=other.id,
        changes={
            "phone": "+49 30 1234",
            "company": "ACME",
            "notes": "Other note",
            "name": "Lena B",
        },
        source=ValueSource.plugin,
    )
    other.language, other.blocked = "de", True
    keep.first_seen_at, other.first_seen_at = NOW, NOW - timedelta(days=3)
    keep.last_seen_at, other.last_seen_at = NOW, NOW + timedelta(hours=1)
    session.add_all([keep, other])
    session.commit()
    merge_contacts(session, keep_id=keep.id, merge_id=other.id)
    row = stored(session, keep.id)
    assert session.get(Contact, other.id) is None
    assert (row.name, row.email, row.notes) == ("Lena", "lena@example.org", "Keep note")
    assert (row.phone, row.company, row.language, row.blocked) == (
        "+49 30 1234",
        "ACME",
        "de",
        True,
    )
    assert row.field_sources == {"notes": "manual", "phone": "plugin", "company": "plugin"}
    assert row.first_seen_at.replace(tzinfo=None) == (NOW - timedelta(days=3)).replace(tzinfo=None)
    assert row.last_seen_at.replace(tzinfo=None) == (NOW + timedelta(hours=1)).replace(tzinfo=None)
    owners = session.exec(
        select(Conversation.contact_id).where(Conversation.id.in_(conversation_ids))
    )
    assert set(owners.all()) == {keep.id}


def test_merge_keeps_attributes_and_fills_missing_ones(session, team):
    keep, other, _ = make_pair(session, team)
    set_attribute(session, contact_id=keep.id, key="plan", value="Pro", source=ValueSource.manual)
    set_attribute(session, contact_id=other.id, key="plan", value="Free", source=ValueSource.form)
    set_attribute(
        session, contact_id=other.id, key="city", value="Berlin", source=ValueSource.plugin
    )
    merge_contacts(session, keep_id=keep.id, merge_id=other.id)
    views = attributes_of(session, contact_id=keep.id)
    assert [(v.label, v.value, v.source) for v in views] == [
        ("city", "Berlin", "plugin"),
        ("plan", "Pro", "manual"),
    ]
    orphans = select(ContactAttribute).where(ContactAttribute.contact_id == other.id)
    assert session.exec(orphans).all() == []


def test_merge_into_itself_or_a_missing_contact_is_refused(session, contact):
    with pytest.raises(ContactError, match="itself"):
        merge_contacts(session, keep_id=contact.id, merge_id=contact.id)
    with pytest.raises(ContactError, match="no longer exists"):
        merge_contacts(session, keep_id=contact.id, merge_id=999)
    assert stored(session, contact.id) is not None
