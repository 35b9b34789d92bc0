"""The chat window's header: who, and the actions (each an icon button with a name)."""

import reflex as rx

from inbox_app.models.dto import Choice
from inbox_app.state.actions import ActionsState as S


def _action(label, icon: str, **props) -> rx.Component:
    # title gives the tooltip; a Radix tooltip would swallow the dialog and menu triggers.
    return rx.icon_button(
        rx.icon(icon, size=16), aria_label=label, title=label, variant="soft", size="2", **props
    )


def _close_button() -> rx.Component:
    return rx.cond(
        S.header.state == "closed",
        _action("Reopen conversation", "rotate-ccw", on_click=S.toggle_closed),
        _action("Close conversation", "check", on_click=S.toggle_closed, color_scheme="green"),
    )


def _block_button() -> rx.Component:
    return rx.cond(
        S.header.blocked,
        _action("Unblock contact", "shield-check", on_click=S.toggle_blocked),
        _action("Block contact", "ban", on_click=S.toggle_blocked, color_scheme="orange"),
    )


def _delete_button() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.trigger(_action("Delete conversation", "trash-2", color_scheme="red")),
        rx.alert_dialog.content(
            rx.alert_dialog.title("Delete this conversation?"),
            rx.alert_dialog.description(
                "Its messages, notes and files are removed. You can undo for 10 seconds."
            ),
            rx.hstack(
                rx.alert_dialog.cancel(rx.button("Cancel", variant="soft", color_scheme="gray")),
                rx.alert_dialog.action(
                    rx.button("Delete", color_scheme="red", on_click=S.delete_conversation)
                ),
                justify="end",
                spacing="3",
                padding_top="1em",
            ),
        ),
    )


def _group_item(choice: Choice) -> rx.Component:
    return rx.menu.item(
        rx.cond(S.header.group_id == choice.id, rx.text("✓ ", choice.name), choice.name),
        on_select=S.assign_group(choice.id),
    )


def _group_menu() -> rx.Component:
    return rx.menu.root(
        rx.menu.trigger(_action("Assign to group", "users")),
        rx.menu.content(
            rx.foreach(S.group_choices, _group_item),
            rx.menu.separator(),
            rx.menu.item("No group", on_select=S.assign_group(0)),
        ),
    )


def _agent_option(choice: Choice) -> rx.Component:
    return rx.el.label(
        rx.checkbox(
            checked=S.header.assignee_ids.contains(choice.id),
            on_change=lambda checked: S.toggle_assignee(choice.id, checked),
        ),
        rx.text(choice.name, size="2"),
        style={"display": "flex", "gap": "0.5em", "alignItems": "center", "cursor": "pointer"},
    )


def _agent_picker() -> rx.Component:
    return rx.popover.root(
        rx.popover.trigger(_action("Assign to agent", "user-plus")),
        rx.popover.content(
            rx.vstack(
                rx.text("Assign to", weight="bold", size="2"),
                rx.foreach(S.agent_choices, _agent_option),
            ),
            aria_label="Assign to agents",
        ),
    )


def conversation_header() -> rx.Component:
    return rx.hstack(
        rx.heading(S.header.contact_name, size="4"),
        rx.badge(S.header.channel, variant="outline"),
        rx.cond(S.header.state == "closed", rx.badge("Closed", color_scheme="gray")),
        rx.cond(S.header.blocked, rx.badge("Blocked", color_scheme="red")),
        rx.spacer(),
        rx.text(
            rx.cond(S.header.assignees != "", S.header.assignees, S.header.group),
            size="2",
            color_scheme="violet",
        ),
        _close_button(),
        _block_button(),
        _group_menu(),
        _agent_picker(),
        _delete_button(),
        align="center",
        wrap="wrap",
        padding="0.8em 1em",
        border_bottom="1px solid var(--gray-5)",
        width="100%",
    )
