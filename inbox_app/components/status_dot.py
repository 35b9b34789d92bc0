"""The status dot: data-status for machines, a name for screen readers, a colour for eyes."""

import reflex as rx

from inbox_app.components.i18n import t

_DOT_STYLE = {
    "display": "inline-block",
    "width": "10px",
    "height": "10px",
    "borderRadius": "50%",
    "flexShrink": "0",
}


def status_dot(dot: rx.Var | str) -> rx.Component:
    return rx.match(
        dot,
        (
            "missed",
            rx.el.span(
                data_status="missed",
                role="img",
                aria_label=t("Missed"),
                title=t("Missed"),
                style={**_DOT_STYLE, "background": "var(--red-9)"},
            ),
        ),
        (
            "new",
            rx.el.span(
                data_status="new",
                role="img",
                aria_label=t("New"),
                title=t("New"),
                style={**_DOT_STYLE, "background": "var(--violet-9)"},
            ),
        ),
        rx.el.span(data_status="none", style=_DOT_STYLE),
    )


def channel_icon(channel: rx.Var | str) -> rx.Component:
    return rx.match(
        channel,
        ("email", rx.icon("mail", size=14, aria_hidden="true")),
        ("api", rx.icon("webhook", size=14, aria_hidden="true")),
        rx.icon("message-circle", size=14, aria_hidden="true"),
    )
