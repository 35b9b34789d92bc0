"""The Import CSV dialog of /contacts: choose a file, map its columns, import, read the report."""

from __future__ import annotations

import reflex as rx

from inbox_app.components.a11y import VISUALLY_HIDDEN
from inbox_app.components.i18n import t
from inbox_app.services.contacts.csv_rows import MAX_BYTES, Refusal
from inbox_app.state.contact_import import UPLOAD_ID, ContactImportState, ImportColumn

TARGET_LABELS = (
    ("skip", t("Skip")),
    ("name", t("Name")),
    ("email", t("Email")),
    ("phone", t("Phone")),
    ("company", t("Company")),
    ("attribute", t("Custom attribute")),
)
EXPLANATION = t(
    "A CSV file with a header row (UTF-8, up to 2 MB and 10,000 contacts). Rows are matched "
    "by email: a known email updates that contact, an empty cell keeps what is stored. "
    "Imported values show the source manual."
)


def _target(column: ImportColumn) -> rx.Component:
    return rx.select.root(
        rx.select.trigger(aria_label=t("Field for {name}", name=column.header)),
        rx.select.content(*[rx.select.item(label, value=key) for key, label in TARGET_LABELS]),
        value=column.target,
        on_change=lambda target: ContactImportState.map_column(column.index, target),
    )


def _column(column: ImportColumn) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(column.header),
        rx.table.cell(rx.text(column.sample, color_scheme="gray", size="2")),
        rx.table.cell(_target(column)),
    )


def _preview() -> rx.Component:
    return rx.vstack(
        rx.text(
            t("Columns of {file}", file=ContactImportState.import_file), weight="bold", size="2"
        ),
        rx.table.root(
            rx.el.caption(t("Import preview"), style=VISUALLY_HIDDEN),
            rx.table.header(
                rx.table.row(
                    *[
                        rx.table.column_header_cell(h)
                        for h in (t("Column"), t("Sample"), t("Field"))
                    ]
                )
            ),
            rx.table.body(rx.foreach(ContactImportState.import_columns, _column)),
            width="100%",
            size="1",
        ),
        rx.button(t("Import contacts"), on_click=ContactImportState.run_import),
        width="100%",
    )


def _refusal(row: Refusal) -> rx.Component:
    return rx.table.row(rx.table.cell(row.line), rx.table.cell(row.reason))


def _report() -> rx.Component:
    return rx.vstack(
        rx.text(ContactImportState.import_summary, role="status"),
        rx.cond(
            ContactImportState.import_refused.length() > 0,
            rx.table.root(
                rx.el.caption(t("Refused rows"), style=VISUALLY_HIDDEN),
                rx.table.header(
                    rx.table.row(
                        rx.table.column_header_cell(t("Row")),
                        rx.table.column_header_cell(t("Reason")),
                    )
                ),
                rx.table.body(rx.foreach(ContactImportState.import_refused, _refusal)),
                width="100%",
                size="1",
            ),
        ),
        width="100%",
    )


def import_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.trigger(rx.button(t("Import CSV"), variant="soft")),
        rx.dialog.content(
            rx.dialog.title(t("Import CSV")),
            rx.dialog.description(EXPLANATION, size="2"),
            rx.vstack(
                rx.upload.root(
                    rx.button(t("Choose a CSV file"), type="button", variant="outline"),
                    id=UPLOAD_ID,
                    accept={"text/csv": [".csv"], "text/plain": [".txt"]},
                    max_files=1,
                    max_size=MAX_BYTES,
                    multiple=False,
                    no_drag=False,
                    on_drop=ContactImportState.read_import_file(
                        rx.upload_files(upload_id=UPLOAD_ID)
                    ),
                ),
                rx.cond(
                    ContactImportState.import_error != "",
                    rx.text(ContactImportState.import_error, role="alert", color_scheme="red"),
                ),
                rx.cond(ContactImportState.import_columns.length() > 0, _preview()),
                rx.cond(ContactImportState.import_summary != "", _report()),
                rx.hstack(
                    rx.dialog.close(rx.button(t("Close"), type="button", variant="soft")),
                    justify="end",
                    width="100%",
                ),
                spacing="3",
                margin_top="1em",
            ),
            max_width="640px",
        ),
        open=ContactImportState.import_open,
        on_open_change=ContactImportState.set_import_open,
    )
