"""Settings → Chat widget → Look: colour, greeting, corner and appearance, with a live preview.

The fields are uncontrolled (the form posts them on save); each edit also tells the state, so
the preview beside them follows before anything is saved.
"""

import reflex as rx

from inbox_app.components.i18n import t
from inbox_app.services.widget.look import MAX_GREETING
from inbox_app.state.widget_settings import WidgetSettingsState as S

_CORNERS = ((t("Bottom right"), "right"), (t("Bottom left"), "left"))
_APPEARANCES = ((t("Light"), "light"), (t("Dark"), "dark"), (t("Visitor's system"), "system"))
_ROW = {"display": "flex", "gap": "0.5em", "alignItems": "center"}
# The preview paints the widget's own palette (assets/widget-frame.css), not the dashboard's:
# "system" shows what this admin's browser prefers, which the dashboard's colours follow too.
_PANEL_BG = rx.match(S.appearance, ("dark", "#18181b"), ("light", "#ffffff"), "var(--gray-1)")
_PANEL_FG = rx.match(S.appearance, ("dark", "#ececef"), ("light", "#1c1c1c"), "var(--gray-12)")


def _edited(field: str):
    return lambda value: S.preview_look(field, value)


def _select(name: str, label: rx.Var[str], choices) -> rx.Component:
    return rx.el.label(
        rx.text(label, size="2"),
        rx.el.select(
            *[rx.el.option(text, value=value) for text, value in choices],
            name=name,
            default_value=getattr(S, name),
            key=f"{name}-{S.form_version}",
            on_change=_edited(name),
        ),
        style=_ROW,
    )


def _fields() -> rx.Component:
    return rx.vstack(
        rx.el.label(
            rx.text(t("Accent colour"), size="2"),
            rx.el.input(
                type="color",
                name="accent",
                default_value=S.accent,
                key=f"accent-{S.form_version}",
                on_change=_edited("accent"),
            ),
            style=_ROW,
        ),
        rx.el.label(
            rx.text(t("Greeting"), size="2"),
            rx.el.textarea(
                name="greeting",
                default_value=S.greeting,
                key=f"greeting-{S.form_version}",
                max_length=MAX_GREETING,
                rows=2,
                placeholder=t("Hi! How can we help?"),
                on_change=_edited("greeting"),
                style={"width": "20em"},
            ),
            style={**_ROW, "alignItems": "start"},
        ),
        _select("corner", t("Corner"), _CORNERS),
        _select("appearance", t("Widget appearance"), _APPEARANCES),
        rx.button(t("Save look"), type="submit"),
        align="start",
    )


def _side(offset: str) -> dict:
    return {
        "left": rx.cond(S.corner == "left", offset, "auto"),
        "right": rx.cond(S.corner == "left", "auto", offset),
    }


def _mock_panel() -> rx.Component:
    header = rx.el.div(
        rx.el.div(t("Chat with us"), style={"fontWeight": 600}),
        rx.cond(S.greeting != "", rx.el.div(S.greeting, style={"whiteSpace": "pre-line"})),
        style={"background": S.accent, "color": "var(--preview-on-accent)", "padding": "8px"},
    )
    bubble = rx.el.div(
        t("Hello! I have a question."),
        style={"margin": "8px", "padding": "4px 8px", "borderRadius": "8px", "opacity": 0.8},
    )
    return rx.el.div(
        header,
        bubble,
        style={
            "position": "absolute",
            "bottom": "60px",
            **_side("10px"),
            "width": "200px",
            "height": "200px",
            "overflow": "hidden",
            "borderRadius": "10px",
            "fontSize": "12px",
            "boxShadow": "0 4px 16px var(--black-a5)",
            "background": _PANEL_BG,
            "color": _PANEL_FG,
        },
    )


def _preview() -> rx.Component:
    launcher = rx.el.div(
        "\U0001f4ac",
        custom_attrs={"data-testid": "preview-launcher"},
        style={
            "position": "absolute",
            "bottom": "10px",
            **_side("10px"),
            "width": "40px",
            "height": "40px",
            "borderRadius": "50%",
            "display": "grid",
            "placeItems": "center",
            "background": S.accent,
        },
    )
    return rx.el.div(
        _mock_panel(),
        launcher,
        role="group",
        aria_label=t("Widget preview"),
        style={
            "position": "relative",
            "width": "300px",
            "height": "290px",
            "border": "1px dashed var(--gray-7)",
            "borderRadius": "8px",
            "background": "var(--gray-2)",
            "--preview-on-accent": S.on_accent,
        },
    )


def look_settings() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.heading(t("Look"), size="3"),
            rx.hstack(_fields(), _preview(), spacing="6", wrap="wrap"),
            align="start",
        ),
        on_submit=S.save_look,
    )
