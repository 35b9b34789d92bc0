"""How the chat widget looks on the site: accent colour, greeting, corner and appearance.

An AppSetting row (no schema change); admins set it in Settings → Chat widget, and the widget
gets it with its public config. The greeting is plain text: the widget shows it as text, never
as HTML, so it needs no sanitising, only a length limit.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, replace
from typing import Any

from sqlmodel import Session

from inbox_app.i18n import mark
from inbox_app.models.dto import AgentView
from inbox_app.models.tables import AppSetting
from inbox_app.services.clean_text import clean_text
from inbox_app.services.team.permissions import require_admin
from inbox_app.services.widget.config import WidgetConfigError

LOOK_KEY = "widget_look"
CORNERS = ("right", "left")
APPEARANCES = ("light", "dark", "system")
MAX_GREETING = 300
_HEX = re.compile(r"#[0-9a-f]{6}")


@dataclass(frozen=True)
class WidgetLook:
    accent: str = "#6e56cf"  # the launcher, the panel's header and its buttons
    greeting: str = ""  # shown at the top of the panel; empty: none
    corner: str = "right"  # bottom right or bottom left of the visitor's page
    appearance: str = "light"  # light | dark | system (the visitor's preference)


def checked_look(look: WidgetLook) -> WidgetLook:
    """The look in its stored form (colour lower-case, greeting trimmed), or a refusal."""
    accent = look.accent.strip().lower()
    if not _HEX.fullmatch(accent):
        raise WidgetConfigError(mark("The colour must be like #6e56cf."))
    greeting = clean_text(look.greeting).strip()
    if len(greeting) > MAX_GREETING:
        raise WidgetConfigError(
            mark("The greeting can be at most {max_greeting} characters."),
            max_greeting=MAX_GREETING,
        )
    if look.corner not in CORNERS:
        raise WidgetConfigError(mark("The chat sits in the bottom right or bottom left corner."))
    if look.appearance not in APPEARANCES:
        raise WidgetConfigError(mark("The appearance is light, dark or the visitor's system."))
    return replace(look, accent=accent, greeting=greeting)


def widget_look(session: Session) -> WidgetLook:
    row = session.get(AppSetting, LOOK_KEY)
    try:
        return checked_look(WidgetLook(**json.loads(row.value))) if row else WidgetLook()
    except (ValueError, TypeError, WidgetConfigError):
        return WidgetLook()  # a row written by hand that the rules refuse: the defaults


def save_widget_look(session: Session, *, actor: AgentView, look: WidgetLook) -> WidgetLook:
    require_admin(actor)
    checked = checked_look(look)
    row = session.get(AppSetting, LOOK_KEY) or AppSetting(key=LOOK_KEY, value="")
    row.value = json.dumps(asdict(checked))
    session.add(row)
    session.commit()
    return checked


def public_look(look: WidgetLook) -> dict[str, Any]:
    """What the widget draws with; `on_accent` is the text colour readable on the accent."""
    return {**asdict(look), "on_accent": on_accent(look.accent)}


def on_accent(accent: str) -> str:
    """Black or white, whichever contrasts more with the colour (WCAG relative luminance)."""
    channels = [int(accent[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return "#000000" if (luminance + 0.05) / 0.05 > 1.05 / (luminance + 0.05) else "#ffffff"
