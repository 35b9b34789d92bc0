"""The Merge dialog of a contact's page: find the other contact, choose it, confirm."""

from __future__ import annotations

import reflex as rx

from inbox_app.components.i18n import t
from inbox_app.models.dto import ContactRow
from inbox_app.state.contact_merge import ContactMergeState

EXPLANATION = t(
    "The other contact's conversations, attributes and visitor facts move to this contact; "
    "where both have a value, this contact's stays. The other contact is then removed."
)


def _choice(row: ContactRow) -> rx.Component:
    chosen = ContactMergeState.merge_choice.id == row.id
    return rx.el.li(
        rx.button(
            row.name,
            rx.cond(row.email != "", rx.text(" · ", row.email, as_="span", color_scheme="gray")),
            rx.text(" · ", t("seen {time}", time=row.last_seen), as_="span", color_scheme="gray"),
            variant=rx.cond(chosen, "solid", "ghost"),
            aria_pressed=rx.cond(chosen, "true", "false"),
            on_click=ContactMergeState.choose_merge(row.id),
        )
    )


def merge_dialog() -> rx.Component:
    state = ContactMergeState
    return rx.dialog.root(
        rx.dialog.trigger(rx.button(t("Merge"), variant="soft")),
        rx.dialog.content(
            rx.dialog.title(t("Merge contacts")),
            rx.dialog.description(EXPLANATION, size="2"),
            rx.vstack(
                rx.input(
                    type="search",
                    aria_label=t("Search contacts to merge"),
                    placeholder=t("Name, email, phone, company or visitor number (#12)"),
                    on_change=state.search_merge.debounce(250),
                    width="100%",
                ),
                rx.el.ul(
                    rx.foreach(state.merge_choices, _choice),
                    aria_label=t("Contacts to merge"),
                    style={"listStyle": "none", "padding": 0},
                ),
                rx.cond(
                    state.merge_choices.length() == 0,
                    rx.text(t("No other contact matches."), color_scheme="gray", size="2"),
                ),
                rx.cond(
                    state.merge_choice.id != 0,
                    rx.text(
                        t(
                            "Merge {other} into {contact}?",
                            other=state.merge_choice.name,
                            contact=state.contact.display_name,
                        ),
                        weight="bold",
                    ),
                ),
                rx.cond(
                    state.merge_error != "",
                    rx.text(state.merge_error, role="alert", color_scheme="red"),
                ),
                rx.hstack(
                    rx.dialog.close(rx.button(t("Cancel"), type="button", variant="soft")),
                    rx.button(
                        t("Merge contacts"),
                        on_click=state.merge,
                        disabled=state.merge_choice.id == 0,
                    ),
                    justify="end",
                    width="100%",
                ),
                spacing="3",
                margin_top="1em",
            ),
            max_width="560px",
        ),
        open=state.merge_open,
        on_open_change=state.set_merge_open,
    )
