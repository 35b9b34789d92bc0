"""The message list: filters, sort and one card per conversation."""

import reflex as rx

from inbox_app.components.status_dot import channel_icon, status_dot
from inbox_app.models.dto import ConversationCard
from inbox_app.state.inbox import CHANNEL_CHOICES, STATE_CHOICES, InboxState


def _select(label: str, choices, value, on_change) -> rx.Component:
    return rx.select.root(
        rx.select.trigger(aria_label=label),
        rx.select.content(*[rx.select.item(choice, value=choice) for choice in choices]),
        value=value,
        on_change=on_change,
        size="1",
    )


def _card(card: ConversationCard) -> rx.Component:
    selected = card.id == InboxState.conversation_id
    return rx.el.li(
        rx.link(
            rx.hstack(
                rx.text(card.contact_name, weight="bold", size="2", trim="both"),
                status_dot(card.dot),
                rx.spacer(),
                channel_icon(card.channel),
                rx.text(card.time_label, size="1", color_scheme="gray"),
                align="center",
                width="100%",
            ),
            rx.text(
                card.preview,
                size="1",
                color_scheme="gray",
                trim="both",
                style={"overflow": "hidden", "textOverflow": "ellipsis", "whiteSpace": "nowrap"},
            ),
            rx.cond(card.assignees != "", rx.text(card.assignees, size="1", color_scheme="violet")),
            href=card.href,
            underline="none",
            color_scheme="gray",
            high_contrast=True,
            style={"display": "block", "padding": "0.6em 0.8em"},
        ),
        style={
            "borderBottom": "1px solid var(--gray-4)",
            "background": rx.cond(selected, "var(--violet-3)", "transparent"),
        },
        key=card.id,
    )


def message_list() -> rx.Component:
    return rx.el.section(
        rx.hstack(
            _select(
                "Channel", CHANNEL_CHOICES, InboxState.channel_filter, InboxState.set_channel_filter
            ),
            _select("State", STATE_CHOICES, InboxState.state_filter, InboxState.set_state_filter),
            rx.icon_button(
                rx.cond(
                    InboxState.newest_first,
                    rx.icon("arrow-down-wide-narrow"),
                    rx.icon("arrow-up-narrow-wide"),
                ),
                aria_label="Sort",
                title=rx.cond(InboxState.newest_first, "Newest first", "Oldest first"),
                variant="soft",
                size="1",
                on_click=InboxState.toggle_sort,
            ),
            padding="0.6em",
            spacing="2",
            border_bottom="1px solid var(--gray-5)",
        ),
        rx.cond(
            InboxState.cards.length() > 0,
            rx.el.ul(
                rx.foreach(InboxState.cards, _card),
                style={"listStyle": "none", "margin": 0, "padding": 0},
            ),
            rx.text("No conversations here.", color_scheme="gray", size="2", padding="1em"),
        ),
        aria_label="Message list",
        style={
            "width": "340px",
            "flexShrink": "0",
            "borderRight": "1px solid var(--gray-5)",
            "height": "100vh",
            "overflowY": "auto",
        },
    )
