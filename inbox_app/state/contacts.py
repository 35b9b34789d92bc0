"""The contact directory (/contacts) and one contact's page (/contacts/<id>)."""

from __future__ import annotations

import reflex as rx

from inbox_app.db import session_scope
from inbox_app.models.dto import AgentView, ContactRow, ContactView, PreviousConversation
from inbox_app.models.tables import Contact, utcnow
from inbox_app.realtime import events
from inbox_app.services.attachments.storage import delete_stored_files
from inbox_app.services.contacts import creation, directory, editing
from inbox_app.services.contacts.erasure import erase_contact
from inbox_app.services.contacts.export import contacts_csv
from inbox_app.services.conversations.detail import contact_view, previous_conversations
from inbox_app.services.errors import DomainError
from inbox_app.services.rendering import Reader
from inbox_app.settings import get_settings
from inbox_app.state import readers
from inbox_app.state.auth import AuthState
from inbox_app.state.guards import agent_event

NEWEST_FIRST = {"last_seen", "conversations"}  # sorted by these, the biggest come first


class ContactsState(AuthState):
    rows: list[ContactRow] = []
    search: str = ""
    sort: str = "name"
    descending: bool = False
    limit: int = directory.PAGE_SIZE
    new_contact_open: bool = False
    new_contact_error: str = ""

    async def _load(self) -> None:
        self.rows = await readers.read(
            _directory_page,
            search=self.search,
            sort=self.sort,
            descending=self.descending,
            limit=self.limit,
            reader=self._reader(),
        )

    @agent_event
    async def open_contacts(self, agent: AgentView):
        await self._load()

    @agent_event
    async def set_contact_search(self, agent: AgentView, text: str):
        self.search, self.limit = str(text)[:200], directory.PAGE_SIZE
        await self._load()

    @agent_event
    async def sort_by(self, agent: AgentView, column: str):
        if column not in directory.SORTS:
            return
        if column == self.sort:
            self.descending = not self.descending
        else:
            self.sort, self.descending = column, column in NEWEST_FIRST
        await self._load()

    @agent_event
    def set_new_contact_open(self, agent: AgentView, is_open: bool):
        self.new_contact_open, self.new_contact_error = bool(is_open), ""

    @agent_event
    def create_contact(self, agent: AgentView, form_data: dict):
        values = {field: str(form_data.get(field, "")) for field in creation.FIELDS}
        try:
            with session_scope() as session:
                contact_id = creation.create_contact(session, values=values, now=utcnow())
        except DomainError as error:
            self.new_contact_error = error.said(self.ui_language)
            return None
        self.new_contact_open = False
        return rx.redirect(f"/contacts/{contact_id}")

    @agent_event
    def export_contacts(self, agent: AgentView):
        """What the directory shows now (its search), as a CSV file."""
        with session_scope() as session:
            data = contacts_csv(session, search=self.search)
        return rx.download(data=data, filename="contacts.csv")

    @agent_event
    async def more_contacts(self, agent: AgentView):
        self.limit = min(self.limit + directory.PAGE_SIZE, 1000)
        await self._load()


def _directory_page(
    *, search: str, sort: str, descending: bool, limit: int, reader: Reader
) -> list[ContactRow]:
    with session_scope() as session:
        return directory.list_contacts(
            session,
            search=search,
            sort=sort,
            descending=descending,
            limit=limit,
            now=utcnow(),
            reader=reader,
        )


class ContactPageState(AuthState):
    contact: ContactView = ContactView(0, "", False)
    conversations: list[PreviousConversation] = []
    found: bool = True

    @agent_event
    def open_contact(self, agent: AgentView):
        raw = self.router.url.path.rstrip("/").rsplit("/", 1)[-1]  # /contacts/<id>
        self._show_contact(int(raw) if raw.isdigit() else 0)

    def _show_contact(self, contact_id: int) -> None:
        with session_scope() as session:
            contact = session.get(Contact, contact_id) if contact_id else None
            self.found = contact is not None
            if contact is None:
                self.contact, self.conversations = ContactView(0, "", False), []
                return
            self.contact = contact_view(
                session, contact=contact, now=utcnow(), reader=self._reader()
            )
            self.conversations = previous_conversations(
                session,
                contact_id=contact.id or 0,
                exclude_id=0,
                view_slug="all",
                now=utcnow(),
                reader=self._reader(),
            )

    @agent_event
    def toggle_blocked(self, agent: AgentView):
        blocked = not self.contact.blocked
        try:
            with session_scope() as session:
                editing.set_blocked(session, contact_id=self.contact.id, blocked=blocked)
                contact = session.get(Contact, self.contact.id)
                if contact is not None:
                    self.contact = contact_view(
                        session, contact=contact, now=utcnow(), reader=self._reader()
                    )
        except DomainError as error:
            return rx.toast.error(error.said(self.ui_language))
        events.everything_changed()  # headers and widgets follow
        return rx.toast(
            self._said("Contact blocked") if blocked else self._said("Contact unblocked")
        )

    @agent_event
    def delete_contact(self, agent: AgentView):
        try:
            with session_scope() as session:
                files = erase_contact(session, actor=agent, contact_id=self.contact.id)
        except DomainError as error:
            return rx.toast.error(error.said(self.ui_language))
        delete_stored_files(upload_dir=get_settings().upload_dir, storage_keys=files)
        events.everything_changed()  # their conversations leave every list at once
        name = self.contact.display_name
        return [
            rx.redirect("/contacts"),
            rx.toast(self._said("{name} and their conversations deleted", name=name)),
        ]
