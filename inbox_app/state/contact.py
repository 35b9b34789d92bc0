"""The contact panel: edit fields and custom attributes, merge another contact into this one."""

from __future__ import annotations

import reflex as rx

from inbox_app.db import session_scope
from inbox_app.models.dto import AgentView
from inbox_app.models.enums import ValueSource
from inbox_app.services import contacts
from inbox_app.state.auth import LOGIN_ROUTE
from inbox_app.state.inbox import InboxState

_EDITABLE = ("name", "email", "phone", "company", "notes")


class ContactState(InboxState):
    def _done(self, agent: AgentView) -> None:
        self.contact_error = ""
        self._open(agent.id)
        self._refresh_list(agent.id)
        self._publish(self.conversation_id)

    async def _run(self, call, **arguments):
        agent = await self._authenticate()
        if agent is None:
            return rx.redirect(LOGIN_ROUTE)
        if not self.contact.id:
            return None
        try:
            with session_scope() as session:
                call(session, **arguments)
        except contacts.ContactError as error:
            self.contact_error = str(error)
            return None
        self._done(agent)
        return True

    @rx.event
    async def start_edit(self):
        if await self._authenticate() is None:
            return rx.redirect(LOGIN_ROUTE)
        self.editing, self.contact_error = True, ""
        return None

    @rx.event
    async def cancel_edit(self):
        if await self._authenticate() is None:
            return rx.redirect(LOGIN_ROUTE)
        self.editing, self.contact_error = False, ""
        return None

    @rx.event
    async def save_contact(self, form_data: dict):
        changes = {name: str(form_data.get(name, "")) for name in _EDITABLE}
        done = await self._run(contacts.update_contact, contact_id=self.contact.id, changes=changes)
        if done is True:
            self.editing = False
            return rx.toast("Contact saved")
        return done

    @rx.event
    async def add_attribute(self, form_data: dict):
        done = await self._run(contacts.set_attribute, contact_id=self.contact.id, key=str(form_data.get("key", "")),
                         value=str(form_data.get("value", "")), source=ValueSource.manual)  # fmt: skip
        return None if done is True else done

    @rx.event
    async def remove_attribute(self, key: str):
        done = await self._run(contacts.delete_attribute, contact_id=self.contact.id, key=str(key))
        return None if done is True else done

    @rx.event
    async def merge_by_email(self, form_data: dict):
        agent = await self._authenticate()
        if agent is None:
            return rx.redirect(LOGIN_ROUTE)
        with session_scope() as session:
            other = contacts.find_by_email(session, email=str(form_data.get("email", "")))
        if other is None:
            self.contact_error = "No contact has that email address."
            return None
        done = await self._run(contacts.merge_contacts, keep_id=self.contact.id, merge_id=other)
        return rx.toast("Contacts merged") if done is True else done
