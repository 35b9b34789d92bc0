"""The one base of every refusal a service gives."""

from __future__ import annotations

from inbox_app.i18n import gettext


class DomainError(ValueError):
    """A use case refused the request: the message is safe to show, and nothing changed.

    Adapters catch this (never a bare ValueError, which a bug raises too) and show the message:
    a toast in the dashboard, a 4xx in the API. The message is English (the API's, the logs');
    `said(language)` is the dashboard's, from the catalogue when the text is marked there:
    `raise GroupError(mark("A group named {name} exists already."), name=name)`.
    """

    def __init__(self, message: str = "", /, **values: object) -> None:
        self.template, self.values = message, values
        super().__init__(message.format(**values) if values else message)

    def said(self, language: str) -> str:
        text = gettext(language, self.template)
        return text.format(**self.values) if self.values else text
