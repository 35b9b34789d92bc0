"""/login"""

import reflex as rx

from inbox_app.state.auth import LoginState


def login_page() -> rx.Component:
    return rx.center(
        rx.card(
            rx.form(
                rx.vstack(
                    rx.heading("Sign in to the inbox", size="5"),
                    rx.el.label("Email", html_for="login-email"),
                    rx.input(
                        id="login-email",
                        name="email",
                        type="email",
                        aria_label="Email",
                        auto_complete="username",
                        required=True,
                        width="100%",
                    ),
                    rx.el.label("Password", html_for="login-password"),
                    rx.input(
                        id="login-password",
                        name="password",
                        type="password",
                        aria_label="Password",
                        auto_complete="current-password",
                        required=True,
                        width="100%",
                    ),
                    rx.cond(
                        LoginState.error != "",
                        rx.callout(LoginState.error, color_scheme="red", role="alert"),
                    ),
                    rx.button("Sign in", type="submit", width="100%"),
                    spacing="3",
                ),
                on_submit=LoginState.sign_in,
            ),
            width="360px",
        ),
        height="100vh",
    )
