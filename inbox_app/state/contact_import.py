"""Import CSV on /contacts: the file's columns to check and map, then the import and its report.

The file is read once on upload and kept in backend vars (never sent to the browser); the
browser gets the columns with a few sample values, and the rows refused with their reason.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import reflex as rx

from inbox_app.db import session_scope
from inbox_app.models.dto import AgentView
from inbox_app.models.tables import utcnow
from inbox_app.services.contacts import csv_rows
from inbox_app.services.contacts.csv_rows import CheckedRows, CsvTable, Refusal
from inbox_app.services.contacts.importing import ImportCounts, import_contacts
from inbox_app.services.errors import DomainError
from inbox_app.state.contacts import ContactsState
from inbox_app.state.guards import agent_event

UPLOAD_ID = "contacts_csv"
SAMPLES = 3
REFUSALS_SHOWN = 200  # a file of 10,000 bad rows would be a very long list: the count says it


@dataclass(frozen=True)
class ImportColumn:
    index: int
    header: str
    sample: str
    target: str


class ContactImportState(ContactsState):
    import_open: bool = False
    import_file: str = ""
    import_columns: list[ImportColumn] = []
    import_error: str = ""
    import_summary: str = ""
    import_refused: list[Refusal] = []
    _import_table: CsvTable | None = None

    def _reset_import(self) -> None:
        self.import_file, self.import_columns, self._import_table = "", [], None
        self.import_error, self.import_summary, self.import_refused = "", "", []

    @agent_event
    def set_import_open(self, agent: AgentView, is_open: bool):
        self.import_open = bool(is_open)
        self._reset_import()

    @agent_event
    async def read_import_file(self, agent: AgentView, files: list[rx.UploadFile]):
        self._reset_import()
        if not files:
            return
        data = await files[0].read(csv_rows.MAX_BYTES + 1)  # a bigger file is refused whole
        try:
            table = csv_rows.read_table(data)
        except DomainError as error:
            self.import_error = error.said(self.ui_language)
            return
        self._import_table, self.import_file = table, str(files[0].name or "")[:200]
        self.import_columns = [
            ImportColumn(index, header, _sample(table, index), target)
            for index, (header, target) in enumerate(
                zip(table.columns, csv_rows.guess_mapping(table.columns), strict=True)
            )
        ]

    @agent_event
    def map_column(self, agent: AgentView, index: int, target: str):
        if target not in csv_rows.TARGETS:
            return
        self.import_columns = [
            ImportColumn(c.index, c.header, c.sample, target if c.index == int(index) else c.target)
            for c in self.import_columns
        ]

    @agent_event
    async def run_import(self, agent: AgentView):
        if self._import_table is None:
            self.import_error = self._said("Choose a CSV file first.")
            return
        mapping = [column.target for column in self.import_columns]
        try:
            checked = csv_rows.check_rows(self._import_table, mapping)
            counts = await asyncio.to_thread(_store, checked)
        except DomainError as error:
            self.import_error = error.said(self.ui_language)
            return
        self.import_error, self.import_columns, self._import_table = "", [], None
        self.import_summary = _summary(counts, refused=len(checked.refused))
        self.import_refused = checked.refused[:REFUSALS_SHOWN]
        await self._load()


def _store(checked: CheckedRows) -> ImportCounts:
    with session_scope() as session:
        return import_contacts(session, rows=checked.accepted, now=utcnow())


def _sample(table: CsvTable, index: int) -> str:
    values = [row[index] for row in table.rows[:SAMPLES] if index < len(row) and row[index]]
    return ", ".join(value[:40] for value in values)


def _summary(counts: ImportCounts, *, refused: int) -> str:
    imported = counts.created + counts.updated
    text = f"{imported} contacts imported ({counts.created} new, {counts.updated} updated)."
    if refused:
        text += f" {refused} rows refused:" if refused > 1 else " 1 row refused:"
    return text
