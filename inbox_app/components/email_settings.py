"""Settings → Email: what is configured (never a password), the last errors, a test mail."""

import reflex as rx

from inbox_app.components.i18n import t
from inbox_app.state.email_settings import EmailSettingsState as S


def _item(label: rx.Var[str], value) -> rx.Component:
    return rx.data_list.item(rx.data_list.label(label), rx.data_list.value(value))


def _configured() -> rx.Component:
    return rx.data_list.root(
        _item(t("Sent from"), S.mail_from),
        _item(t("Receiver (SMTP)"), S.receiver),
        _item(t("Outgoing mail server"), S.relay),
        _item(t("IMAP mailbox"), S.imap_mailbox),
        rx.cond(S.imap_user != "", _item(t("IMAP user"), S.imap_user)),
        _item(t("Last outbox error"), rx.cond(S.outbox_problem != "", S.outbox_problem, t("none"))),
        _item(t("Last IMAP error"), rx.cond(S.imap_problem != "", S.imap_problem, t("none"))),
        aria_label=t("Email configuration"),
    )


def _test_form() -> rx.Component:
    return rx.form(
        rx.hstack(
            rx.input(
                name="to",
                type="email",
                aria_label=t("Send test email to"),
                default_value=S.default_to,
                key=S.default_to,
                width="20em",
            ),
            rx.button(t("Send test email"), type="submit"),
        ),
        on_submit=S.send_test_email,
    )


def _test_result() -> rx.Component:
    return rx.cond(
        S.test_status != "",
        rx.hstack(
            rx.badge(S.test_status, data_delivery=S.test_status, size="2"),
            rx.text(S.test_note, size="2", color_scheme="gray"),
            role="status",
            aria_label=t("Test email"),
        ),
    )


def email_section() -> rx.Component:
    return rx.vstack(
        rx.text(
            t(
                "Set by the server's variables (INBOX_MAIL_FROM, INBOX_SMTP_PORT, "
                "INBOX_SMTP_RELAY_URL, INBOX_IMAP_URL); passwords are never shown."
            ),
            size="2",
        ),
        _configured(),
        rx.heading(t("Test"), size="3"),
        _test_form(),
        _test_result(),
        align="start",
        width="100%",
    )
