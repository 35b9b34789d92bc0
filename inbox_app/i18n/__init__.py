"""The UI's languages: one gettext catalogue (.po) per language besides English, the source.

English text is the message id, written where it is shown (`t("Sign in")` in components);
`make messages` extracts every id into messages.pot and merges it into each catalogue, and
tests/unit/test_catalogue.py fails while a German text is missing. The .po files are read
as they are (Babel), so there is no compile step to forget.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po

ENGLISH = "en"
CONTEXT = "\x04"  # gettext's separator: "recipient\x04To" is "To" as in an email's recipient
LANGUAGES = {"en": "English", "de": "Deutsch"}
LOCALES = Path(__file__).parent / "locales"


@cache
def catalogue(language: str) -> dict[str, str]:
    """message id → translated text, for the ids this language has a text for. A text with a
    context (msgctxt: one English word, two meanings) is keyed as context + CONTEXT + id."""
    path = LOCALES / language / "LC_MESSAGES" / "messages.po"
    if language == ENGLISH or not path.exists():
        return {}
    with path.open("rb") as file:
        po = read_po(file, locale=language)
    return {_key(m.context, m.id): str(m.string) for m in po if m.id and m.string and not m.fuzzy}


def _key(context: str | None, text: object) -> str:
    return f"{context}{CONTEXT}{text}" if context else str(text)


def mark(text: str) -> str:
    """Marks a text for the catalogue where it is defined, translated later where it is shown
    (gettext's N_): `WRONG = mark("Wrong email or password.")`."""
    return text


def gettext(language: str, text: str) -> str:
    """`text` in `language`, or as written (English) when it has no translation."""
    return catalogue(language).get(text, text)


def pick_language(*, chosen: str | None, default: str | None, accept_language: str) -> str:
    """The agent's own choice, else INBOX_LANGUAGE, else the browser's first language we
    have, else English."""
    for candidate in (chosen, default, *browser_languages(accept_language)):
        if candidate in LANGUAGES:
            return candidate
    return ENGLISH


def browser_languages(accept_language: str) -> list[str]:
    """The primary tags of an Accept-Language header, most wanted first:
    "de-CH, fr;q=0.8, en;q=0.5" → ["de", "fr", "en"]."""
    weighted = []
    for position, item in enumerate(accept_language.split(",")):
        tag, _, params = item.strip().partition(";")
        quality = _quality(params)
        if tag and quality > 0:
            weighted.append((-quality, position, tag.split("-")[0].strip().lower()))
    return [tag for *_, tag in sorted(weighted)]


def _quality(params: str) -> float:
    name, _, value = params.strip().partition("=")
    if name.strip() != "q":
        return 1.0
    try:
        return float(value)
    except ValueError:
        return 0.0
