"""The thread's event lines ("Anna closed this") in the reader's language (and, by the same
rewording, the notifications' texts).

An event line is stored once, in English, as the actions write it (and as the API returns it);
each agent reads it in their own language: the line is matched against the templates it was
written from and said again from the catalogue, the names in it kept as they are.
"""

from __future__ import annotations

import re
from functools import cache

from inbox_app.i18n import ENGLISH, gettext, mark

# The actions' own words, each with the names it fills in (services/conversations/actions.py,
# priority.py, snooze.py, labels/tagging.py); matched whole, so a line fits one template only.
TEMPLATES = (
    mark("{actor} closed this"),
    mark("{actor} reopened this"),
    mark("{actor} blocked the contact"),
    mark("{actor} unblocked the contact"),
    mark("{actor} assigned this to {target}"),
    mark("{actor} removed the group"),
    mark("{actor} unassigned {target}"),
    mark("{actor} set the priority to {priority}"),
    mark("{actor} snoozed this until {when}"),
    mark("{actor} ended the snooze"),
    mark("The snooze ended"),
    mark("{actor} added the label {label}"),
    mark("{actor} removed the label {label}"),
)
# a priority's name is a word of the UI (priority.PRIORITY_NAMES), not a person's
TRANSLATED_VALUES = ("priority",)


@cache
def _pattern(template: str) -> re.Pattern[str]:
    parts = re.split(r"\{(\w+)\}", template)
    regex = "".join(
        f"(?P<{part}>.+)" if index % 2 else re.escape(part) for index, part in enumerate(parts)
    )
    return re.compile(f"^{regex}$", re.DOTALL)


def event_line(text: str, *, language: str) -> str:
    """`text` said in `language`; as stored when no template matches (an older wording)."""
    return reworded(text, templates=TEMPLATES, language=language)


def reworded(text: str, *, templates: tuple[str, ...], language: str) -> str:
    """A text stored in English, written from one of `templates`, said in `language` with
    the names in it kept; as stored when no template matches."""
    if language == ENGLISH:
        return text
    for template in templates:
        found = _pattern(template).match(text)
        if found:
            values = {
                key: gettext(language, value) if key in TRANSLATED_VALUES else value
                for key, value in found.groupdict().items()
            }
            return gettext(language, template).format(**values)
    return text
