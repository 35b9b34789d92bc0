"""Saved replies: canned answers an agent picks or expands by typing /shortcut in the composer.

Everyone reads them; only admins write them. Shortcuts are stored in lower case, so they are
unique regardless of case and typing /Thanks finds /thanks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TypedDict

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, func, select

from inbox_app.i18n import mark
from inbox_app.models.dto import AgentView
from inbox_app.models.tables import SavedReply
from inbox_app.services.composer.placeholders import fill_placeholders
from inbox_app.services.errors import DomainError
from inbox_app.services.team.permissions import require_admin

MAX_SHORTCUT_CHARS = 50
MAX_TITLE_CHARS = 120
MAX_BODY_CHARS = 10_000
_SHORTCUT = re.compile(rf"[A-Za-z0-9_-]{{1,{MAX_SHORTCUT_CHARS}}}")
# "/shortcut" as the whole text, or at its end after whitespace.
_TRAILING_SHORTCUT = re.compile(rf"(?:^|(?<=\s))/([A-Za-z0-9_-]{{1,{MAX_SHORTCUT_CHARS}}})\Z")


class SavedReplyError(DomainError):
    """Bad input for a saved reply; the text is safe to show and nothing changed."""


@dataclass(frozen=True)
class SavedReplyView:
    id: int
    shortcut: str
    title: str
    body: str


def list_saved_replies(session: Session) -> list[SavedReplyView]:
    rows = session.exec(select(SavedReply).order_by(SavedReply.shortcut)).all()
    return [_view(row) for row in rows]


def find_by_shortcut(session: Session, *, shortcut: str) -> SavedReplyView | None:
    row = _row_by_shortcut(session, shortcut.strip().lstrip("/"))
    return _view(row) if row else None


def expand_shortcut(session: Session, *, text: str, values: dict[str, str]) -> str | None:
    """The text with a trailing /shortcut replaced by its filled body; None if there is none."""
    match = _TRAILING_SHORTCUT.search(text)
    if match is None:
        return None
    row = _row_by_shortcut(session, match.group(1))
    if row is None:
        return None
    return text[: match.start()] + fill_placeholders(row.body, values=values)


def create_saved_reply(
    session: Session, *, actor: AgentView, shortcut: str, title: str, body: str
) -> SavedReplyView:
    require_admin(actor)
    row = SavedReply(**_checked(shortcut=shortcut, title=title, body=body))
    _ensure_unique(session, row.shortcut, own_id=None)
    return _save(session, row)


def update_saved_reply(
    session: Session, *, actor: AgentView, reply_id: int, shortcut: str, title: str, body: str
) -> SavedReplyView:
    require_admin(actor)
    fields = _checked(shortcut=shortcut, title=title, body=body)
    row = _existing(session, reply_id)
    _ensure_unique(session, fields["shortcut"], own_id=reply_id)
    row.shortcut, row.title, row.body = fields["shortcut"], fields["title"], fields["body"]
    return _save(session, row)


def delete_saved_reply(session: Session, *, actor: AgentView, reply_id: int) -> None:
    require_admin(actor)
    session.delete(_existing(session, reply_id))
    session.commit()


class _Fields(TypedDict):
    shortcut: str
    title: str
    body: str


def _checked(*, shortcut: str, title: str, body: str) -> _Fields:
    shortcut, title, body = shortcut.strip().lstrip("/").lower(), title.strip(), body.strip()
    if not _SHORTCUT.fullmatch(shortcut):
        raise SavedReplyError(
            mark("A shortcut needs 1 to {max_shortcut_chars} letters, digits, - or _."),
            max_shortcut_chars=MAX_SHORTCUT_CHARS,
        )
    if not 1 <= len(title) <= MAX_TITLE_CHARS:
        raise SavedReplyError(
            mark("A title needs 1 to {max_title_chars} characters."),
            max_title_chars=MAX_TITLE_CHARS,
        )
    if not 1 <= len(body) <= MAX_BODY_CHARS:
        raise SavedReplyError(
            mark("The text needs 1 to {max_body_chars:,} characters."),
            max_body_chars=MAX_BODY_CHARS,
        )
    return {"shortcut": shortcut, "title": title, "body": body}


def _ensure_unique(session: Session, shortcut: str, *, own_id: int | None) -> None:
    row = _row_by_shortcut(session, shortcut)
    if row is not None and row.id != own_id:
        raise SavedReplyError(mark("The shortcut /{shortcut} is taken already."), shortcut=shortcut)


def _save(session: Session, row: SavedReply) -> SavedReplyView:
    session.add(row)
    try:
        session.commit()
    except IntegrityError as error:  # another admin took the shortcut a moment ago
        session.rollback()
        raise SavedReplyError(
            mark("The shortcut /{shortcut} is taken already."), shortcut=row.shortcut
        ) from error
    return _view(row)


def _existing(session: Session, reply_id: int) -> SavedReply:
    row = session.get(SavedReply, reply_id)
    if row is None:
        raise SavedReplyError(mark("This saved reply no longer exists."))
    return row


def _row_by_shortcut(session: Session, shortcut: str) -> SavedReply | None:
    statement = select(SavedReply).where(func.lower(SavedReply.shortcut) == shortcut.lower())
    return session.exec(statement).first()


def _view(row: SavedReply) -> SavedReplyView:
    return SavedReplyView(id=row.id or 0, shortcut=row.shortcut, title=row.title, body=row.body)
