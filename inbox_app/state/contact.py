"""The contact panel: edit fields and custom attributes, merge another contact into this one."""

from __future__ import annotations

import reflex as rx

from inbox_app.db import session_scope
from inbox_app.models.dto import AgentView
from inbox_app.models.enums import ValueSource
from inbox_app.services.contacts import editing as contacts
from inbox_app.services.errors import DomainError
from inbox_app.state.guards import agent_event
from inbox_app.state.open_conversation import OpenConversationState

_EDITABLE = ("name", "email", "phone", "company", "notes")


class ContactState(OpenConversationState):
    def _done(self, agent: AgentView) -> None:
        self.contact_error = ""
        self._open(agent.id)
        self._refresh_list(agent.id)
        self._publish(self.conversation_id)

    def _run(self, agent: AgentView, call, **arguments) -> bool:
        """Run one contact service; a refusal shows under the panel and changes nothing."""
        if not self.contact.id:
            return False
        try:
            with session_scope() as session:
                call(session, **arguments)
        except DomainError as error:
            self.contact_error = error.said(self.ui_language)
            return False
        self._done(agent)
        return True

    @agent_event
    def start_edit(self, agent: AgentView):
        self.editing, self.contact_error = True, ""

    @agent_event
    def cancel_edit(self, agent: AgentView):
        self.editing, self.contact_error = False, ""

    @agent_event
    def save_contact(self, agent: AgentView, form_data: dict):
        changes = {name: str(form_data.get(name, "")) for name in _EDITABLE}
        if not self._run(
            agent, contacts.update_contact, contact_id=self.contact.id, changes=changes
        ):
            return None
        self.editing = False
        return rx.toast(self._said("Contact saved"))

    @agent_event
    def add_attribute(self, agent: AgentView, form_data: dict):
        key, value = str(form_data.get("key", "")), str(form_data.get("value", ""))
        self._run(
            agent,
            contacts.set_attribute,
            contact_id=self.contact.id,
            key=key,
            value=value,
            source=ValueSource.manual,
        )

    @agent_event
    def remove_attribute(self, agent: AgentView, key: str):
        self._run(agent, contacts.delete_attribute, contact_id=self.contact.id, key=str(key))

    @agent_event
    def merge_by_email(self, agent: AgentView, form_data: dict):
        with session_scope() as session:
            other = contacts.find_by_email(session, email=str(form_data.get("email", "")))
        if other is None:
            self.contact_error = self._said("No contact has that email address.")
            return None
        merged = self._run(agent, contacts.merge_contacts, keep_id=self.contact.id, merge_id=other)
        return rx.toast(self._said("Contacts merged")) if merged else None
