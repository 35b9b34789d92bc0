"""The composer: Reply or Comment, Enter sends, Shift+Enter makes a new line."""

import reflex as rx

from inbox_app.services.messages import MAX_BODY_CHARS
from inbox_app.state.inbox import InboxState


def composer() -> rx.Component:
    return rx.box(
        rx.tabs.root(
            rx.tabs.list(
                rx.tabs.trigger("Reply", value="reply"), rx.tabs.trigger("Comment", value="comment")
            ),
            value=InboxState.composer_mode,
            on_change=InboxState.set_composer_mode,
        ),
        rx.form(
            rx.vstack(
                rx.text_area(
                    name="body",
                    aria_label="Message",
                    placeholder=rx.cond(
                        InboxState.composer_mode == "comment",
                        "Internal note, only agents see it",
                        "Reply to the contact",
                    ),
                    enter_key_submit=True,
                    max_length=MAX_BODY_CHARS,
                    rows="3",
                    width="100%",
                    style=rx.cond(
                        InboxState.composer_mode == "comment", {"background": "var(--amber-2)"}, {}
                    ),
                ),
                rx.hstack(
                    rx.cond(
                        InboxState.composer_error != "",
                        rx.text(
                            InboxState.composer_error, color_scheme="red", size="2", role="alert"
                        ),
                    ),
                    rx.spacer(),
                    rx.button("Send", type="submit"),
                    width="100%",
                ),
                spacing="2",
                padding_top="0.5em",
            ),
            on_submit=InboxState.send,
            reset_on_submit=True,
        ),
        padding="0.8em 1em",
        border_top="1px solid var(--gray-5)",
        width="100%",
    )
