"""`New email` (the message list's pen) and `Start an email` (a contact's panel or page): one
dialog that starts an outgoing email conversation; its first mail goes to the outbox."""

from __future__ import annotations

import reflex as rx

from inbox_app.db import session_scope
from inbox_app.i18n import mark
from inbox_app.mail import lifespan as mail_lifespan
from inbox_app.mail.config import get_mail_settings
from inbox_app.models.dto import AgentView
from inbox_app.models.tables import Contact, utcnow
from inbox_app.services.conversations.start import start_outgoing_email
from inbox_app.services.email.outgoing import queue_first_mail
from inbox_app.services.errors import DomainError
from inbox_app.state.guards import agent_event
from inbox_app.state.open_conversation import OpenConversationState

NO_EMAIL = mark("This contact has no email address.")


class NewEmailState(OpenConversationState):
    new_email_open: bool = False
    new_email_error: str = ""
    new_email_to: str = ""  # the To field's first value: a contact's address, or empty

    @agent_event
    def set_new_email_open(self, agent: AgentView, is_open: bool):
        self.new_email_open, self.new_email_error, self.new_email_to = bool(is_open), "", ""

    @agent_event
    def start_email(self, agent: AgentView, contact_id: int):
        """`Start an email` to a contact: the dialog with their address in To. The address is
        read here, not taken from the browser."""
        with session_scope() as session:
            contact = session.get(Contact, int(contact_id))
            email = contact.email if contact else None
        if not email:
            return rx.toast.error(self._said(NO_EMAIL))
        self.new_email_to, self.new_email_error, self.new_email_open = email, "", True
        return None

    @agent_event
    def send_new_email(self, agent: AgentView, form_data: dict):
        try:
            with session_scope() as session:
                conversation_id = start_outgoing_email(
                    session,
                    actor=agent,
                    to_email=str(form_data.get("to", "")),
                    subject=str(form_data.get("subject", "")),
                    body=str(form_data.get("body", "")),
                    now=utcnow(),
                )
                queue_first_mail(
                    session,
                    conversation_id=conversation_id,
                    now=utcnow(),
                    domain=get_mail_settings().domain,
                )
        except DomainError as error:
            self.new_email_error = error.said(self.ui_language)
            return None
        self.new_email_open, self.new_email_to = False, ""
        mail_lifespan.wake()
        self._publish(conversation_id)
        return rx.redirect(f"/inbox/all/{conversation_id}")
