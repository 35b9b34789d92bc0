"""The "Keyboard shortcuts" dialog (`?` opens it; assets/keyboard.js runs the keys)."""

import reflex as rx

from inbox_app.components.a11y import VISUALLY_HIDDEN

SHORTCUTS = (
    ("j or ↓", "Next conversation in the list"),
    ("k or ↑", "Previous conversation in the list"),
    ("Enter", "Open the focused conversation"),
    ("x", "Select the focused conversation"),
    ("r", "Reply in the open conversation"),
    ("c", "Comment in the open conversation"),
    ("/", "Search conversations"),
    ("?", "Show these shortcuts"),
)


def _row(keys: str, action: str) -> rx.Component:
    return rx.table.row(rx.table.cell(rx.code(keys)), rx.table.cell(action))


def shortcuts_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.trigger(
            rx.icon_button(
                rx.icon("keyboard", size=16),
                id="shortcuts-button",
                aria_label="Keyboard shortcuts",
                title="Keyboard shortcuts (?)",
                variant="ghost",
                size="1",
            )
        ),
        rx.dialog.content(
            rx.dialog.title("Keyboard shortcuts"),
            rx.dialog.description(
                "They work anywhere on the dashboard except while you type in a field.",
                size="2",
            ),
            rx.table.root(
                rx.el.caption("Shortcuts", style=VISUALLY_HIDDEN),
                rx.table.header(
                    rx.table.row(
                        rx.table.column_header_cell("Keys"),
                        rx.table.column_header_cell("Action"),
                    )
                ),
                rx.table.body(*[_row(keys, action) for keys, action in SHORTCUTS]),
                size="1",
            ),
            rx.flex(
                rx.dialog.close(rx.button("Close", variant="soft")),
                justify="end",
                margin_top="1em",
            ),
        ),
    )
