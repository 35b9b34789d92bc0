"""/profile: an agent's own details, password and notification switches."""

from typing import Literal

import reflex as rx

from inbox_app.components.i18n import t
from inbox_app.components.navigation import navigation
from inbox_app.services.notifications import DELIVERY, KINDS
from inbox_app.services.team.profile import LANGUAGES, time_zones
from inbox_app.state.notifications import NotificationsState
from inbox_app.state.profile import PASSWORD_FIELDS, ProfileState

Text = str | rx.Var[str]

_FIELD = {
    "padding": "0.35em 0.5em",
    "borderRadius": "var(--radius-2)",
    "border": "1px solid var(--gray-7)",
    "background": "var(--color-surface)",
    "color": "var(--gray-12)",
}
_LABELLED = {"display": "grid", "gap": "0.25em"}
# Radix's scale names (services/team/profile.AVATAR_COLOURS), in words a person reads.
_COLOUR_NAMES: dict[str, Text] = {
    "indigo": t("Indigo"),
    "teal": t("Teal"),
    "orange": t("Orange"),
    "crimson": t("Crimson"),
    "grass": t("Grass green"),
    "violet": t("Violet"),
    "amber": t("Amber"),
    "cyan": t("Cyan"),
}


def _select(label: Text, name: str, value: Text, options: dict[str, Text]) -> rx.Component:
    """A native select: role combobox, type-ahead over 600 time zones, no script needed."""
    return rx.el.label(
        rx.text(label, size="2", weight="medium"),
        rx.el.select(
            *[rx.el.option(text, value=key) for key, text in options.items()],
            name=name,
            default_value=value,
            style=_FIELD,
        ),
        style=_LABELLED,
    )


def _input(label: Text, name: str, value: Text = "", kind: str = "text") -> rx.Component:
    return rx.el.label(
        rx.text(label, size="2", weight="medium"),
        rx.input(id=name, name=name, type=kind, default_value=value, required=True),
        style=_LABELLED,
    )


def _details() -> rx.Component:
    languages: dict[str, Text] = {"": t("Browser default"), **LANGUAGES}
    return rx.form(
        rx.vstack(
            _input(t("Name"), "name", ProfileState.name),
            _input(t("Email"), "email", ProfileState.email, "email"),
            _select(t("Language"), "language", ProfileState.language, languages),
            _select(
                t("Time zone"),
                "time_zone",
                ProfileState.time_zone,
                {"": t("Browser default"), **{z: z for z in time_zones()}},
            ),
            _select(t("Avatar colour"), "avatar_colour", ProfileState.avatar_colour, _COLOUR_NAMES),
            rx.button(t("Save"), type="submit"),
            align="stretch",
            max_width="420px",
        ),
        on_submit=ProfileState.save_profile,
        reset_on_submit=False,
    )


def _password() -> rx.Component:
    current, new = PASSWORD_FIELDS
    return rx.form(
        rx.vstack(
            _input(t("Current password"), current, kind="password"),
            _input(t("New password"), new, kind="password"),
            rx.button(t("Change password"), type="submit", variant="soft"),
            align="stretch",
            max_width="420px",
        ),
        on_submit=ProfileState.change_password,
        reset_on_submit=False,
    )


def _switch(key: str, label: Text) -> rx.Component:
    return rx.el.label(
        rx.switch(
            checked=NotificationsState.prefs[key],
            on_change=lambda on: NotificationsState.set_pref(key, on),
        ),
        rx.text(label, size="2"),
        style={"display": "flex", "gap": "0.6em", "alignItems": "center"},
    )


def _notifications() -> rx.Component:
    return rx.vstack(
        *[_switch(key, t(label)) for key, label in {**KINDS, **DELIVERY}.items()],
        rx.button(
            t("Allow browser notifications"),
            variant="soft",
            size="1",
            on_click=rx.call_script("window.inboxAskNotificationPermission()"),
        ),
        align="start",
    )


def _appearance() -> rx.Component:
    """This browser's colours: Reflex keeps the choice in local storage; System (the default)
    follows the operating system's light or dark setting as it changes. Radio buttons, as
    Reflex sets the mode only from a known value (not from an event's argument)."""
    choices: dict[Literal["system", "light", "dark"], Text] = {
        "system": t("System"),
        "light": t("Light"),
        "dark": t("Dark"),
    }
    return rx.el.fieldset(
        rx.el.legend(rx.text(t("Appearance"), size="2", weight="medium")),
        *[
            rx.el.label(
                rx.el.input(
                    type="radio",
                    name="appearance",
                    value=key,
                    checked=rx.color_mode == key,
                    on_change=rx.style.set_color_mode(key),
                ),
                rx.text(text, size="2"),
                style={"display": "flex", "gap": "0.4em", "alignItems": "center"},
            )
            for key, text in choices.items()
        ],
        style={"display": "flex", "gap": "1.2em", "border": 0, "padding": 0, "margin": 0},
    )


def _section(title: Text, anchor: str, body: rx.Component) -> rx.Component:
    return rx.el.section(
        rx.heading(title, size="4", id=anchor, margin_bottom="0.5em"),
        body,
        aria_labelledby=anchor,
        style={"marginBottom": "2em"},
    )


def profile_page() -> rx.Component:
    return rx.hstack(
        navigation(),
        rx.box(
            rx.heading(t("My profile"), size="6", margin_bottom="0.75em"),
            # The form appears with the agent's values: default values bind only once.
            rx.cond(ProfileState.loaded, _section(t("Details"), "details", _details())),
            _section(t("Appearance"), "appearance", _appearance()),
            _section(t("Password"), "password", _password()),
            _section(t("Notifications"), "notifications", _notifications()),
            padding="2em",
            width="100%",
            style={"overflowY": "auto"},
        ),
        spacing="0",
        width="100%",
        height="100vh",
    )
