"""The chat window's header: who, and the actions (each an icon button with a name)."""

import reflex as rx

from inbox_app.components.i18n import t
from inbox_app.components.organise_controls import (
    labels_menu,
    priority_select,
    snooze_menu,
    snoozed_badge,
)
from inbox_app.models.dto import Choice
from inbox_app.state.actions import ActionsState


def _action(label, icon: str, **props) -> rx.Component:
    # title gives the tooltip; a Radix tooltip would swallow the dialog and menu triggers.
    return rx.icon_button(
        rx.icon(icon, size=16), aria_label=label, title=label, variant="soft", size="2", **props
    )


def _close_button() -> rx.Component:
    return rx.cond(
        ActionsState.header.state == "closed",
        _action(t("Reopen conversation"), "rotate-ccw", on_click=ActionsState.toggle_closed),
        _action(
            t("Close conversation"),
            "check",
            on_click=ActionsState.toggle_closed,
            color_scheme="green",
        ),
    )


def _block_button() -> rx.Component:
    return rx.cond(
        ActionsState.header.blocked,
        _action(t("Unblock contact"), "shield-check", on_click=ActionsState.toggle_blocked),
        _action(
            t("Block contact"), "ban", on_click=ActionsState.toggle_blocked, color_scheme="orange"
        ),
    )


def _delete_button() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.trigger(_action(t("Delete conversation"), "trash-2", color_scheme="red")),
        rx.alert_dialog.content(
            rx.alert_dialog.title(t("Delete this conversation?")),
            rx.alert_dialog.description(
                t("Its messages, notes and files are removed. You can undo for 10 seconds.")
            ),
            rx.hstack(
                rx.alert_dialog.cancel(rx.button(t("Cancel"), variant="soft", color_scheme="gray")),
                rx.alert_dialog.action(
                    rx.button(
                        t("Delete"), color_scheme="red", on_click=ActionsState.delete_conversation
                    )
                ),
                justify="end",
                spacing="3",
                padding_top="1em",
            ),
        ),
    )


def _group_item(choice: Choice) -> rx.Component:
    return rx.menu.item(
        rx.cond(ActionsState.header.group_id == choice.id, rx.text("✓ ", choice.name), choice.name),
        on_select=ActionsState.assign_group(choice.id),
    )


def _group_menu() -> rx.Component:
    return rx.menu.root(
        rx.menu.trigger(_action(t("Assign to group"), "users")),
        rx.menu.content(
            rx.foreach(ActionsState.group_choices, _group_item),
            rx.menu.separator(),
            rx.menu.item(t("No group"), on_select=ActionsState.assign_group(0)),
        ),
    )


def _agent_option(choice: Choice) -> rx.Component:
    return rx.el.label(
        rx.checkbox(
            checked=ActionsState.header.assignee_ids.contains(choice.id),
            on_change=lambda checked: ActionsState.toggle_assignee(choice.id, checked),
        ),
        rx.text(choice.name, size="2"),
        style={"display": "flex", "gap": "0.5em", "alignItems": "center", "cursor": "pointer"},
    )


def _agent_picker() -> rx.Component:
    return rx.popover.root(
        rx.popover.trigger(_action(t("Assign to agent"), "user-plus")),
        rx.popover.content(
            rx.vstack(
                rx.text(t("Assign to"), weight="bold", size="2"),
                rx.foreach(ActionsState.agent_choices, _agent_option),
            ),
            aria_label=t("Assign to agents"),
            # A team of many agents scrolls inside the picker, never off the screen.
            max_height="min(24rem, var(--radix-popover-content-available-height))",
            overflow_y="auto",
        ),
    )


def conversation_header() -> rx.Component:
    return rx.hstack(
        rx.heading(ActionsState.header.contact_name, size="4"),
        rx.badge(ActionsState.header.channel, variant="outline"),
        rx.cond(ActionsState.header.state == "closed", rx.badge(t("Closed"), color_scheme="gray")),
        rx.cond(ActionsState.header.blocked, rx.badge(t("Blocked"), color_scheme="red")),
        snoozed_badge(),
        rx.spacer(),
        rx.text(
            rx.cond(
                ActionsState.header.assignees != "",
                ActionsState.header.assignees,
                ActionsState.header.group,
            ),
            size="2",
            color_scheme="violet",
        ),
        priority_select(),
        labels_menu(),
        snooze_menu(),
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
