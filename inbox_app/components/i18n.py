"""`t("Sign in")` (or `t(text)` for a text marked with i18n.mark where it is defined): a text in the tab's language, switched in the browser without a reload.

The English text and its German translation are both compiled into the page as one ternary on
the tab's language, so the text changes the moment the language does (sign-in, profile) and
the state carries two letters, never a catalogue.

A text with a name in it keeps the name's place per language (German puts the verb last):
`t("Delete {name}", name=group.name)` → "Delete Support" / "Support löschen".
"""

from __future__ import annotations

import reflex as rx

from inbox_app.i18n import CONTEXT, catalogue
from inbox_app.state.auth import AuthState


def t(text: str, **values: str | rx.Var) -> rx.Var[str]:
    return _either(text, catalogue("de").get(text, text), values)


def tc(context: str, text: str, **values: str | rx.Var) -> rx.Var[str]:
    """t() for an English word with two meanings: tc("recipient", "To") is "An", while the
    date range's t("To") is "Bis"."""
    return _either(text, catalogue("de").get(f"{context}{CONTEXT}{text}", text), values)


def _either(text: str, german: str, values: dict[str, str | rx.Var]) -> rx.Var[str]:
    if values:  # str.format of a Var embeds it as Reflex does in an f-string
        text, german = text.format(**values), german.format(**values)
    if german == text:  # a name, a number, or a text the German catalogue keeps as it is
        return rx.Var.create(text)
    return rx.cond(AuthState.ui_language == "de", german, text)
