"""Deleting a contact for good (the right to erasure): the contact, their conversations with
every message, event line, mark and draft, and their files. The search index follows (its
triggers remove what was deleted), and the counters are moved in the same transaction."""

from __future__ import annotations

from sqlalchemy import delete
from sqlmodel import Session, col, select

from inbox_app.i18n import mark
from inbox_app.models.dto import Actor
from inbox_app.models.tables import Attachment, Contact, Conversation
from inbox_app.services import counters
from inbox_app.services.conversations import locking
from inbox_app.services.errors import DomainError


class ErasureError(DomainError):
    """The contact cannot be deleted; the text is safe to show."""


def erase_contact(session: Session, *, actor: Actor, contact_id: int) -> list[str]:
    """Returns the storage keys of the files to remove once this has committed. Any agent or
    integration may erase (a data-protection request reaches whoever is on duty)."""
    contact = session.get(Contact, contact_id)
    if contact is None:
        raise ErasureError(mark("That contact no longer exists."))
    locking.hold_write_lock(session)  # the clock may flag one overdue meanwhile
    conversations = session.exec(
        select(Conversation)
        .where(Conversation.contact_id == contact_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).all()
    for conversation in conversations:
        counters.move(session, before=counters.keys_of(session, conversation), after=())
    ids = [conversation.id for conversation in conversations]
    files = list(
        session.exec(
            select(Attachment.storage_key).where(col(Attachment.conversation_id).in_(ids))
        ).all()
    )
    # The database cascades to messages, attachment rows, read marks, drafts, attributes.
    session.execute(delete(Conversation).where(col(Conversation.id).in_(ids)))
    session.execute(delete(Contact).where(col(Contact.id) == contact_id))
    session.commit()
    return files
