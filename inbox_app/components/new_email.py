"""The New email dialog (the message list's pen) and `Start an email` (a contact's panel and
page), which opens the same dialog with the contact's address in To."""

import reflex as rx

from inbox_app.components.i18n import t, tc
from inbox_app.state.new_email import NO_EMAIL, NewEmailState


def _form() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.input(
                name="to",
                type="email",
                aria_label=tc("recipient", "To"),
                placeholder=tc("recipient", "To"),
                default_value=NewEmailState.new_email_to,
                key=NewEmailState.new_email_to,
                width="100%",
            ),
            rx.input(
                name="subject", aria_label=t("Subject"), placeholder=t("Subject"), width="100%"
            ),
            rx.text_area(name="body", aria_label=t("Message"), rows="6", width="100%"),
            rx.cond(
                NewEmailState.new_email_error != "",
                rx.text(NewEmailState.new_email_error, color_scheme="red", role="alert"),
            ),
            rx.hstack(
                rx.dialog.close(
                    rx.button(t("Cancel"), variant="soft", color_scheme="gray", type="button")
                ),
                rx.button(t("Send email"), type="submit"),
                justify="end",
                width="100%",
            ),
        ),
        on_submit=NewEmailState.send_new_email,
    )


def new_email_dialog(*, with_pen: bool = True) -> rx.Component:
    """with_pen: the message list's own `New email` button opens it; elsewhere only `Start an
    email` does."""
    pen = rx.dialog.trigger(
        rx.icon_button(
            rx.icon("pencil", size=14),
            aria_label=t("New email"),
            title=t("New email"),
            variant="soft",
            size="1",
        )
    )
    return rx.dialog.root(
        *([pen] if with_pen else []),
        rx.dialog.content(rx.dialog.title(t("New email")), _form()),
        open=NewEmailState.new_email_open,
        on_open_change=NewEmailState.set_new_email_open,
    )


def start_email_button(*, contact_id, email, size: str = "2") -> rx.Component:
    """Disabled, with the reason beside it, when the contact has no address."""
    button = rx.button(
        rx.icon("mail", size=14),
        t("Start an email"),
        size=size,
        variant="soft",
        disabled=email == "",
        on_click=NewEmailState.start_email(contact_id),
        custom_attrs={"aria-describedby": "start-email-reason"},
    )
    reason = rx.text(t(NO_EMAIL), id="start-email-reason", size="1", color_scheme="gray")
    return rx.hstack(button, rx.cond(email == "", reason), align="center", spacing="2")
