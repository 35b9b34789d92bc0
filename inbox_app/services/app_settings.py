"""Team-wide settings an admin changes at run time, stored as AppSetting rows."""

from __future__ import annotations

from sqlmodel import Session

from inbox_app.i18n import mark
from inbox_app.models.dto import AgentView
from inbox_app.models.tables import AppSetting
from inbox_app.services.conversations import overdue
from inbox_app.services.errors import DomainError
from inbox_app.services.team.permissions import require_admin

MISSED_AFTER_KEY = "missed_after_seconds"
MIN_MISSED_AFTER = 5
MAX_MISSED_AFTER = 86_400


class SettingsError(DomainError):
    """The setting cannot take this value; the message is safe to show and nothing changed."""


def missed_after_seconds(session: Session, *, default: int) -> int:
    """How long a contact message may wait before its dot turns red; default if never set."""
    row = session.get(AppSetting, MISSED_AFTER_KEY)
    if row is None:
        return default
    try:
        seconds = int(row.value)
    except ValueError:
        return default
    return seconds if MIN_MISSED_AFTER <= seconds <= MAX_MISSED_AFTER else default


def set_missed_after_seconds(session: Session, *, actor: AgentView, seconds: int) -> int:
    require_admin(actor)
    if (
        isinstance(seconds, bool)
        or not isinstance(seconds, int)
        or not MIN_MISSED_AFTER <= seconds <= MAX_MISSED_AFTER
    ):
        raise SettingsError(
            mark("The missed threshold needs {min_missed_after} to {max_missed_after:,} seconds."),
            min_missed_after=MIN_MISSED_AFTER,
            max_missed_after=MAX_MISSED_AFTER,
        )
    row = session.get(AppSetting, MISSED_AFTER_KEY) or AppSetting(key=MISSED_AFTER_KEY, value="")
    row.value = str(seconds)
    session.add(row)
    overdue.restart_all(session)  # commits: the clock flags by the new threshold
    return seconds
