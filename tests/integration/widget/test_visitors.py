"""The visitor side's core (the widget comes on top of it): start, identity, what it may see."""

from datetime import timedelta

import pytest
from sqlmodel import select

from inbox_app.models.enums import MessageKind, ValueSource
from inbox_app.models.tables import Contact, ContactAttribute, Conversation
from inbox_app.security import (
    agent_id_from_token,
    issue_token,
    issue_visitor_token,
    read_visitor_token,
)
from inbox_app.services.conversations.actions import set_contact_blocked
from inbox_app.services.conversations.messages import post_agent_message, post_incoming
from inbox_app.services.widget.start import start_form_chat
from inbox_app.services.widget.visitors import VisitorError, check_open, visitor_thread
from tests.integration.conftest import NOW

SECRET = "s" * 48


def test_the_form_makes_a_contact_with_form_sources_and_a_chat(session):
    conversation_id = start_form_chat(
        session,
        name=" Vera ",
        email="Vera@Example.net",
        language="de-DE",
        page="https://shop.example/p/1",
        now=NOW,
    )
    conversation = session.get(Conversation, conversation_id)
    contact = session.get(Contact, conversation.contact_id)
    assert (contact.name, contact.email, contact.language) == ("Vera", "vera@example.net", "de-DE")
    assert contact.field_sources == {"name": "form", "email": "form"}
    assert conversation.channel.value == "chat" and conversation.is_unassigned


def test_a_bad_email_from_the_form_is_refused(session):
    with pytest.raises(VisitorError, match="valid email"):
        start_form_chat(session, name="X", email="nope", language="", page="", now=NOW)


def test_the_visitor_sees_replies_and_own_messages_never_notes_or_events(session, team):
    conversation_id = start_form_chat(session, name="Vera", email="", language="", page="", now=NOW)
    post_incoming(session, conversation_id=conversation_id, body="Hi", now=NOW)
    for kind, body in ((MessageKind.comment, "internal"), (MessageKind.reply, "Hello **Vera**")):
        post_agent_message(
            session,
            agent_id=team["anna"].id,
            conversation_id=conversation_id,
            kind=kind,
            body=body,
            now=NOW,
        )
    set_contact_blocked(
        session, actor=team["anna"], conversation_id=conversation_id, blocked=False, now=NOW
    )
    shown = visitor_thread(session, conversation_id=conversation_id, now=NOW)
    assert [(m.mine, m.author) for m in shown] == [(True, "You"), (False, "Anna")]
    assert shown[1].body_html == "<p>Hello <strong>Vera</strong></p>"


def test_blocked_contacts_get_the_neutral_refusal(session, team):
    conversation_id = start_form_chat(session, name="Sam", email="", language="", page="", now=NOW)
    set_contact_blocked(
        session, actor=team["anna"], conversation_id=conversation_id, blocked=True, now=NOW
    )
    with pytest.raises(VisitorError, match="not available"):
        check_open(session, conversation_id=conversation_id)


def test_visitor_and_agent_tokens_never_stand_in_for_each_other():
    visitor = issue_visitor_token(conversation_id=7, key="k7", secret=SECRET)
    assert read_visitor_token(token=visitor, secret=SECRET).conversation_id == 7
    assert agent_id_from_token(token=visitor, secret=SECRET) is None
    agent = issue_token(agent_id=7, secret=SECRET, lifetime=timedelta(minutes=5))
    assert read_visitor_token(token=agent, secret=SECRET) is None
    assert read_visitor_token(token=visitor, secret="other" * 10) is None


def test_what_an_agent_entered_wins_over_what_the_page_says(session, team):
    from inbox_app.services.contacts.editing import set_attribute, update_contact
    from inbox_app.services.widget.visitors import set_visitor_data

    conversation_id = start_form_chat(session, name="Vera", email="", language="", page="", now=NOW)
    contact_id = session.get(Conversation, conversation_id).contact_id
    update_contact(session, contact_id=contact_id, changes={"email": "vera@real.example"})
    set_attribute(
        session, contact_id=contact_id, key="plan", value="Gold", source=ValueSource.manual
    )
    set_visitor_data(
        session,
        conversation_id=conversation_id,
        fields={"name": "V. Visitor", "email": "attacker@evil.example"},
        attributes={"plan": "Free", "shoe": "42"},
    )
    contact = session.get(Contact, contact_id)
    session.refresh(contact)
    assert (contact.name, contact.email) == ("V. Visitor", "vera@real.example")
    assert contact.field_sources == {"name": "plugin", "email": "manual"}
    values = {
        a.key: (a.value, a.source)
        for a in session.exec(
            select(ContactAttribute).where(ContactAttribute.contact_id == contact_id)
        )
    }
    assert values == {"plan": ("Gold", ValueSource.manual), "shoe": ("42", ValueSource.plugin)}


def test_nul_never_reaches_a_contact_field(session):
    conversation_id = start_form_chat(
        session, name="Nu\x00ll", email="", language="", page="", now=NOW
    )
    contact = session.get(Contact, session.get(Conversation, conversation_id).contact_id)
    assert contact.name == "Null"
