"""The composer's text box, with the place where a comment's `@` suggestions appear."""

import reflex as rx

from inbox_app.components.i18n import t
from inbox_app.services.conversations.messages import MAX_BODY_CHARS
from inbox_app.state.composer import ComposerState
from inbox_app.state.composer_mentions import MentionState


def _body() -> rx.Component:
    return rx.text_area(
        id="composer-body",
        name="body",
        aria_label=t("Message"),
        default_value=ComposerState.draft_body,
        key=f"{ComposerState.conversation_id}-{ComposerState.composer_generation}",
        placeholder=rx.cond(
            ComposerState.composer_mode == "comment",
            t("Internal note, only agents see it (@name notifies)"),
            t("Reply to the contact"),
        ),
        on_change=ComposerState.save_draft.debounce(500),
        on_key_up=ComposerState.note_typing.throttle(2000),
        enter_key_submit=True,
        max_length=MAX_BODY_CHARS,
        rows="3",
        width="100%",
        style=rx.cond(
            ComposerState.composer_mode == "comment", {"background": "var(--amber-2)"}, {}
        ),
        # A comment's `@` suggests agents as a list (assets/composer-mentions.js).
        custom_attrs={
            "aria-autocomplete": rx.cond(ComposerState.composer_mode == "comment", "list", "none")
        },
    )


def message_box() -> rx.Component:
    return rx.box(
        # assets/composer-mentions.js puts the suggestions in here, just above the box.
        rx.box(
            id="composer-mention-slot",
            position="relative",
            custom_attrs={"data-agents": MentionState.mention_agents},
            on_mount=MentionState.composer_shown,
        ),
        _body(),
        width="100%",
    )
