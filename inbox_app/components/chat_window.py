"""The chat window: header, the thread of all four message kinds, and the composer."""

import reflex as rx

from inbox_app.components.composer import composer
from inbox_app.components.conversation_header import conversation_header
from inbox_app.components.i18n import t
from inbox_app.models.dto import AttachmentView, MessageView
from inbox_app.services.email.delivery import CHAT_LABELS, EMAIL_LABELS
from inbox_app.state.email_delivery import EmailDeliveryState
from inbox_app.state.inbox import InboxState
from inbox_app.state.open_conversation import OpenConversationState
from inbox_app.state.thread_tail import ThreadTailState

_BUBBLE = {"padding": "0.6em 0.9em", "borderRadius": "10px", "maxWidth": "80%"}
_MAIL_HTML = {"overflowX": "auto", "& img": {"maxWidth": "100%", "height": "auto"}}


def _meta(message: MessageView) -> rx.Component:
    return rx.hstack(
        rx.text(message.author, weight="bold", size="1"),
        rx.text(message.time_label, size="1", color_scheme="gray"),
        spacing="2",
    )


def _file(file: AttachmentView) -> rx.Component:
    return rx.cond(
        file.is_image,
        rx.link(
            rx.image(src=file.url, alt=file.filename, max_width="240px", border_radius="6px"),
            href=file.url,
            is_external=True,
        ),
        rx.link(rx.icon("paperclip", size=12), " ", file.filename, href=file.url, size="1"),
    )


def _mail_parts(message: MessageView) -> tuple[rx.Component, rx.Component]:
    """A mail's headers above its text; the whole mail, history included, one click away."""
    headers = rx.cond(
        message.email_headers != "",
        rx.text(
            message.email_headers,
            size="1",
            color_scheme="gray",
            style={"whiteSpace": "pre-line"},
            class_name="mail-headers",
        ),
    )
    whole = rx.cond(
        message.mail_html != "",
        rx.cond(message.whole_html != "", _whole(rx.html(message.whole_html, style=_MAIL_HTML))),
        rx.cond(
            message.whole_mail != "",
            _whole(
                rx.el.pre(message.whole_mail, style={"whiteSpace": "pre-wrap", "fontSize": "12px"})
            ),
        ),
    )
    return headers, whole


def _whole(content: rx.Component) -> rx.Component:
    return rx.el.details(
        rx.el.summary(t("Show the whole mail"), style={"cursor": "pointer", "fontSize": "12px"}),
        content,
    )


def _body(message: MessageView) -> rx.Component:
    """A mail that had HTML shows it (sanitised on the server, nh3); everything else its text."""
    return rx.cond(
        message.mail_html != "",
        rx.html(message.mail_html, class_name="message-body mail-html", style=_MAIL_HTML),
        rx.html(message.body_html, class_name="message-body"),
    )


def _bubble(message: MessageView, background: str, align: str, *extra) -> rx.Component:
    headers, whole = _mail_parts(message)
    return rx.el.article(
        rx.box(
            _meta(message),
            *extra,
            headers,
            _body(message),
            whole,
            rx.foreach(message.attachments, _file),
            style={**_BUBBLE, "background": background},
        ),
        data_kind=message.kind,
        data_message=message.id,
        style={"display": "flex", "justifyContent": align, "width": "100%"},
    )


def _delivery(message: MessageView) -> rx.Component:
    """A reply that goes by mail: Queued, Sent or Failed, the relay's answer on hover, and
    `Retry` for a failed one."""
    said = rx.match(
        message.delivery,
        *[(label, t(label)) for label in [*EMAIL_LABELS.values(), *CHAT_LABELS.values()]],
        message.delivery,
    )
    badge = rx.badge(
        rx.icon("mail", size=12),
        said,
        color_scheme="gray",
        size="1",
        title=message.delivery_note,
        data_delivery=message.delivery,
    )
    retry = rx.button(
        t("Retry"), size="1", variant="soft", on_click=EmailDeliveryState.retry_email(message.id)
    )
    return rx.cond(
        message.delivery != "",
        rx.hstack(badge, rx.cond(message.delivery == "Failed", retry), spacing="1"),
    )


def _message(message: MessageView) -> rx.Component:
    return rx.match(
        message.kind,
        ("incoming", _bubble(message, "var(--gray-3)", "flex-start")),
        ("reply", _bubble(message, "var(--violet-4)", "flex-end", _delivery(message))),
        (
            "comment",
            _bubble(
                message,
                "var(--amber-3)",
                "flex-end",
                rx.badge(t("Internal note"), color_scheme="amber", size="1"),
            ),
        ),
        rx.el.article(
            rx.text(message.text, " · ", message.time_label, size="1", color_scheme="gray"),
            data_kind="event",
            data_message=message.id,
            style={"textAlign": "center", "width": "100%"},
        ),
    )


def chat_window() -> rx.Component:
    return rx.el.section(
        rx.cond(
            InboxState.conversation_id > 0,
            rx.vstack(
                conversation_header(),
                rx.cond(
                    InboxState.activity_here != "",
                    rx.text(
                        InboxState.activity_here,
                        size="1",
                        color_scheme="violet",
                        role="status",
                        padding="0.2em 1em",
                    ),
                ),
                rx.cond(
                    InboxState.agent_availability == "offline",
                    rx.callout(
                        rx.hstack(
                            rx.text(t("You are offline: contacts see nobody to answer.")),
                            rx.button(
                                t("Go online"),
                                size="1",
                                on_click=InboxState.set_availability("online"),
                            ),
                        ),
                        color_scheme="orange",
                        size="1",
                        width="100%",
                    ),
                ),
                rx.box(
                    rx.vstack(
                        rx.cond(
                            OpenConversationState.has_earlier,
                            rx.button(  # assets/thread_scroll.js presses it at the top
                                t("Load earlier messages"),
                                id="thread-earlier",
                                variant="ghost",
                                size="1",
                                align_self="center",
                                on_click=OpenConversationState.load_earlier,
                            ),
                        ),
                        rx.foreach(OpenConversationState.earlier, _message),
                        rx.foreach(OpenConversationState.thread, _message),
                        rx.cond(  # a reloaded thread holds the tail's messages itself
                            ThreadTailState.follows == OpenConversationState.thread_key,
                            rx.foreach(ThreadTailState.messages, _message),
                        ),
                        spacing="3",
                        padding="1em",
                    ),
                    role="log",
                    aria_label=t("Messages"),
                    id="thread-log",
                    style={"flex": "1", "overflowY": "auto", "width": "100%"},
                ),
                composer(),
                spacing="0",
                height="100vh",
            ),
            rx.center(rx.text(t("Select a conversation."), color_scheme="gray"), height="100vh"),
        ),
        aria_label=t("Conversation"),
        custom_attrs={"data-conversation": InboxState.conversation_id},
        style={"flex": "1", "minWidth": "0", "overflow": "hidden"},
    )
