"""/inbox/<view> and /inbox/<view>/<conversation id>: the three-section dashboard."""

import reflex as rx

from inbox_app.components.chat_window import chat_window
from inbox_app.components.contact_panel import contact_panel
from inbox_app.components.message_list import message_list
from inbox_app.components.navigation import navigation


def inbox_page() -> rx.Component:
    return rx.hstack(
        navigation(), message_list(), chat_window(), contact_panel(), spacing="0", width="100%"
    )
