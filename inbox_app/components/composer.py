"""The composer: Reply or Comment, formatting, saved replies, templates, files; Enter sends."""

import reflex as rx

from inbox_app.components.composer_box import message_box
from inbox_app.components.i18n import t
from inbox_app.services.composer.email_templates import EmailTemplateView
from inbox_app.services.composer.saved_replies import SavedReplyView
from inbox_app.state.composer import ComposerState
from inbox_app.state.composer_mentions import MentionState

_FORMATS = [
    (t("Bold"), "bold", "bold"),
    (t("Italic"), "italic", "italic"),
    (t("Bulleted list"), "list", "bullets"),
    (t("Numbered list"), "list-ordered", "numbers"),
    (t("Code"), "code", "code"),
    (t("Insert link"), "link", "link"),
]


def _tool(label: str | rx.Var[str], icon: str, **props) -> rx.Component:
    return rx.icon_button(
        rx.icon(icon, size=14),
        aria_label=label,
        title=label,
        type="button",
        variant="ghost",
        size="1",
        **props,
    )


def _saved_reply(reply: SavedReplyView) -> rx.Component:
    return rx.button(
        rx.text(reply.title, weight="medium"),
        rx.text("/", reply.shortcut, color_scheme="gray"),
        on_click=ComposerState.insert_saved_reply(reply.id),
        variant="ghost",
        size="1",
        type="button",
    )


def _template(template: EmailTemplateView) -> rx.Component:
    return rx.button(
        template.name,
        on_click=ComposerState.apply_template(template.id),
        variant="ghost",
        size="1",
        type="button",
    )


def _picker(
    label: str | rx.Var[str], icon: str, items, render, empty: str | rx.Var[str]
) -> rx.Component:
    return rx.popover.root(
        # Loaded when it opens, not on the button's click: a trigger's child with on_click
        # is wrapped by Reflex in a div that takes the trigger's ARIA (axe: critical).
        rx.popover.trigger(_tool(label, icon)),
        rx.popover.content(
            rx.vstack(
                rx.text(label, weight="bold", size="2"),
                rx.cond(items.length() > 0, rx.foreach(items, render), rx.text(empty, size="1")),
                align="start",
            ),
            aria_label=label,
            max_height="min(24rem, var(--radix-popover-content-available-height))",
            overflow_y="auto",  # many saved replies scroll inside, never off the screen
        ),
        on_open_change=ComposerState.pickers_shown,
    )


def _toolbar() -> rx.Component:
    return rx.hstack(
        *[
            _tool(label, icon, on_click=rx.call_script(f"window.inboxFormat('{kind}')"))
            for label, icon, kind in _FORMATS
        ],
        rx.separator(orientation="vertical", size="1"),
        _picker(
            t("Saved replies"),
            "message-square-text",
            ComposerState.saved_replies,
            _saved_reply,
            t("No saved replies yet."),
        ),
        rx.cond(
            ComposerState.header.channel == "email",
            _picker(
                t("Email templates"),
                "file-text",
                ComposerState.email_templates,
                _template,
                t("No email templates yet."),
            ),
        ),
        _tool(
            t("Attach files"),
            "paperclip",
            on_click=rx.call_script("document.getElementById('composer-file-input').click()"),
        ),
        spacing="1",
        align="center",
        role="toolbar",
        aria_label=t("Formatting"),
    )


def _form() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.cond(
                ComposerState.header.channel == "email",
                rx.input(
                    id="composer-subject",
                    name="subject",
                    aria_label=t("Subject"),
                    placeholder=t("Subject"),
                    width="100%",
                ),
            ),
            message_box(),
            rx.el.input(type="hidden", id="composer-attachment-ids", name="attachment_ids"),
            rx.el.ul(  # filled by assets/composer-files.js: each file, its progress, Remove
                id="composer-files",
                aria_label=t("Files to send"),
                style={"margin": 0, "padding": 0, "fontSize": "12px"},
            ),
            rx.el.p(
                id="composer-upload-error",
                role="alert",
                hidden=True,
                style={"color": "var(--red-11)", "margin": 0},
            ),
            rx.hstack(
                rx.cond(
                    ComposerState.composer_error != "",
                    rx.text(
                        ComposerState.composer_error, color_scheme="red", size="2", role="alert"
                    ),
                ),
                rx.spacer(),
                rx.button(t("Send"), type="submit"),
                width="100%",
            ),
            spacing="2",
            padding_top="0.3em",
        ),
        id="composer-form",
        custom_attrs={
            "data-conversation": ComposerState.conversation_id,
            "data-mode": ComposerState.composer_mode,
        },
        on_submit=ComposerState.send,
        reset_on_submit=True,
    )


def composer() -> rx.Component:
    return rx.box(
        rx.tabs.root(
            rx.tabs.list(
                rx.tabs.trigger(t("Reply"), value="reply"),
                rx.tabs.trigger(t("Comment"), value="comment"),
            ),
            # One panel for both tabs (the same box writes a reply or a comment): the active
            # tab controls it, as a tab must.
            rx.tabs.content(
                _toolbar(),
                rx.el.input(
                    type="file",
                    id="composer-file-input",
                    multiple=True,
                    hidden=True,
                    aria_hidden="true",
                    tab_index=-1,
                ),
                _form(),
                value=ComposerState.composer_mode,
            ),
            value=ComposerState.composer_mode,
            on_change=[ComposerState.set_composer_mode, MentionState.mode_chosen],
        ),
        padding="0.8em 1em",
        border_top="1px solid var(--gray-5)",
        width="100%",
    )
