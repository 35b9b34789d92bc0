"""Merging a contact chosen by search, anonymous visitors too; the search index follows."""

from datetime import timedelta

from inbox_app.models.enums import Channel
from inbox_app.models.tables import Contact, Conversation
from inbox_app.services.contacts.editing import merge_contacts
from inbox_app.services.contacts.merging import merge_candidates
from inbox_app.services.conversations.start import start_conversation
from inbox_app.services.search.fulltext import search_hits
from tests.integration.conftest import NOW, make_conversation


def visitor(session, *, seen_ago: timedelta) -> Contact:
    """An anonymous visitor with a chat: no name, no email."""
    contact = Contact(last_seen_at=NOW - seen_ago, browser="Firefox 133", operating_system="Ubuntu")
    session.add(contact)
    session.commit()
    start_conversation(session, contact_id=contact.id, channel=Channel.chat, now=NOW)
    return contact


def ids(rows) -> list[int]:
    return [row.id for row in rows]


def test_candidates_by_search_or_visitor_number_never_the_contact_itself(session):
    erin = session.get(Contact, make_conversation(session, name="Erin").contact_id)
    anon = visitor(session, seen_ago=timedelta(minutes=1))
    older = visitor(session, seen_ago=timedelta(days=2))
    erin.last_seen_at = NOW - timedelta(days=5)
    session.add(erin)
    session.commit()
    assert ids(merge_candidates(session, search="", exclude_id=erin.id, now=NOW)) == [
        anon.id,
        older.id,
    ]
    for typed in (f"#{older.id}", f"Visitor #{older.id}", str(older.id)):
        assert (
            ids(merge_candidates(session, search=typed, exclude_id=erin.id, now=NOW))[0] == older.id
        )
    assert ids(merge_candidates(session, search=f"#{erin.id}", exclude_id=erin.id, now=NOW)) == []
    assert ids(merge_candidates(session, search="erin", exclude_id=anon.id, now=NOW)) == [erin.id]


def test_merging_a_visitor_moves_chats_and_facts_and_the_index_follows(session):
    kept_chat = make_conversation(session, name="Erin")
    erin = session.get(Contact, kept_chat.contact_id)
    other_chat = make_conversation(session, name="Anton")
    anton = session.get(Contact, other_chat.contact_id)
    anton.external_user_id = "shop-user-7"
    session.add(anton)
    session.commit()
    anon = visitor(session, seen_ago=timedelta(minutes=1))
    merge_contacts(session, keep_id=erin.id, merge_id=anon.id)
    merge_contacts(session, keep_id=erin.id, merge_id=anton.id)
    session.expire_all()
    survivor = session.get(Contact, erin.id)
    assert (survivor.browser, survivor.operating_system) == ("Firefox 133", "Ubuntu")
    assert survivor.external_user_id == "shop-user-7"
    assert session.get(Contact, anton.id) is None and session.get(Contact, anon.id) is None
    chats = session.exec(
        Conversation.__table__.select().where(Conversation.__table__.c.contact_id == erin.id)
    ).all()
    assert len(chats) == 3
    assert {kept_chat.id, other_chat.id} < {c.id for c in chats}
    assert {hit.conversation_id for hit in search_hits(session, text="Erin")} == {
        c.id for c in chats
    }
    assert search_hits(session, text="Anton") == []
