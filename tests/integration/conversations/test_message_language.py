"""Every channel's contact messages get their language; the conversation follows the latest
one that had a clear language (issue 14)."""

import pytest
from sqlmodel import select

from inbox_app.models.enums import MessageKind, Role
from inbox_app.models.tables import Conversation, Message
from inbox_app.services import app_settings
from inbox_app.services.conversations.messages import post_agent_message, post_incoming
from inbox_app.services.email.parsing import parse_mail
from inbox_app.services.email.receive import receive_mail
from inbox_app.services.errors import DomainError
from inbox_app.services.team.agents import create_agent
from inbox_app.services.widget.ingest import store_widget_message
from tests.integration.conftest import NOW, make_conversation
from tests.integration.test_mail_receiving import OURS, mail_bytes


def _widget(session, chat, body, key):
    return store_widget_message(
        session, conversation_id=chat.id, visitor_key=chat.visitor_key, body=body, now=NOW, key=key
    ).message


def _language_of(session, conversation_id):
    session.expire_all()
    return session.get(Conversation, conversation_id).language


def test_a_widget_message_gets_its_language_and_the_chat_follows(session, team):
    chat = make_conversation(session)
    first = _widget(session, chat, "Hallo, ich habe eine Frage zu meiner Rechnung", "k1")
    assert session.get(Message, first.id).language == "de"
    assert _language_of(session, chat.id) == "de"
    _widget(session, chat, "ok", "k2")  # too short to tell: the chat keeps German
    assert _language_of(session, chat.id) == "de"
    _widget(session, chat, "Sorry, could you answer in English please?", "k3")
    assert _language_of(session, chat.id) == "en"


def test_an_agent_reply_never_changes_the_language(session, team):
    chat = make_conversation(session)
    post_incoming(session, conversation_id=chat.id, body="Où est ma commande ?", now=NOW)
    reply = post_agent_message(
        session,
        agent_id=team["anna"].id,
        conversation_id=chat.id,
        kind=MessageKind.reply,
        body="Your parcel left our warehouse yesterday and arrives tomorrow.",
        now=NOW,
    )
    assert (reply.language, _language_of(session, chat.id)) == (None, "fr")


def test_a_mail_gets_the_language_of_its_subject_and_text(session, tmp_path):
    raw = mail_bytes(subject="Pedido retrasado", body="Hola, ¿cuándo llega mi pedido?")
    got = receive_mail(
        session, mail=parse_mail(raw), own_address=OURS, upload_dir=tmp_path, now=NOW
    )
    stored = session.exec(select(Message).where(Message.id == got.message_id)).one()
    assert (stored.language, _language_of(session, got.conversation_ids[0])) == ("es", "es")


def test_cards_name_the_language_and_the_list_filters_by_it(session, team):
    from tests.integration.conversations.test_views import cards

    german, english = (
        make_conversation(session, name="Greta"),
        make_conversation(session, name="Ed"),
    )
    post_incoming(session, conversation_id=german.id, body="Guten Tag, wo ist mein Paket?", now=NOW)
    post_incoming(session, conversation_id=english.id, body="Hello, where is my parcel?", now=NOW)
    shown = {card.contact_name: card.language for card in cards(session, team["anna"].id)}
    assert (shown["Greta"], shown["Ed"]) == ("Deutsch", "English")
    only_german = cards(session, team["anna"].id, language="de")
    assert [card.contact_name for card in only_german] == ["Greta"]


def test_the_contact_panel_says_which_language_they_write_in(session, team):
    from inbox_app.services.conversations.opening import open_conversation

    chat = make_conversation(session)
    post_incoming(session, conversation_id=chat.id, body="Hola, ¿dónde está mi pedido?", now=NOW)
    opened = open_conversation(
        session, agent_id=team["anna"].id, conversation_id=chat.id, view_slug="all", now=NOW
    )
    assert [(f.label, f.value) for f in opened.contact.facts][0] == ("Writes in", "Español")


def test_an_admin_chooses_the_languages_messages_are_told_apart_among(session, team):
    admin = create_agent(
        session, email="ada@example.com", password="password-3", name="Ada", role=Role.admin
    )
    agent = team["ben"]
    italian = "Buongiorno, vorrei sapere quando arriva il mio ordine, grazie mille"
    chat = make_conversation(session)
    before = post_incoming(session, conversation_id=chat.id, body=italian, now=NOW)
    assert before.language != "it"  # Italian is not among the defaults

    chosen = app_settings.set_detected_languages(session, actor=admin, codes=["de", "en", "it"])
    assert chosen == {"de", "en", "it"} == app_settings.detected_languages(session)
    after = post_incoming(session, conversation_id=chat.id, body=italian, now=NOW)
    assert after.language == "it"

    for refused, codes in ((admin, ["de"]), (admin, ["de", "xx"]), (agent, ["de", "en"])):
        with pytest.raises(DomainError):
            app_settings.set_detected_languages(session, actor=refused, codes=codes)
    assert app_settings.detected_languages(session) == {"de", "en", "it"}  # nothing changed
