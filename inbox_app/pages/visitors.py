"""/visitors: visitors with the chat widget loaded right now, updated live."""

import reflex as rx

from inbox_app.components.i18n import t
from inbox_app.components.navigation import navigation
from inbox_app.state.visitors import GREETING, VisitorRow, VisitorsState


def _visitor(row: VisitorRow) -> rx.Component:
    return rx.el.li(
        rx.hstack(
            rx.vstack(
                rx.text(row.page_title, weight="medium"),
                rx.text(row.page_url, size="1", color_scheme="gray"),
                rx.text(
                    t("On the site for {time}", time=row.time_on_site),
                    " · ",
                    t("Language: {name}", name=row.language),
                    " · ",
                    rx.cond(row.returning, t("Returning"), t("New")),
                    rx.cond(row.in_chat, rx.fragment(" · ", t("In a chat"))),
                    size="2",
                ),
                spacing="1",
                align="start",
            ),
            rx.spacer(),
            rx.button(t("Start chat"), on_click=VisitorsState.start_chat_with(row.visitor_id)),
            width="100%",
            align="center",
        ),
        style={
            "listStyle": "none",
            "padding": "0.75em 0",
            "borderBottom": "1px solid var(--gray-4)",
        },
    )


def _invite_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(t("Start a chat")),
            rx.dialog.description(t("The visitor's chat opens with your message."), size="2"),
            rx.form(
                rx.text_area(
                    name="body",
                    default_value=t(GREETING),
                    aria_label=t("Message"),
                    rows="4",
                    max_length=5000,
                    width="100%",
                ),
                rx.cond(
                    VisitorsState.invite_error != "",
                    rx.text(VisitorsState.invite_error, role="alert", color_scheme="red"),
                ),
                rx.hstack(
                    rx.button(
                        t("Cancel"),
                        type="button",
                        variant="soft",
                        color_scheme="gray",
                        on_click=VisitorsState.cancel_invite,
                    ),
                    rx.button(t("Send"), type="submit"),
                    justify="end",
                    spacing="3",
                    padding_top="1em",
                ),
                on_submit=VisitorsState.send_invite,
            ),
        ),
        open=VisitorsState.inviting != "",
        on_open_change=VisitorsState.cancel_invite,
    )


def visitors_page() -> rx.Component:
    return rx.hstack(
        navigation(),
        rx.box(
            rx.heading(t("Visitors online"), size="6"),
            rx.cond(
                VisitorsState.visitors.length() > 0,
                rx.el.ul(
                    rx.foreach(VisitorsState.visitors, _visitor),
                    aria_label=t("Visitors"),
                    padding="0",
                ),
                rx.text(t("No visitor has the chat widget open right now."), color_scheme="gray"),
            ),
            _invite_dialog(),
            padding="2em",
            width="100%",
        ),
        spacing="0",
        width="100%",
    )
