"""Merge on a contact's page: search for the other contact (anonymous visitors too, by their
number), confirm, and this page's contact keeps everything of both."""

from __future__ import annotations

import reflex as rx

from inbox_app.db import session_scope
from inbox_app.models.dto import AgentView, ContactRow
from inbox_app.models.tables import utcnow
from inbox_app.realtime import events
from inbox_app.services.contacts.editing import merge_contacts
from inbox_app.services.contacts.merging import merge_candidates
from inbox_app.services.errors import DomainError
from inbox_app.state import readers
from inbox_app.state.contacts import ContactPageState
from inbox_app.state.guards import agent_event

NO_CHOICE = ContactRow(0, "", "", "", "", 0, "")


class ContactMergeState(ContactPageState):
    merge_open: bool = False
    merge_search: str = ""
    merge_choices: list[ContactRow] = []
    merge_choice: ContactRow = NO_CHOICE
    merge_error: str = ""

    async def _find(self) -> None:
        self.merge_choices = await readers.read(
            _candidates, search=self.merge_search, exclude_id=self.contact.id
        )

    @agent_event
    async def set_merge_open(self, agent: AgentView, is_open: bool):
        self.merge_open, self.merge_search, self.merge_error = bool(is_open), "", ""
        self.merge_choice = NO_CHOICE
        if self.merge_open:
            await self._find()

    @agent_event
    async def search_merge(self, agent: AgentView, text: str):
        if str(text)[:200] == self.merge_search:
            return  # the debounced box says it again on blur (a click on a choice): keep it
        self.merge_search = str(text)[:200]
        await self._find()
        if all(row.id != self.merge_choice.id for row in self.merge_choices):
            self.merge_choice = NO_CHOICE  # a choice the new search still shows stays chosen

    @agent_event
    def choose_merge(self, agent: AgentView, contact_id: int):
        found = [row for row in self.merge_choices if row.id == int(contact_id)]
        self.merge_choice, self.merge_error = (found[0] if found else NO_CHOICE), ""

    @agent_event
    def merge(self, agent: AgentView):
        other = self.merge_choice
        if not other.id:
            self.merge_error = self._said("Choose the contact to merge first.")
            return None
        try:
            with session_scope() as session:
                merge_contacts(session, keep_id=self.contact.id, merge_id=other.id)
        except DomainError as error:
            self.merge_error = error.said(self.ui_language)
            return None
        self.merge_open, self.merge_choice = False, NO_CHOICE
        self._show_contact(self.contact.id)
        events.everything_changed()  # the merged contact's conversations change name everywhere
        return rx.toast(
            self._said(
                "{other} merged into {contact}",
                other=other.name,
                contact=self.contact.display_name,
            )
        )


def _candidates(*, search: str, exclude_id: int) -> list[ContactRow]:
    with session_scope() as session:
        return merge_candidates(session, search=search, exclude_id=exclude_id, now=utcnow())
