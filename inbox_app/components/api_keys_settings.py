"""Settings → API keys: create a key (shown once), last use, revoke."""

import reflex as rx

from inbox_app.components.i18n import t
from inbox_app.state.api_keys import NEW_KEY_FIELD, ApiKeyRow, ApiKeysState


def _key_row(key: ApiKeyRow) -> rx.Component:
    return rx.table.row(
        rx.table.cell(key.name),
        rx.table.cell(rx.code(key.prefix, "…")),
        rx.table.cell(key.created),
        rx.table.cell(key.last_used),
        rx.table.cell(
            rx.cond(
                key.revoked,
                rx.badge(t("Revoked"), color_scheme="gray"),
                rx.button(
                    t("Revoke"),
                    size="1",
                    variant="soft",
                    color_scheme="red",
                    on_click=ApiKeysState.revoke_api_key(key.id),
                ),
            )
        ),
    )


def _create_form() -> rx.Component:
    return rx.form(
        rx.hstack(
            rx.input(
                name="name",
                aria_label=t("Key name"),
                placeholder=t("Key name (e.g. CRM sync)"),
                required=True,
                max_length=120,
                width="20em",
            ),
            rx.button(t("Create API key"), type="submit"),
        ),
        on_submit=ApiKeysState.create_api_key,
        reset_on_submit=True,
    )


def _new_key() -> rx.Component:
    return rx.vstack(
        rx.text(
            t("A new key is shown here once: copy it to your integration now."),
            size="1",
            color_scheme="gray",
        ),
        rx.el.input(
            id=NEW_KEY_FIELD,
            read_only=True,
            aria_label=t("API key"),
            placeholder="—",
            style={"width": "36em", "fontFamily": "monospace"},
        ),
        align="start",
    )


def api_keys_section() -> rx.Component:
    headers = (t("Name"), t("Key"), t("Created"), t("Last used"), "")
    return rx.vstack(
        rx.text(
            t(
                "Integrations send a key as `Authorization: Bearer <key>` to the REST API "
                "(documented at /api/docs)."
            ),
            size="2",
        ),
        _create_form(),
        _new_key(),
        rx.table.root(
            rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in headers])),
            rx.table.body(rx.foreach(ApiKeysState.api_keys, _key_row)),
            width="100%",
        ),
        align="start",
        width="100%",
    )
