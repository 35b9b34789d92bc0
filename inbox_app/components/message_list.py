"""The message list: filters, sort and one card per conversation."""

import reflex as rx

from inbox_app.components.i18n import t
from inbox_app.components.list_tools import bulk_bar, load_more
from inbox_app.components.new_email import new_email_dialog
from inbox_app.components.status_dot import channel_icon, status_dot
from inbox_app.models.dto import ConversationCard, LabelView
from inbox_app.services.language_detection import NAMES
from inbox_app.state.inbox import (
    ALL_LABELS,
    ALL_LANGUAGES,
    CHANNEL_CHOICES,
    SORT_CHOICES,
    STATE_CHOICES,
    InboxState,
)
from inbox_app.state.list_state import ListState

_ONE_LINE = {"overflow": "hidden", "textOverflow": "ellipsis", "whiteSpace": "nowrap"}


def _select(label: rx.Var[str], choices, value, on_change) -> rx.Component:
    """The choices' English words are the values the state keeps; people read them translated."""
    return rx.select.root(
        rx.select.trigger(aria_label=label),
        rx.select.content(*[rx.select.item(t(choice), value=choice) for choice in choices]),
        value=value,
        on_change=on_change,
        size="1",
    )


def _hover_close(card: ConversationCard) -> rx.Component:
    return rx.cond(
        card.state == "open",
        rx.icon_button(
            rx.icon("check", size=14),
            aria_label=f"Close {card.contact_name}",
            title=t("Close"),
            class_name="hover-close",
            size="1",
            variant="soft",
            color_scheme="green",
            on_click=ListState.close_one(card.id),
            custom_attrs={"tabIndex": -1},  # the open chat's "Close conversation" is the keyboard's
            style={"position": "absolute", "right": "0.6em", "bottom": "0.5em"},
        ),
    )


def _label_badge(label: LabelView) -> rx.Component:
    # The name is the text: the colour only helps the eye.
    return rx.badge(
        label.name, color_scheme=label.colour, size="1", variant="soft", high_contrast=True
    )


def _organised(card: ConversationCard) -> rx.Component:
    """Priority, labels, language and, in the Snoozed view, until when: one line, only when
    any is set."""
    return rx.cond(
        (card.labels.length() > 0)
        | (card.priority != "")
        | (card.snoozed_until != "")
        | (card.language != ""),
        rx.hstack(
            rx.cond(
                card.priority != "",
                rx.badge(
                    rx.icon("flag", size=10),
                    card.priority,
                    color_scheme="orange",
                    size="1",
                    high_contrast=True,  # soft orange text fails AA (axe)
                ),
            ),
            rx.foreach(card.labels, _label_badge),
            rx.cond(
                card.language != "",
                rx.badge(card.language, color_scheme="gray", size="1", variant="outline"),
            ),
            rx.cond(card.snoozed_until != "", rx.text(card.snoozed_until, size="1")),
            spacing="1",
            wrap="wrap",
            padding_top="0.2em",
            class_name="card-organised",
        ),
    )


def _card(card: ConversationCard) -> rx.Component:
    selected = card.id == InboxState.conversation_id
    return rx.el.li(
        rx.checkbox(
            aria_label=f"Select {card.contact_name}",
            checked=ListState.selected_ids.contains(card.id),
            on_change=lambda checked: ListState.toggle_selected(card.id, checked),
            custom_attrs={"tabIndex": -1},  # one tab stop per card: x selects (keyboard.js)
            style={"position": "absolute", "left": "0.5em", "top": "0.8em"},
        ),
        rx.link(
            rx.hstack(
                rx.text(card.contact_name, weight="bold", size="2"),
                status_dot(card.dot),
                rx.spacer(),
                channel_icon(card.channel),
                rx.text(card.time_label, size="1", color_scheme="gray"),
                align="center",
                width="100%",
            ),
            rx.cond(
                card.snippet_html != "",
                rx.html(
                    card.snippet_html,
                    class_name="search-snippet",
                    style={**_ONE_LINE, "fontSize": "12px"},
                ),
                rx.text(card.preview, size="1", color_scheme="gray", style=_ONE_LINE),
            ),
            rx.cond(card.assignees != "", rx.text(card.assignees, size="1", color_scheme="violet")),
            _organised(card),
            rx.cond(
                InboxState.activity.contains(card.id.to_string()),
                rx.text(InboxState.activity[card.id.to_string()], size="1", color_scheme="orange"),
            ),
            href=card.href,
            custom_attrs={"aria-current": rx.cond(selected, "page", "false")},
            underline="none",
            color_scheme="gray",
            high_contrast=True,
            style={"display": "block", "padding": "0.6em 0.8em 0.6em 2.2em"},
        ),
        _hover_close(card),
        style={
            "position": "relative",
            "borderBottom": "1px solid var(--gray-4)",
            "background": rx.cond(selected, "var(--violet-3)", "transparent"),
            "& .hover-close": {"opacity": 0},
            "&:hover .hover-close, &:focus-within .hover-close": {"opacity": 1},
        },
        key=card.id,
    )


def _label_filter() -> rx.Component:
    return rx.select.root(
        rx.select.trigger(aria_label=t("Label")),
        rx.select.content(
            rx.select.item(ALL_LABELS, value=ALL_LABELS),
            rx.foreach(InboxState.label_choices, lambda lb: rx.select.item(lb.name, value=lb.name)),
        ),
        value=InboxState.label_filter,
        on_change=InboxState.set_label_filter,
        size="1",
    )


def _language_filter() -> rx.Component:
    """The conversations in one language (detected from the contact's messages)."""
    return rx.select.root(
        rx.select.trigger(aria_label=t("Language")),
        rx.select.content(
            rx.select.item(t("All languages"), value=ALL_LANGUAGES),
            *[rx.select.item(name, value=code) for code, name in NAMES.items()],
        ),
        value=InboxState.language_filter,
        on_change=InboxState.set_language_filter,
        size="1",
    )


def _search_box() -> rx.Component:
    return rx.box(
        rx.input(
            rx.input.slot(rx.icon("search", size=14)),
            type="search",
            aria_label=t("Search conversations"),
            placeholder=t("Search messages, names, emails"),
            default_value=InboxState.search_text,
            on_change=InboxState.set_search.debounce(250),
            size="2",
            width="100%",
        ),
        padding="0.6em 0.6em 0",
    )


def message_list() -> rx.Component:
    return rx.el.section(
        _search_box(),
        rx.hstack(
            _select(
                t("Channel"),
                CHANNEL_CHOICES,
                InboxState.channel_filter,
                InboxState.set_channel_filter,
            ),
            _select(
                t("State"), STATE_CHOICES, InboxState.state_filter, InboxState.set_state_filter
            ),
            _label_filter(),
            _language_filter(),
            _select(t("Sort by"), SORT_CHOICES, InboxState.sort_by, InboxState.set_sort_by),
            rx.icon_button(
                rx.cond(
                    InboxState.newest_first,
                    rx.icon("arrow-down-wide-narrow"),
                    rx.icon("arrow-up-narrow-wide"),
                ),
                aria_label=t("Sort"),
                title=rx.cond(InboxState.newest_first, t("Newest first"), t("Oldest first")),
                variant="soft",
                size="1",
                on_click=InboxState.toggle_sort,
            ),
            rx.spacer(),
            new_email_dialog(),
            padding="0.6em",
            spacing="2",
            wrap="wrap",
            border_bottom="1px solid var(--gray-5)",
        ),
        bulk_bar(),
        rx.cond(
            InboxState.cards.length() > 0,
            rx.el.ul(
                rx.foreach(InboxState.cards, _card),
                style={"listStyle": "none", "margin": 0, "padding": 0},
            ),
            rx.text(t("No conversations here."), color_scheme="gray", size="2", padding="1em"),
        ),
        load_more(),
        aria_label=t("Message list"),
        style={
            "width": "340px",
            "flexShrink": "0",
            "borderRight": "1px solid var(--gray-5)",
            "height": "100vh",
            "overflowY": "auto",
        },
    )
