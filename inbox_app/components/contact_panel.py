"""Contact details: fields with their source, visitor facts, previous conversations."""

import reflex as rx

from inbox_app.models.dto import FieldView, PreviousConversation
from inbox_app.state.inbox import InboxState


def _field(field: FieldView) -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.text(field.label, size="1", weight="medium"),
            rx.cond(
                field.value != "",
                rx.badge(field.source, size="1", variant="soft", color_scheme="gray"),
            ),
            align="center",
        ),
        rx.input(value=field.value, aria_label=field.label, read_only=True, size="1", width="100%"),
        spacing="1",
        width="100%",
    )


def _fact(fact: FieldView) -> rx.Component:
    return rx.text(rx.text.strong(fact.label, ": "), fact.value, size="1")


def _previous(item: PreviousConversation) -> rx.Component:
    return rx.el.li(
        rx.link(item.preview, href=item.href, size="1"),
        rx.text(item.state, " · ", item.time_label, size="1", color_scheme="gray"),
        key=item.id,
    )


def contact_panel() -> rx.Component:
    return rx.el.section(
        rx.cond(
            InboxState.conversation_id > 0,
            rx.vstack(
                rx.heading(InboxState.contact.display_name, size="3"),
                rx.foreach(InboxState.contact.fields, _field),
                rx.foreach(InboxState.contact.facts, _fact),
                rx.heading("Previous conversations", size="2", padding_top="0.5em"),
                rx.el.ul(
                    rx.foreach(InboxState.previous, _previous),
                    aria_label="Previous conversations",
                    style={"paddingLeft": "1em", "margin": 0},
                ),
                spacing="2",
                padding="1em",
            ),
        ),
        aria_label="Contact details",
        style={
            "width": "300px",
            "flexShrink": "0",
            "borderLeft": "1px solid var(--gray-5)",
            "height": "100vh",
            "overflowY": "auto",
        },
    )
