"""/contacts: the contact directory; /contacts/<id>: one contact, their conversations, erasure."""

import reflex as rx

from inbox_app.components.a11y import VISUALLY_HIDDEN
from inbox_app.components.contact_import import import_dialog
from inbox_app.components.contact_merge import merge_dialog
from inbox_app.components.contact_panel import source_badge
from inbox_app.components.i18n import t
from inbox_app.components.navigation import navigation
from inbox_app.components.new_email import new_email_dialog, start_email_button
from inbox_app.models.dto import ContactRow, FieldView, PreviousConversation
from inbox_app.state.contacts import ContactPageState, ContactsState

COLUMNS = (
    (t("Name"), "name"),
    (t("Email"), "email"),
    (t("Company"), "company"),
    (t("Last seen"), "last_seen"),
    (t("Conversations"), "conversations"),
)


def _sortable(label: rx.Var[str], column: str) -> rx.Component:
    sorted_here = ContactsState.sort == column
    arrow = rx.cond(sorted_here, rx.cond(ContactsState.descending, " ↓", " ↑"), "")
    return rx.table.column_header_cell(
        rx.button(
            label,
            arrow,
            variant="ghost",
            size="1",
            aria_label=t("Sort by {name}", name=label),
            on_click=ContactsState.sort_by(column),
        ),
        aria_sort=rx.cond(
            sorted_here, rx.cond(ContactsState.descending, "descending", "ascending"), "none"
        ),
    )


def _row(row: ContactRow) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(rx.link(row.name, href=row.href)),
        rx.table.cell(row.email),
        rx.table.cell(row.company),
        rx.table.cell(row.last_seen),
        rx.table.cell(row.conversations),
    )


def _page(*children: rx.Component) -> rx.Component:
    return rx.hstack(
        navigation(),
        rx.box(*children, padding="2em", width="100%", style={"overflowY": "auto"}),
        spacing="0",
        width="100%",
        height="100vh",
    )


def _new_contact_dialog() -> rx.Component:
    fields = (
        (t("Name"), "name", "text"),
        (t("Email"), "email", "email"),
        (t("Phone"), "phone", "tel"),
        (t("Company"), "company", "text"),
    )
    return rx.dialog.root(
        rx.dialog.trigger(rx.button(t("New contact"))),
        rx.dialog.content(
            rx.dialog.title(t("New contact")),
            rx.form(
                rx.vstack(
                    *[
                        rx.input(name=name, type=kind, aria_label=label, placeholder=label)
                        for label, name, kind in fields
                    ],
                    rx.cond(
                        ContactsState.new_contact_error != "",
                        rx.text(ContactsState.new_contact_error, role="alert", color_scheme="red"),
                    ),
                    rx.hstack(
                        rx.dialog.close(rx.button(t("Cancel"), type="button", variant="soft")),
                        rx.button(t("Create contact"), type="submit"),
                        justify="end",
                        width="100%",
                    ),
                ),
                on_submit=ContactsState.create_contact,
                reset_on_submit=False,
            ),
        ),
        open=ContactsState.new_contact_open,
        on_open_change=ContactsState.set_new_contact_open,
    )


def contacts_page() -> rx.Component:
    return _page(
        rx.heading(t("Contacts"), size="6", margin_bottom="0.5em"),
        rx.hstack(
            rx.input(
                rx.input.slot(rx.icon("search", size=14)),
                type="search",
                aria_label=t("Search contacts"),
                placeholder=t("Name, email, phone or company"),
                default_value=ContactsState.search,
                on_change=ContactsState.set_contact_search.debounce(250),
                width="360px",
            ),
            rx.spacer(),
            _new_contact_dialog(),
            import_dialog(),
            rx.button(t("Export CSV"), variant="soft", on_click=ContactsState.export_contacts),
            width="100%",
        ),
        rx.table.root(
            rx.el.caption(t("Contacts"), style=VISUALLY_HIDDEN),  # the table's name
            rx.table.header(rx.table.row(*[_sortable(label, key) for label, key in COLUMNS])),
            rx.table.body(rx.foreach(ContactsState.rows, _row)),
            width="100%",
            margin_top="1em",
        ),
        rx.cond(
            ContactsState.rows.length() >= ContactsState.limit,
            rx.button(t("Load more"), variant="soft", on_click=ContactsState.more_contacts),
        ),
        rx.cond(
            ContactsState.rows.length() == 0,
            rx.text(t("No contacts match."), color_scheme="gray", padding_top="1em"),
        ),
    )


def _field(item: FieldView) -> rx.Component:
    return rx.data_list.item(
        rx.data_list.label(item.label),
        rx.data_list.value(
            rx.hstack(
                rx.text(item.value),
                rx.cond(item.source != "", source_badge(item.source)),
                align="center",
            )
        ),
    )


def _conversation(item: PreviousConversation) -> rx.Component:
    return rx.el.li(
        rx.link(item.preview, href=item.href),
        rx.text(" · ", item.state, " · ", item.time_label, as_="span", color_scheme="gray"),
    )


def _delete_button() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.trigger(rx.button(t("Delete contact"), color_scheme="red", variant="soft")),
        rx.alert_dialog.content(
            rx.alert_dialog.title(t("Delete this contact for good?")),
            rx.alert_dialog.description(
                t(
                    "The contact, all their conversations, messages and files are erased. "
                    "This cannot be undone."
                )
            ),
            rx.hstack(
                rx.alert_dialog.cancel(rx.button(t("Cancel"), variant="soft", color_scheme="gray")),
                rx.alert_dialog.action(
                    rx.button(
                        t("Delete"), color_scheme="red", on_click=ContactPageState.delete_contact
                    )
                ),
                justify="end",
                spacing="3",
                margin_top="1em",
            ),
        ),
    )


def contact_page() -> rx.Component:
    contact = ContactPageState.contact
    return _page(
        rx.link("← ", t("Contacts"), href="/contacts", size="2"),
        rx.cond(
            ContactPageState.found,
            rx.vstack(
                rx.hstack(
                    rx.heading(contact.display_name, size="6"),
                    rx.cond(contact.blocked, rx.badge(t("Blocked"), color_scheme="red")),
                    rx.spacer(),
                    rx.button(
                        rx.cond(contact.blocked, t("Unblock contact"), t("Block contact")),
                        variant="soft",
                        on_click=ContactPageState.toggle_blocked,
                    ),
                    merge_dialog(),
                    _delete_button(),
                    width="100%",
                    align="center",
                ),
                start_email_button(contact_id=contact.id, email=contact.email),
                new_email_dialog(with_pen=False),
                rx.data_list.root(rx.foreach(contact.fields, _field), aria_label=t("Details")),
                rx.heading(t("Visitor facts"), size="3"),
                rx.data_list.root(rx.foreach(contact.facts, _field), aria_label=t("Visitor facts")),
                rx.heading(t("Custom attributes"), size="3"),
                rx.data_list.root(
                    rx.foreach(contact.attributes, _field), aria_label=t("Attributes")
                ),
                rx.heading(t("Conversations"), size="3"),
                rx.el.ul(
                    rx.foreach(ContactPageState.conversations, _conversation),
                    aria_label=t("Conversations"),
                ),
                align="start",
                spacing="3",
                width="100%",
                padding_top="1em",
            ),
            rx.text(t("This contact does not exist (any more)."), padding_top="1em"),
        ),
    )
