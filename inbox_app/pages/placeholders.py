"""Sections that later issues fill: visitors, contacts, statistics, settings."""

import reflex as rx

from inbox_app.components.navigation import navigation


def section_page(title: str, text: str) -> rx.Component:
    return rx.hstack(
        navigation(),
        rx.box(rx.heading(title, size="6"), rx.text(text, color_scheme="gray"), padding="2em"),
        spacing="0",
        width="100%",
    )
