"""The widget's words, in the visitor's language: the panel asks for them with its config.

The widget follows the visitor's browser, or `data-lang` on the site's script tag; the panel
(assets/widget-frame.js) swaps in the texts it gets here for the English ones it was written
with, so a missing translation shows English, never a gap.
"""

from __future__ import annotations

from inbox_app.i18n import gettext, mark, pick_language

TEXTS = (
    mark("Open chat"),
    mark("Chat with us"),
    mark(
        "No one is online right now. Leave a message: we will answer here, and by email if you give us your address."
    ),
    mark("Hi! Tell us who you are and we will answer right here."),
    mark("Name"),
    mark("Email"),
    mark("Team"),
    mark("Anyone"),
    mark("Start chat"),
    mark("Chat messages"),
    mark("Files being sent"),
    mark("Type your message"),
    mark("Attach a file"),
    mark("Send"),
    mark("Sending…"),
    mark("Not sent yet, trying again…"),
    mark("Something went wrong. Please try again."),
    mark("Each file can be at most 10 MB."),
    mark("The file could not be sent. Please try again."),
)


def widget_language(*, asked: str, default: str | None, accept_language: str) -> str:
    """`asked`: data-lang, else the visitor's navigator.language ("de-AT" → "de")."""
    primary = asked.split("-")[0].strip().lower() or None
    return pick_language(chosen=primary, default=default, accept_language=accept_language)


def widget_texts(language: str) -> dict[str, str]:
    return {text: gettext(language, text) for text in TEXTS}
