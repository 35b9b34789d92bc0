"""Starting a chat: from the widget's form (a new visitor, or a signed-in user we know), and
proactively by an agent from the Visitors online page. Every chat starts here.

A proactive chat is a conversation for an anonymous visitor (a contact without a name) that
opens with the agent's reply and is assigned to that agent, so the answer lands in their inbox.
A visitor who already chats gets the message in that conversation instead.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from inbox_app.i18n import mark
from inbox_app.models.dto import AgentView
from inbox_app.models.enums import Channel, MessageKind, ValueSource
from inbox_app.models.tables import AgentGroup, Contact
from inbox_app.services import counters
from inbox_app.services.contacts.editing import ContactError, clean_field
from inbox_app.services.contacts.visits import note_software
from inbox_app.services.conversations import messages
from inbox_app.services.conversations.actions import assign_agents
from inbox_app.services.conversations.start import start_conversation
from inbox_app.services.statistics import facts
from inbox_app.services.widget import config as widget_config
from inbox_app.services.widget import identity as visitor_identity
from inbox_app.services.widget.visitors import NEUTRAL_REFUSAL, VisitorError, check_open


def start_from_form(
    session: Session,
    *,
    name: str,
    email: str,
    language: str,
    page: str,
    now: datetime,
    group_id: int | None = None,
    user_id: str = "",
    user_hash: str = "",
    user_agent: str = "",
) -> int:
    """The new conversation's id. Raises WidgetConfigError (a required field is missing),
    IdentityError (a user id with a wrong or no signature) or VisitorError; nothing is created then."""
    form = widget_config.widget_form(session)
    name, email = widget_config.checked_form(form, name=name, email=email)
    group_id = widget_config.routable_group(session, form=form, group_id=group_id)
    user = (
        visitor_identity.verified_user_id(session, user_id=user_id, signature=user_hash)
        if user_id.strip() or user_hash.strip()
        else None
    )
    known = visitor_identity.contact_of_user(session, user_id=user) if user else None
    if known is not None:
        known.last_seen_at = now  # a signed-in user coming back: this is a later visit
        note_software(known, user_agent=user_agent)
        return _new_chat(session, contact=known, now=now, group_id=group_id)
    contact = _form_contact(session, name=name, email=email, language=language, page=page, now=now)
    contact.external_user_id = user
    note_software(contact, user_agent=user_agent)
    return _new_chat(session, contact=contact, now=now, group_id=group_id)


def start_form_chat(
    session: Session,
    *,
    name: str,
    email: str,
    language: str,
    page: str,
    now: datetime,
    group_id: int | None = None,
) -> int:
    """A contact from the pre-chat form (source "form") and its new chat conversation, routed
    to the group the site chose when there is one. The form's own rules are not checked here."""
    contact = _form_contact(session, name=name, email=email, language=language, page=page, now=now)
    return _new_chat(session, contact=contact, now=now, group_id=group_id)


def _form_contact(
    session: Session, *, name: str, email: str, language: str, page: str, now: datetime
) -> Contact:
    try:
        clean_name, clean_email = clean_field("name", name), clean_field("email", email)
    except ContactError as error:
        raise VisitorError(str(error)) from error
    given = (("name", clean_name), ("email", clean_email))
    contact = Contact(
        name=clean_name,
        email=clean_email,
        field_sources={key: ValueSource.form.value for key, value in given if value},
        language=language[:35] or None,
        first_page=page[:2000] or None,
        first_seen_at=now,
        last_seen_at=now,
    )
    session.add(contact)
    session.flush()
    return contact


def _new_chat(session: Session, *, contact: Contact, now: datetime, group_id: int | None) -> int:
    """A chat conversation for the contact, in the group when that group exists."""
    if contact.blocked:
        raise VisitorError(NEUTRAL_REFUSAL)
    conversation = start_conversation(
        session, contact_id=contact.id or 0, channel=Channel.chat, now=now
    )
    if group_id is not None and session.get(AgentGroup, group_id) is not None:
        before = counters.keys_of(session, conversation)
        conversation.group_id, conversation.is_unassigned = group_id, False
        session.add(conversation)
        session.flush()
        facts.group_changed(session, conversation_id=conversation.id or 0, group_id=group_id)
        counters.move(session, before=before, after=counters.keys_of(session, conversation))
        session.commit()
    return conversation.id or 0


def start_proactive_chat(
    session: Session,
    *,
    actor: AgentView,
    body: str,
    language: str,
    page_url: str,
    first_seen: datetime,
    existing_conversation_id: int | None,
    now: datetime,
) -> tuple[int, bool]:
    """(conversation id, created): the agent's message as a reply, in a new chat if needed."""
    if not body.strip():
        raise messages.MessageError(mark("Write a message first."))
    created = not _still_open(session, existing_conversation_id)
    conversation_id = existing_conversation_id or 0
    if created:
        contact = Contact(
            language=language[:35] or None,
            first_page=page_url[:2000] or None,
            first_seen_at=first_seen,
            last_seen_at=now,
        )
        session.add(contact)
        session.flush()
        conversation_id = _new_chat(session, contact=contact, now=now, group_id=None)
        assign_agents(
            session, actor=actor, conversation_id=conversation_id, agent_ids=[actor.id], now=now
        )
    messages.post_agent_message(
        session,
        agent_id=actor.id,
        conversation_id=conversation_id,
        kind=MessageKind.reply,
        body=body,
        now=now,
    )
    return conversation_id, created


def _still_open(session: Session, conversation_id: int | None) -> bool:
    if not conversation_id:
        return False
    try:
        check_open(session, conversation_id=conversation_id)
    except VisitorError:
        return False
    return True
