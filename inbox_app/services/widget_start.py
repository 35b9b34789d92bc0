"""Starting a chat from the widget's form: the admin's form rules, then who the visitor is."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from inbox_app.models.tables import Contact, Conversation
from inbox_app.services import visitor_identity, visitors, widget_config


def start_from_form(
    session: Session,
    *,
    name: str,
    email: str,
    language: str,
    page: str,
    now: datetime,
    group_id: int | None = None,
    user_id: str = "",
    user_hash: str = "",
) -> int:
    """The new conversation's id. Raises WidgetConfigError (a required field is missing),
    IdentityError (a user id with a wrong or no signature) or VisitorError; nothing is created then."""
    form = widget_config.widget_form(session)
    name, email = widget_config.checked_form(form, name=name, email=email)
    group_id = widget_config.routable_group(session, form=form, group_id=group_id)
    user = (
        visitor_identity.verified_user_id(session, user_id=user_id, signature=user_hash)
        if user_id.strip() or user_hash.strip()
        else None
    )
    known = visitor_identity.contact_of_user(session, user_id=user) if user else None
    if known is not None:
        return visitor_identity.start_user_chat(session, contact=known, now=now, group_id=group_id)
    conversation_id = visitors.start_chat(session, name=name, email=email, language=language, page=page,
                                          now=now, group_id=group_id)  # fmt: skip
    if user:
        conversation = session.get(Conversation, conversation_id)
        contact = session.get(Contact, conversation.contact_id) if conversation else None
        if contact is not None:
            contact.external_user_id = user
            session.add(contact)
            session.commit()
    return conversation_id
