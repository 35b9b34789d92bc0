"""Settings → Chat widget: the contact form, allowed sites, the site secret and the snippet."""

import reflex as rx

from inbox_app.components.i18n import t
from inbox_app.components.widget_look import look_settings
from inbox_app.services.team.groups import GroupView
from inbox_app.state.widget_settings import SECRET_FIELD, WidgetSettingsState

_MODES = ((t("Required"), "required"), (t("Optional"), "optional"), (t("Off"), "off"))


def _mode_select(name: str, label: rx.Var[str], value) -> rx.Component:
    return rx.el.label(
        rx.text(label, size="2"),
        rx.el.select(
            *[rx.el.option(text, value=mode) for text, mode in _MODES],
            name=name,
            default_value=value,
            key=f"{name}-{WidgetSettingsState.form_version}",
        ),
        style={"display": "flex", "gap": "0.5em", "alignItems": "center"},
    )


def _offer_box(group: GroupView) -> rx.Component:
    return rx.el.label(
        rx.el.input(
            type="checkbox",
            name=f"offer-{group.id}",
            key=f"offer-{group.id}-{WidgetSettingsState.form_version}",
            default_checked=WidgetSettingsState.offered_group_ids.contains(group.id),
        ),
        rx.text(t("Offer {name}", name=group.name), size="2"),
        style={"display": "flex", "gap": "0.4em", "alignItems": "center"},
    )


def _form_settings() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.heading(t("Contact form"), size="3"),
            _mode_select("name_mode", t("Name field"), WidgetSettingsState.name_mode),
            _mode_select("email_mode", t("Email field"), WidgetSettingsState.email_mode),
            rx.el.label(
                rx.el.input(
                    type="checkbox",
                    name="group_choice",
                    default_checked=WidgetSettingsState.group_choice,
                    key=f"choice-{WidgetSettingsState.form_version}",
                ),
                rx.text(t("Visitors choose a group"), size="2"),
                style={"display": "flex", "gap": "0.4em", "alignItems": "center"},
            ),
            rx.text(t("Groups offered (none ticked: every group):"), size="1", color_scheme="gray"),
            rx.hstack(rx.foreach(WidgetSettingsState.groups, _offer_box), wrap="wrap", spacing="3"),
            rx.button(t("Save form"), type="submit"),
            align="start",
        ),
        on_submit=WidgetSettingsState.save_widget_form,
    )


def _site_settings() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.heading(t("Allowed sites"), size="3"),
            rx.text(
                t(
                    "One address per line, e.g. https://shop.example. "
                    "Empty: any site may embed the chat."
                ),
                size="1",
                color_scheme="gray",
            ),
            rx.text_area(
                name="origins",
                aria_label=t("Allowed sites"),
                default_value=WidgetSettingsState.origins_text,
                key=f"origins-{WidgetSettingsState.form_version}",
                width="100%",
                rows="3",
            ),
            rx.button(t("Save sites"), type="submit"),
            align="start",
            width="100%",
        ),
        on_submit=WidgetSettingsState.save_origins,
        width="100%",
    )


def _secret() -> rx.Component:
    return rx.vstack(
        rx.heading(t("Site secret"), size="3"),
        rx.text(
            t(
                "Your server signs a signed-in user's id with it (identify). "
                "Keep it on your server only."
            ),
            size="1",
            color_scheme="gray",
        ),
        rx.hstack(
            rx.el.input(
                id=SECRET_FIELD,
                read_only=True,
                aria_label=t("Site secret"),
                placeholder=t("hidden"),
                style={"width": "34em", "fontFamily": "monospace"},
            ),
            rx.button(
                t("Reveal secret"), variant="soft", on_click=WidgetSettingsState.reveal_secret
            ),
            rx.button(t("Hide secret"), variant="soft", on_click=WidgetSettingsState.hide_secret),
            rx.button(
                t("Regenerate secret"),
                variant="soft",
                color_scheme="red",
                on_click=WidgetSettingsState.regenerate_secret,
            ),
        ),
        align="start",
    )


_PRE = {
    "whiteSpace": "pre-wrap",
    "wordBreak": "break-all",
    "background": "var(--gray-3)",
    "padding": "0.8em",
    "borderRadius": "6px",
    "fontSize": "12px",
    "width": "100%",
    "margin": 0,
}


def _code(text, label: rx.Var[str]) -> rx.Component:
    return rx.el.pre(rx.el.code(text), aria_label=label, style=_PRE)


def _snippets() -> rx.Component:
    return rx.vstack(
        rx.heading(t("Add the chat to your site"), size="3"),
        rx.text(t("Paste this before </body> on every page:"), size="2"),
        _code(WidgetSettingsState.snippet, t("Widget snippet")),
        rx.text(t("Signed-in users (their history follows them to any browser):"), size="2"),
        _code(WidgetSettingsState.identify_snippet, t("Identify example")),
        align="start",
        width="100%",
    )


def chat_widget_section() -> rx.Component:
    return rx.vstack(
        _snippets(),
        look_settings(),
        _form_settings(),
        _site_settings(),
        _secret(),
        width="100%",
        spacing="5",
    )
