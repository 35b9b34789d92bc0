"""Settings → Webhooks: add a webhook (URL and events), its secret, its delivery log."""

import reflex as rx

from inbox_app.components.a11y import VISUALLY_HIDDEN
from inbox_app.components.i18n import t
from inbox_app.services.integrations.webhooks import EVENTS
from inbox_app.state.webhooks import (
    EVENT_FIELD,
    SECRET_FIELD,
    DeliveryRow,
    WebhookRow,
    WebhooksState,
)

LOG_HEADERS = (
    t("Event"),
    t("Time"),
    t("Status"),
    t("Status code"),
    t("Duration"),
    t("Attempts"),
    "",
)


def _event_box(event: str) -> rx.Component:
    return rx.el.label(
        rx.el.input(type="checkbox", name=f"{EVENT_FIELD}{event}", default_checked=True),
        rx.text(event, size="2"),
        style={"display": "flex", "gap": "0.4em", "alignItems": "center"},
    )


def _add_form() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.input(
                name="url",
                type="url",
                aria_label=t("URL"),
                placeholder="https://example.com/inbox-events",
                required=True,
                max_length=2000,
                width="36em",
            ),
            rx.hstack(*[_event_box(event) for event in EVENTS], wrap="wrap", spacing="3"),
            rx.button(t("Add webhook"), type="submit"),
            align="start",
        ),
        on_submit=WebhooksState.add_webhook,
        reset_on_submit=True,
    )


def _delivery_row(delivery: DeliveryRow) -> rx.Component:
    return rx.table.row(
        rx.table.cell(delivery.event),
        rx.table.cell(delivery.time),
        rx.table.cell(delivery.status),
        rx.table.cell(delivery.status_code),
        rx.table.cell(delivery.duration),
        rx.table.cell(delivery.attempts),
        rx.table.cell(
            rx.button(
                t("Redeliver"),
                size="1",
                variant="soft",
                on_click=WebhooksState.redeliver(delivery.id),
            )
        ),
    )


def _log(webhook: WebhookRow) -> rx.Component:
    return rx.table.root(
        rx.el.caption(t("Deliveries to {url}", url=webhook.url), style=VISUALLY_HIDDEN),
        rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in LOG_HEADERS])),
        rx.table.body(rx.foreach(webhook.deliveries, _delivery_row)),
        width="100%",
    )


def _webhook_card(webhook: WebhookRow) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.code(webhook.url),
                rx.spacer(),
                rx.button(
                    t("Delete webhook"),
                    size="1",
                    variant="soft",
                    color_scheme="red",
                    on_click=WebhooksState.delete_webhook(webhook.id),
                ),
                width="100%",
            ),
            rx.text(t("Events:"), " ", webhook.events, size="1", color_scheme="gray"),
            rx.el.label(
                rx.text(t("Secret"), size="2"),
                rx.el.input(
                    id=SECRET_FIELD + webhook.id.to_string(),
                    read_only=True,
                    aria_label=t("Secret"),
                    style={"width": "36em", "fontFamily": "monospace"},
                ),
                style={"display": "flex", "gap": "0.5em", "alignItems": "center"},
            ),
            _log(webhook),
            align="start",
            width="100%",
        ),
        width="100%",
    )


def webhooks_section() -> rx.Component:
    return rx.vstack(
        rx.text(
            t(
                "Each event is POSTed as JSON, signed in X-Inbox-Signature with the webhook's "
                "secret, and retried on anything but 2xx (after 1 min, 5 min, 30 min, 2 h, 6 h)."
            ),
            size="2",
        ),
        _add_form(),
        rx.hstack(
            rx.heading(t("Webhooks"), size="3"),
            rx.button(
                t("Refresh log"), size="1", variant="soft", on_click=WebhooksState.refresh_webhooks
            ),
            align="center",
        ),
        rx.foreach(WebhooksState.webhooks, _webhook_card),
        align="start",
        width="100%",
    )
