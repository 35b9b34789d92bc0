"""Team-wide settings an admin changes at run time, stored as AppSetting rows."""

from __future__ import annotations

from sqlmodel import Session

from inbox_app.i18n import mark
from inbox_app.models.dto import AgentView
from inbox_app.models.tables import AppSetting
from inbox_app.services import batch_reads
from inbox_app.services.conversations import overdue
from inbox_app.services.errors import DomainError
from inbox_app.services.language_detection import DEFAULT_ENABLED, NAMES
from inbox_app.services.team.permissions import require_admin

MISSED_AFTER_KEY = "missed_after_seconds"
DETECTED_LANGUAGES_KEY = "detected_languages"
MIN_MISSED_AFTER = 5
MAX_MISSED_AFTER = 86_400


class SettingsError(DomainError):
    """The setting cannot take this value; the message is safe to show and nothing changed."""


def missed_after_seconds(session: Session, *, default: int) -> int:
    """How long a contact message may wait before its dot turns red; default if never set."""
    row = batch_reads.read_once(
        session, "missed after", lambda: session.get(AppSetting, MISSED_AFTER_KEY)
    )
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


def detected_languages(session: Session) -> frozenset[str]:
    """The languages incoming messages are told apart among (language_detection)."""
    row = batch_reads.read_once(
        session, "languages", lambda: session.get(AppSetting, DETECTED_LANGUAGES_KEY)
    )
    codes = frozenset(row.value.split(",")) & NAMES.keys() if row else DEFAULT_ENABLED
    return codes if len(codes) >= 2 else DEFAULT_ENABLED


def set_detected_languages(
    session: Session, *, actor: AgentView, codes: list[str]
) -> frozenset[str]:
    """Fewer languages are told apart faster and more surely; one alone tells nothing."""
    require_admin(actor)
    chosen = frozenset(codes)
    if not chosen <= NAMES.keys():
        raise SettingsError(mark("Choose among the offered languages."))
    if len(chosen) < 2:
        raise SettingsError(mark("Choose at least two languages to tell apart."))
    row = session.get(AppSetting, DETECTED_LANGUAGES_KEY)
    row = row or AppSetting(key=DETECTED_LANGUAGES_KEY, value="")
    row.value = ",".join(sorted(chosen))
    session.add(row)
    session.commit()
    return chosen
