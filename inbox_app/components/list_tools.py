"""Message-list tools: bulk bar for selected cards, Load more."""

import reflex as rx

from inbox_app.components.i18n import t
from inbox_app.models.dto import Choice, LabelView
from inbox_app.state.list_state import ListState


def _bulk_assign_item(choice: Choice) -> rx.Component:
    return rx.menu.item(choice.name, on_select=ListState.bulk_assign(choice.id))


def _bulk_group_item(choice: Choice) -> rx.Component:
    return rx.menu.item(choice.name, on_select=ListState.bulk_assign_group(choice.id))


def _bulk_label_item(label: LabelView) -> rx.Component:
    return rx.menu.item(label.name, on_select=ListState.bulk_label(label.id))


def _bulk_delete() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.trigger(
            rx.button(t("Delete selected"), size="1", color_scheme="red", variant="soft")
        ),
        rx.alert_dialog.content(
            rx.alert_dialog.title(t("Delete the selected conversations?")),
            rx.alert_dialog.description(t("You can undo for 10 seconds.")),
            rx.hstack(
                rx.alert_dialog.cancel(rx.button(t("Cancel"), variant="soft", color_scheme="gray")),
                rx.alert_dialog.action(
                    rx.button(t("Delete"), color_scheme="red", on_click=ListState.bulk_delete)
                ),
                justify="end",
                spacing="3",
                padding_top="1em",
            ),
        ),
    )


def bulk_bar() -> rx.Component:
    return rx.cond(
        ListState.selected_ids.length() > 0,
        rx.hstack(
            rx.text(
                t("{count} selected", count=ListState.selected_ids.length().to_string()),
                size="1",
                weight="bold",
            ),
            rx.button(t("Close selected"), size="1", variant="soft", on_click=ListState.bulk_close),
            rx.menu.root(
                rx.menu.trigger(rx.button(t("Assign selected"), size="1", variant="soft")),
                rx.menu.content(  # agents, then groups
                    rx.foreach(ListState.agent_choices, _bulk_assign_item),
                    rx.menu.separator(),
                    rx.foreach(ListState.group_choices, _bulk_group_item),
                ),
            ),
            rx.menu.root(
                rx.menu.trigger(rx.button(t("Label selected"), size="1", variant="soft")),
                rx.menu.content(rx.foreach(ListState.label_choices, _bulk_label_item)),
            ),
            _bulk_delete(),
            rx.icon_button(
                rx.icon("x", size=14),
                aria_label=t("Clear selection"),
                title=t("Clear selection"),
                size="1",
                variant="ghost",
                on_click=ListState.clear_selection,
            ),
            wrap="wrap",
            spacing="2",
            padding="0.5em 0.6em",
            background="var(--violet-2)",
            border_bottom="1px solid var(--gray-5)",
            role="toolbar",
            aria_label=t("Selected conversations"),
        ),
    )


def load_more() -> rx.Component:
    return rx.cond(
        ListState.cards.length() >= ListState.page_limit,
        rx.center(
            rx.button(t("Load more"), variant="ghost", size="1", on_click=ListState.load_more),
            padding="0.6em",
        ),
    )
