"""Reading a CSV file of contacts and checking each row, before anything is written.

Pure: bytes in, rows and refusals out. A file that cannot be read at all is refused as a whole
(ImportRefused); a row that is wrong is refused with its reason and the others go on. Email is
the key (the import is an upsert by email), so every row needs a valid one.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from email_validator import EmailNotValidError, validate_email

from inbox_app.i18n import mark
from inbox_app.services.clean_text import clean_text
from inbox_app.services.contacts.editing import (
    EDITABLE_FIELDS,
    MAX_KEY_CHARS,
    MAX_VALUE_CHARS,
    ContactError,
    clean_field,
)
from inbox_app.services.errors import DomainError

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 10_000
STANDARD = ("name", "email", "phone", "company")
ATTRIBUTE, SKIP = "attribute", "skip"
TARGETS = (*STANDARD, ATTRIBUTE, SKIP)
_HEADERS = {
    "name": {"name", "full name", "contact", "contact name"},
    "email": {"email", "e-mail", "email address", "e-mail address", "mail"},
    "phone": {"phone", "telephone", "phone number", "mobile", "tel"},
    "company": {"company", "organisation", "organization", "company name"},
    SKIP: {"id", "notes", "first_seen", "last_seen"},  # what Export CSV adds beside the fields
}


class ImportRefused(DomainError):
    """The file as a whole cannot be imported; the text is safe to show."""


@dataclass(frozen=True)
class CsvTable:
    columns: list[str]
    rows: list[list[str]]
    lines: list[int]  # each row's number in the file as a spreadsheet shows it (header: 1)


@dataclass(frozen=True)
class ImportRow:
    line: int  # the row's number in the file (see CsvTable.lines)
    email: str
    fields: dict[str, str] = field(default_factory=dict)
    attributes: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Refusal:
    line: int
    reason: str


@dataclass(frozen=True)
class CheckedRows:
    accepted: list[ImportRow]
    refused: list[Refusal]


def read_table(data: bytes) -> CsvTable:
    """The header and the rows of a UTF-8 CSV (comma, semicolon or tab separated)."""
    if len(data) > MAX_BYTES:
        raise ImportRefused(
            mark("The file is over {megabytes} MB."), megabytes=MAX_BYTES // (1024 * 1024)
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportRefused(mark("Save the file as CSV in UTF-8, then try again.")) from error
    try:
        reader = csv.reader(io.StringIO(text), _dialect(text))
        records = [(number, row) for number, row in enumerate(reader, 1) if any(row)]
    except csv.Error as error:
        raise ImportRefused(
            mark("This is not a CSV file that can be read ({error})."), error=error
        ) from error
    if len(records) < 2:
        raise ImportRefused(mark("The file needs a header row and at least one contact."))
    if len(records) - 1 > MAX_ROWS:
        raise ImportRefused(
            mark("At most {max_rows:,} contacts at once; split the file."), max_rows=MAX_ROWS
        )
    header = records[0][1]
    columns = [clean_text(h).strip() or f"Column {n}" for n, h in enumerate(header, 1)]
    rows = records[1:]
    return CsvTable(columns=columns, rows=[r for _, r in rows], lines=[n for n, _ in rows])


def _dialect(text: str) -> type[csv.Dialect]:
    try:
        return csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        return csv.excel


def guess_mapping(columns: list[str]) -> list[str]:
    """A target for each column from its header; other columns become custom attributes."""
    taken: set[str] = set()
    mapping = []
    for header in columns:
        found = next((t for t, names in _HEADERS.items() if header.lower() in names), ATTRIBUTE)
        if found in STANDARD and found in taken:
            found = SKIP
        taken.add(found)
        mapping.append(found)
    return mapping


def check_rows(table: CsvTable, mapping: list[str]) -> CheckedRows:
    """Each row as values to store, or refused with its reason (bad or repeated email, a
    value too long)."""
    _check_mapping(table.columns, mapping)
    accepted: list[ImportRow] = []
    refused: list[Refusal] = []
    first_line: dict[str, int] = {}
    for number, cells in zip(table.lines, table.rows, strict=True):
        try:
            row = _row(number, table.columns, mapping, cells)
        except ContactError as error:
            refused.append(Refusal(number, str(error)))
            continue
        if row.email in first_line:
            refused.append(Refusal(number, f"The same email as row {first_line[row.email]}."))
            continue
        first_line[row.email] = number
        accepted.append(row)
    return CheckedRows(accepted=accepted, refused=refused)


def _check_mapping(columns: list[str], mapping: list[str]) -> None:
    if len(mapping) != len(columns) or any(target not in TARGETS for target in mapping):
        raise ImportRefused(mark("Choose what each column holds."))
    if mapping.count("email") != 1:
        raise ImportRefused(mark("Choose the one column that holds the email addresses."))
    for target in STANDARD:
        if mapping.count(target) > 1:
            raise ImportRefused(
                mark("Two columns are set to {field}."), field=EDITABLE_FIELDS[target][0]
            )
    for header, target in zip(columns, mapping, strict=True):
        if target == ATTRIBUTE and len(header) > MAX_KEY_CHARS:
            raise ImportRefused(
                mark("A column name is too long for an attribute: {header}…"), header=header[:40]
            )


def _row(number: int, columns: list[str], mapping: list[str], cells: list[str]) -> ImportRow:
    values = {"email": ""}
    attributes = {}
    for index, (header, target) in enumerate(zip(columns, mapping, strict=True)):
        cell = clean_text(cells[index] if index < len(cells) else "").strip()
        if target == ATTRIBUTE and cell:
            if len(cell) > MAX_VALUE_CHARS:
                raise ContactError(
                    mark("{header} is too long (at most {max_value_chars} characters)."),
                    header=header,
                    max_value_chars=MAX_VALUE_CHARS,
                )
            attributes[header] = cell
        elif target in STANDARD:
            values[target] = cell
    email = checked_email(values.pop("email"))
    fields = {name: clean_field(name, value) or "" for name, value in values.items() if value}
    return ImportRow(line=number, email=email, fields=fields, attributes=attributes)


def checked_email(value: str) -> str:
    """The address to store (domain normalised, then lower case), or ContactError."""
    if not value:
        raise ContactError(mark("No email address."))
    try:
        normalised = validate_email(value, check_deliverability=False).normalized
    except EmailNotValidError as error:
        raise ContactError(
            mark("Not a valid email address: {value_80}."), value_80=value[:80]
        ) from error
    try:
        return clean_field("email", normalised) or ""
    except ContactError as error:
        raise ContactError(
            mark("Not a valid email address: {value_80}."), value_80=value[:80]
        ) from error
