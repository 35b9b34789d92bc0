"""Settings → General: when a dot turns red, and which languages incoming messages are told
apart among."""

import reflex as rx

from inbox_app.components.i18n import t
from inbox_app.services.language_detection import NAMES
from inbox_app.state.settings import SettingsState


def general_section() -> rx.Component:
    return rx.vstack(_threshold(), _detected_languages(), spacing="6")


def _threshold() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.text(
                t("A contact message unanswered this long turns the dot red (seconds):"),
                size="2",
            ),
            rx.hstack(
                rx.input(
                    name="seconds",
                    type="number",
                    min="5",
                    max="86400",
                    default_value=SettingsState.missed_after.to_string(),
                    key=SettingsState.missed_after,
                    aria_label=t("Missed after seconds"),
                ),
                rx.button(t("Save threshold"), type="submit"),
            ),
        ),
        on_submit=SettingsState.save_threshold,
    )


def _detected_language(code: str, name: str) -> rx.Component:
    return rx.el.label(
        rx.el.input(
            type="checkbox",
            name=code,
            default_checked=SettingsState.detected_languages.contains(code),
            key=SettingsState.detected_languages.join(","),
        ),
        name,
        style={"display": "flex", "gap": "0.4em", "alignItems": "center"},
    )


def _detected_languages() -> rx.Component:
    """Which languages incoming messages are told apart among (cards, routing by language)."""
    return rx.form(
        rx.el.fieldset(
            rx.el.legend(t("Languages to detect in incoming messages")),
            rx.flex(
                *[_detected_language(code, name) for code, name in NAMES.items()],
                wrap="wrap",
                spacing="4",
                padding_y="0.5em",
            ),
            rx.button(t("Save languages"), type="submit"),
            style={"border": "none", "padding": "0"},
        ),
        on_submit=SettingsState.save_detected_languages,
    )
