"""Placeholders such as {{contact.name}} in saved replies and email templates. Pure: no database.

A known placeholder without a value becomes "" (a space doubled by that collapses to one);
an unknown placeholder stays exactly as written, so a typo is visible rather than silently lost.
"""

from __future__ import annotations

import re

from inbox_app.models.dto import AgentView, ContactView

KNOWN_PLACEHOLDERS: tuple[str, ...] = (
    "contact.name",
    "contact.first_name",
    "contact.email",
    "agent.name",
    "agent.first_name",
    "agent.email",
)
_PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_.]*)\s*\}\}")


def values_for(*, contact: ContactView, agent: AgentView) -> dict[str, str]:
    """The placeholder values for the open conversation, from what its contact panel shows."""
    shown = {field.name: field.value for field in contact.fields}
    return placeholder_values(
        contact_name=shown.get("name", ""),
        contact_email=shown.get("email", ""),
        agent_name=agent.name,
        agent_email=agent.email,
    )


def placeholder_values(
    *,
    contact_name: str | None,
    contact_email: str | None,
    agent_name: str | None,
    agent_email: str | None,
) -> dict[str, str]:
    """The values for every known placeholder; missing ones are ""."""
    return {
        "contact.name": _clean(contact_name),
        "contact.first_name": _first_name(contact_name),
        "contact.email": _clean(contact_email),
        "agent.name": _clean(agent_name),
        "agent.first_name": _first_name(agent_name),
        "agent.email": _clean(agent_email),
    }


def fill_placeholders(text: str, *, values: dict[str, str]) -> str:
    parts: list[str] = []
    gap = False  # an empty placeholder was just dropped
    position = 0
    for match in _PLACEHOLDER.finditer(text):
        gap = _append(parts, text[position : match.start()], gap=gap)
        key = match.group(1).lower()
        if key not in KNOWN_PLACEHOLDERS:
            gap = _append(parts, match.group(0), gap=gap)
        elif value := values.get(key, ""):
            gap = _append(parts, value, gap=gap)
        else:
            gap = True
        position = match.end()
    _append(parts, text[position:], gap=gap)
    return "".join(parts)


def _append(parts: list[str], piece: str, *, gap: bool) -> bool:
    """Adds `piece`, dropping its leading space when a dropped placeholder left a double space."""
    if gap and piece.startswith(" ") and parts and parts[-1].endswith(" "):
        piece = piece[1:]
    if not piece:
        return gap
    parts.append(piece)
    return False


def _clean(value: str | None) -> str:
    return " ".join((value or "").split())


def _first_name(name: str | None) -> str:
    words = (name or "").split()
    return words[0] if words else ""
