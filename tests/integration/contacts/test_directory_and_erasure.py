"""The contact directory (search, sort) and erasing a contact for good."""

from datetime import timedelta

import pytest
from sqlmodel import select

from inbox_app.models.tables import Attachment, Contact, ContactAttribute, Conversation, Message
from inbox_app.services.contacts.directory import list_contacts
from inbox_app.services.contacts.erasure import ErasureError, erase_contact
from inbox_app.services.conversations.messages import post_incoming
from inbox_app.services.search.fulltext import search_hits
from tests.integration.conftest import NOW, make_conversation
from tests.integration.conversations.test_actions import assert_counts_match_a_scan


def names(rows) -> list[str]:
    return [row.name for row in rows]


def directory(session, search="", sort="name", descending=False, limit=50):
    return list_contacts(
        session, search=search, sort=sort, descending=descending, limit=limit, now=NOW
    )


def test_search_matches_every_word_in_any_field(session):
    make_conversation(session, name="Lena")
    make_conversation(session, name="Marek")
    lena = session.exec(select(Contact).where(Contact.name == "Lena")).one()
    lena.company, lena.phone = "Fischer GmbH", "+49 30 1234"
    session.add(lena)
    session.commit()
    assert names(directory(session, "fischer")) == ["Lena"]
    assert names(directory(session, "lena gmbh")) == ["Lena"]
    assert names(directory(session, "lena marek")) == []
    assert names(directory(session, "30 12")) == ["Lena"]
    assert names(directory(session, "marek@example")) == ["Marek"]
    assert names(directory(session, "100%")) == []  # % is a character, not a wildcard


def test_sorting_by_columns_and_conversation_counts(session):
    make_conversation(session, name="Bea", at=NOW - timedelta(hours=2))
    make_conversation(session, name="Bea", at=NOW - timedelta(hours=1))
    make_conversation(session, name="Adam", at=NOW)
    session.add(Contact(name="Cleo", last_seen_at=NOW - timedelta(days=3)))
    session.commit()
    assert names(directory(session)) == ["Adam", "Bea", "Bea", "Cleo"]
    assert names(directory(session, descending=True)) == ["Cleo", "Bea", "Bea", "Adam"]
    rows = directory(session, sort="conversations", descending=True)
    assert [(row.name, row.conversations) for row in rows][-1] == ("Cleo", 0)
    assert all(row.conversations == 1 for row in rows[:-1])
    assert rows[0].href == f"/contacts/{rows[0].id}"
    assert len(directory(session, limit=2)) == 2


def test_erasing_a_contact_leaves_nothing_of_them(session, team):
    anna = team["anna"]
    kept = make_conversation(session, name="Keep", agents=[anna.id])
    first = make_conversation(session, name="Gone", agents=[anna.id])
    gone = session.get(Contact, first.contact_id)
    second = make_conversation(session, name="Other")
    second.contact_id = gone.id
    session.add(second)
    session.commit()
    for conversation in (first, second):
        post_incoming(session, conversation_id=conversation.id, body="my iban zebrafish", now=NOW)
    message = session.exec(select(Message).where(Message.conversation_id == first.id)).first()
    session.add(
        Attachment(
            conversation_id=first.id,
            message_id=message.id,
            filename="a.pdf",
            content_type="application/pdf",
            size=3,
            storage_key="ab" * 16,
        )
    )
    session.add(ContactAttribute(contact_id=gone.id, key="plan", value="pro", source="manual"))
    session.commit()
    assert search_hits(session, text="zebrafish")

    files = erase_contact(session, actor=anna, contact_id=gone.id)

    assert files == ["ab" * 16]
    assert session.get(Contact, gone.id) is None
    remaining = session.exec(select(Conversation.id)).all()
    assert remaining == [kept.id]
    assert session.exec(select(Message).where(Message.conversation_id == first.id)).all() == []
    assert session.exec(select(Attachment)).all() == []
    assert session.exec(select(ContactAttribute)).all() == []
    assert search_hits(session, text="zebrafish") == []
    assert search_hits(session, text="gone@example") == []
    assert_counts_match_a_scan(session, anna.id)


def test_erasing_a_missing_contact_is_refused(session, team):
    with pytest.raises(ErasureError, match="no longer exists"):
        erase_contact(session, actor=team["anna"], contact_id=999)


def test_export_has_a_header_and_the_searched_contacts(session):
    import csv
    import io

    from inbox_app.services.contacts.export import contacts_csv

    make_conversation(session, name="Lena")
    make_conversation(session, name="=cmd")
    rows = list(csv.reader(io.StringIO(contacts_csv(session, search=""))))
    assert rows[0][:3] == ["id", "name", "email"]
    assert [row[1] for row in rows[1:]] == ["Lena", "'=cmd"]
    only = list(csv.reader(io.StringIO(contacts_csv(session, search="lena"))))
    assert [row[1] for row in only[1:]] == ["Lena"]


def test_a_new_contact_needs_a_name_or_a_free_email(session):
    from inbox_app.services.contacts.creation import create_contact
    from inbox_app.services.contacts.editing import ContactError

    contact_id = create_contact(
        session, values={"name": " Nora  ", "email": "Nora@Example.org", "phone": ""}, now=NOW
    )
    nora = session.get(Contact, contact_id)
    assert (nora.name, nora.email, nora.phone) == ("Nora", "nora@example.org", None)
    assert nora.field_sources == {"name": "manual", "email": "manual"}
    with pytest.raises(ContactError, match="name or an email"):
        create_contact(session, values={"company": "Acme"}, now=NOW)
    with pytest.raises(ContactError, match="exists already"):
        create_contact(session, values={"email": "NORA@example.org"}, now=NOW)
    with pytest.raises(ContactError, match="valid email"):
        create_contact(session, values={"email": "nora@"}, now=NOW)
    assert len(session.exec(select(Contact)).all()) == 1


def test_search_ignores_case_and_counts_only_live_conversations(session):
    kept = make_conversation(session, name="Lena")
    deleted = make_conversation(session, name="Marek")
    second = make_conversation(session, name="Other")
    second.contact_id = kept.contact_id
    deleted.deleted_at = NOW
    session.add_all([second, deleted])
    session.commit()
    assert names(directory(session, "LENA")) == ["Lena"]
    assert names(directory(session, "MAREK@EXAMPLE.ORG")) == ["Marek"]
    rows = directory(session, sort="conversations", descending=True)
    assert [(row.name, row.conversations) for row in rows] == [
        ("Lena", 2),
        ("Other", 0),
        ("Marek", 0),
    ]
    assert [(row.name, row.conversations) for row in directory(session)] == [
        ("Lena", 2),
        ("Marek", 0),
        ("Other", 0),
    ]
