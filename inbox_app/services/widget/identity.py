"""Signed-in users of a website, identified to the widget with an HMAC of their id.

The site computes userHash = hex(HMAC-SHA256(site secret, userId)) on its server and hands both to
the widget; we recompute it. A valid pair ties the chat to one contact (external_user_id), so the
user's history follows them to another browser. The secret never leaves the server except to an
admin who asks for it in Settings.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from sqlalchemy import bindparam, update
from sqlmodel import Session, col, select

from inbox_app.models.dto import AgentView
from inbox_app.models.enums import Channel
from inbox_app.models.tables import (
    AppSetting,
    Contact,
    Conversation,
    new_visitor_key,
    table_of,
)
from inbox_app.services.errors import DomainError
from inbox_app.services.team.permissions import require_admin
from inbox_app.services.widget.visitors import NEUTRAL_REFUSAL, VisitorError

SECRET_KEY = "widget_site_secret"
MAX_USER_ID = 200
NOT_VERIFIED = "We could not confirm who you are. Please reload the page or sign in again."


class IdentityError(DomainError):
    """The user id and its signature do not match; nothing was created."""


def site_secret(session: Session) -> str:
    """The site's signing secret, made on first use."""
    row = session.get(AppSetting, SECRET_KEY)
    if row is None:
        row = AppSetting(key=SECRET_KEY, value=secrets.token_hex(32))
        session.add(row)
        session.commit()
    return row.value


def site_secret_for_admin(session: Session, *, actor: AgentView) -> str:
    require_admin(actor)
    return site_secret(session)


def regenerate_site_secret(session: Session, *, actor: AgentView) -> None:
    """A new secret: every signature made with the old one stops working at once, and so do
    the widget tokens signed-in users got with them (their chats get new visitor keys)."""
    require_admin(actor)
    row = session.get(AppSetting, SECRET_KEY) or AppSetting(key=SECRET_KEY, value="")
    row.value = secrets.token_hex(32)
    session.add(row)
    _new_keys_for_signed_in_users(session)
    session.commit()


def _new_keys_for_signed_in_users(session: Session) -> None:
    chats = session.exec(
        select(Conversation.id)
        .join(Contact, col(Contact.id) == Conversation.contact_id)
        .where(col(Contact.external_user_id).is_not(None))
    ).all()
    if chats:
        session.connection().execute(
            update(table_of(Conversation)).where(table_of(Conversation).c.id == bindparam("chat")),
            [{"chat": chat, "visitor_key": new_visitor_key()} for chat in chats],
        )


def user_hash(*, secret: str, user_id: str) -> str:
    return hmac.new(secret.encode(), user_id.encode(), hashlib.sha256).hexdigest()


def verified_user_id(session: Session, *, user_id: str, signature: str) -> str:
    """The user id when its signature is right; IdentityError for anything else."""
    user_id = user_id.strip()
    if not user_id or len(user_id) > MAX_USER_ID or not user_id.isprintable() or not signature:
        raise IdentityError(NOT_VERIFIED)
    expected = user_hash(secret=site_secret(session), user_id=user_id)
    if not hmac.compare_digest(
        expected, signature.strip().lower().encode("ascii", "replace").decode()
    ):
        raise IdentityError(NOT_VERIFIED)
    return user_id


def contact_of_user(session: Session, *, user_id: str) -> Contact | None:
    return session.exec(select(Contact).where(Contact.external_user_id == user_id)).first()


def latest_chat_of_user(session: Session, *, user_id: str) -> int | None:
    """The user's most recent chat (closed ones reopen when they write); None if they have none."""
    contact = contact_of_user(session, user_id=user_id)
    if contact is None:
        return None
    if contact.blocked:
        raise VisitorError(NEUTRAL_REFUSAL)
    return session.exec(
        select(Conversation.id)
        .where(
            Conversation.contact_id == contact.id,
            Conversation.channel == Channel.chat,
            col(Conversation.deleted_at).is_(None),
        )
        .order_by(col(Conversation.created_at).desc(), col(Conversation.id).desc())
    ).first()


def claim_chat(session: Session, *, conversation_id: int, user_id: str) -> bool:
    """An anonymous visitor who then signs in keeps their chat: its contact becomes the user's,
    unless that contact already belongs to someone (then nothing changes)."""
    conversation = session.get(Conversation, conversation_id)
    contact = session.get(Contact, conversation.contact_id) if conversation else None
    if (
        contact is None
        or contact.external_user_id is not None
        or contact_of_user(session, user_id=user_id)
    ):
        return False
    contact.external_user_id = user_id
    session.add(contact)
    session.commit()
    return True
