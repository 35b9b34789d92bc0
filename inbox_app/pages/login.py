"""/login"""

import reflex as rx

from inbox_app.components.i18n import t
from inbox_app.state.auth import LoginState


def _field(label: rx.Var[str], name: str, autocomplete: str) -> tuple[rx.Component, rx.Component]:
    kind = "password" if name == "password" else "email"
    return (
        rx.el.label(label, html_for=f"login-{name}"),
        rx.input(
            id=f"login-{name}",
            name=name,
            type=kind,
            aria_label=label,
            auto_complete=autocomplete,
            required=True,
            width="100%",
        ),
    )


def login_page() -> rx.Component:
    return rx.center(
        rx.card(
            rx.form(
                rx.vstack(
                    rx.heading(t("Sign in to the inbox"), size="5"),
                    *_field(t("Email"), "email", "username"),
                    *_field(t("Password"), "password", "current-password"),
                    rx.cond(
                        LoginState.error != "",
                        rx.callout(LoginState.error, color_scheme="red", role="alert"),
                    ),
                    # Until the page has its state, a click would go nowhere; with several
                    # workers a page can miss it, and hydration_watch.js reloads it then.
                    rx.button(
                        t("Sign in"), type="submit", width="100%", disabled=~rx.State.is_hydrated
                    ),
                    spacing="3",
                ),
                on_submit=LoginState.sign_in,
            ),
            rx.el.span(
                id="hydration-marker",
                hidden=True,
                custom_attrs={"data-hydrated": rx.State.is_hydrated},
            ),
            width="360px",
        ),
        height="100vh",
    )
