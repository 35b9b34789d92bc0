"""The "Keyboard shortcuts" dialog (`?` opens it; assets/keyboard.js runs the keys)."""

import reflex as rx

from inbox_app.components.a11y import VISUALLY_HIDDEN
from inbox_app.components.i18n import t

SHORTCUTS = (
    (t("j or ↓"), t("Next conversation in the list")),
    (t("k or ↑"), t("Previous conversation in the list")),
    ("Enter", t("Open the focused conversation")),
    ("x", t("Select the focused conversation")),
    ("r", t("Reply in the open conversation")),
    ("c", t("Comment in the open conversation")),
    ("/", t("Search conversations")),
    ("?", t("Show these shortcuts")),
)


def _row(keys: rx.Var[str] | str, action: rx.Var[str]) -> rx.Component:
    return rx.table.row(rx.table.cell(rx.code(keys)), rx.table.cell(action))


def shortcuts_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.trigger(
            rx.icon_button(
                rx.icon("keyboard", size=16),
                id="shortcuts-button",
                aria_label=t("Keyboard shortcuts"),
                title=t("Keyboard shortcuts (?)"),
                variant="ghost",
                size="1",
            )
        ),
        rx.dialog.content(
            rx.dialog.title(t("Keyboard shortcuts")),
            rx.dialog.description(
                t("They work anywhere on the dashboard except while you type in a field."),
                size="2",
            ),
            rx.table.root(
                rx.el.caption(t("Shortcuts"), style=VISUALLY_HIDDEN),
                rx.table.header(
                    rx.table.row(
                        rx.table.column_header_cell(t("Keys")),
                        rx.table.column_header_cell(t("Action")),
                    )
                ),
                rx.table.body(*[_row(keys, action) for keys, action in SHORTCUTS]),
                size="1",
            ),
            rx.flex(
                rx.dialog.close(rx.button(t("Close"), variant="soft")),
                justify="end",
                margin_top="1em",
            ),
        ),
    )
