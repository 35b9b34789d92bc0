"""Contact details: fields with their source, editing, attributes, facts, merge, history."""

import reflex as rx

from inbox_app.components.i18n import t
from inbox_app.components.new_email import start_email_button
from inbox_app.models.dto import FieldView, PreviousConversation
from inbox_app.state.contact import ContactState


def source_badge(source: rx.Var[str] | str) -> rx.Component:
    """Where a value came from: typed by an agent, the contact form, or a plugin (the API)."""
    said = rx.match(
        source, ("manual", t("manual")), ("form", t("form")), ("plugin", t("plugin")), source
    )
    return rx.badge(said, size="1", variant="soft", color_scheme="gray")


def _field(field: FieldView) -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.text(field.label, size="1", weight="medium"),
            rx.cond(field.value != "", source_badge(field.source)),
            align="center",
        ),
        rx.input(
            name=field.name,
            default_value=field.value,
            aria_label=field.label,
            read_only=~ContactState.editing,
            key=f"{ContactState.contact.id}-{field.label}-{ContactState.editing}-{field.value}",
            size="1",
            width="100%",
            variant=rx.cond(ContactState.editing, "surface", "soft"),
        ),
        spacing="1",
        width="100%",
    )


def _edit_buttons() -> rx.Component:
    return rx.cond(
        ContactState.editing,
        rx.hstack(
            rx.button(t("Save contact"), type="submit", size="1"),
            rx.button(
                t("Cancel"),
                type="button",
                size="1",
                variant="soft",
                color_scheme="gray",
                on_click=ContactState.cancel_edit,
            ),
        ),
        rx.button(
            t("Edit contact"),
            type="button",
            size="1",
            variant="soft",
            on_click=ContactState.start_edit,
        ),
    )


def _fields_form() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.foreach(ContactState.contact.fields, _field),
            _edit_buttons(),
            spacing="2",
            width="100%",
        ),
        on_submit=ContactState.save_contact,
        width="100%",
    )


def _attribute(item: FieldView) -> rx.Component:
    return rx.hstack(
        rx.text(rx.text.strong(item.label, ": "), item.value, size="1"),
        source_badge(item.source),
        rx.spacer(),
        rx.icon_button(
            rx.icon("x", size=12),
            aria_label=f"Remove {item.label}",
            size="1",
            variant="ghost",
            on_click=ContactState.remove_attribute(item.label),
        ),
        width="100%",
        align="center",
    )


def _attributes() -> rx.Component:
    return rx.vstack(
        rx.text(t("Custom attributes"), size="1", weight="bold"),
        rx.foreach(ContactState.contact.attributes, _attribute),
        rx.form(
            rx.hstack(
                rx.input(name="key", aria_label=t("Attribute key"), placeholder=t("Key"), size="1"),
                rx.input(
                    name="value", aria_label=t("Attribute value"), placeholder=t("Value"), size="1"
                ),
                rx.button(
                    t("Add"), size="1", variant="soft", type="submit", aria_label=t("Add attribute")
                ),
            ),
            on_submit=ContactState.add_attribute,
            reset_on_submit=True,
        ),
        spacing="1",
        width="100%",
    )


def _merge() -> rx.Component:
    return rx.form(
        rx.hstack(
            rx.input(
                name="email",
                type="email",
                aria_label=t("Merge in the contact at this address"),
                placeholder=t("Merge in contact (address)"),
                size="1",
                required=True,
            ),
            rx.button(t("Merge"), size="1", variant="soft", type="submit"),
        ),
        on_submit=ContactState.merge_by_email,
        reset_on_submit=True,
    )


def _previous(item: PreviousConversation) -> rx.Component:
    return rx.el.li(
        rx.link(item.preview, href=item.href, size="1"),
        rx.text(item.state, " · ", item.time_label, size="1", color_scheme="gray"),
        key=item.id,
    )


def contact_panel() -> rx.Component:
    return rx.el.section(
        rx.cond(
            ContactState.conversation_id > 0,
            rx.vstack(
                rx.heading(ContactState.contact.display_name, size="3"),
                start_email_button(
                    contact_id=ContactState.contact.id, email=ContactState.contact.email, size="1"
                ),
                _fields_form(),
                rx.cond(
                    ContactState.contact_error != "",
                    rx.callout(
                        ContactState.contact_error, color_scheme="red", size="1", role="alert"
                    ),
                ),
                _attributes(),
                rx.foreach(
                    ContactState.contact.facts,
                    lambda fact: rx.text(rx.text.strong(fact.label, ": "), fact.value, size="1"),
                ),
                _merge(),
                rx.heading(t("Previous conversations"), size="2", padding_top="0.5em"),
                rx.el.ul(
                    rx.foreach(ContactState.previous, _previous),
                    aria_label=t("Previous conversations"),
                    style={"paddingLeft": "1em", "margin": 0},
                ),
                spacing="2",
                padding="1em",
            ),
        ),
        aria_label=t("Contact details"),
        style={
            "width": "300px",
            "flexShrink": "0",
            "borderLeft": "1px solid var(--gray-5)",
            "height": "100vh",
            "overflowY": "auto",
        },
    )
