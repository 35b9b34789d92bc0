"""Last seen follows the visitor, with the browser and system of their latest visit."""

from datetime import timedelta

from inbox_app.models.tables import Contact
from inbox_app.services.contacts.visits import record_visit
from inbox_app.services.conversations.detail import contact_view
from tests.integration.conftest import NOW, make_conversation

CHROME = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)
FIREFOX = "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"


def chat_seen_at_noon(session):
    """A chat whose contact was last seen at NOW."""
    conversation = make_conversation(session, at=NOW)
    contact = session.get(Contact, conversation.contact_id)
    contact.last_seen_at = NOW
    session.add(contact)
    session.commit()
    return conversation


def contact_of(session, conversation) -> Contact:
    session.expire_all()
    return session.get(Contact, conversation.contact_id)


def test_a_visit_moves_last_seen_and_records_the_software(session):
    conversation = chat_seen_at_noon(session)
    later = NOW + timedelta(hours=2)
    assert record_visit(session, conversation_id=conversation.id, user_agent=CHROME, now=later)
    contact = contact_of(session, conversation)
    assert contact.last_seen_at.replace(tzinfo=later.tzinfo) == later
    assert (contact.browser, contact.operating_system) == ("Chrome 131", "Windows 10")
    facts = {f.label: f.value for f in contact_view(session, contact=contact, now=later).facts}
    assert facts["Browser"] == "Chrome 131"
    assert facts["Operating system"] == "Windows 10"


def test_at_most_one_write_a_minute(session):
    conversation = chat_seen_at_noon(session)
    first = NOW + timedelta(minutes=5)
    assert record_visit(session, conversation_id=conversation.id, user_agent=CHROME, now=first)
    soon = first + timedelta(seconds=59)
    assert not record_visit(session, conversation_id=conversation.id, user_agent=FIREFOX, now=soon)
    contact = contact_of(session, conversation)
    assert contact.last_seen_at.replace(tzinfo=first.tzinfo) == first
    assert contact.browser == "Chrome 131"
    after = first + timedelta(minutes=1)
    assert record_visit(session, conversation_id=conversation.id, user_agent=FIREFOX, now=after)
    assert contact_of(session, conversation).browser == "Firefox 133"


def test_an_unknown_browser_keeps_the_one_known(session):
    conversation = chat_seen_at_noon(session)
    record_visit(
        session, conversation_id=conversation.id, user_agent=CHROME, now=NOW + timedelta(hours=1)
    )
    record_visit(
        session, conversation_id=conversation.id, user_agent="", now=NOW + timedelta(hours=2)
    )
    contact = contact_of(session, conversation)
    assert (contact.browser, contact.operating_system) == ("Chrome 131", "Windows 10")
    assert contact.last_seen_at.replace(tzinfo=NOW.tzinfo) == NOW + timedelta(hours=2)


def test_a_conversation_that_is_gone_is_no_visit(session):
    assert not record_visit(session, conversation_id=999, user_agent=CHROME, now=NOW)
