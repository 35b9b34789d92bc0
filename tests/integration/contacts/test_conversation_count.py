"""contact.conversation_count follows every change of conversations (migration 0022's
triggers), and the directory's sort by conversations reads it."""

from datetime import timedelta

from sqlmodel import func, select

from inbox_app.models.enums import Channel, Role
from inbox_app.models.tables import Contact, Conversation
from inbox_app.services.contacts.directory import list_contacts
from inbox_app.services.contacts.editing import merge_contacts
from inbox_app.services.contacts.erasure import erase_contact
from inbox_app.services.conversations.actions import delete_conversation, purge_deleted, undo_delete
from inbox_app.services.conversations.start import start_conversation
from inbox_app.services.team.agents import create_agent
from tests.integration.conftest import NOW, make_conversation


def kept(session) -> dict[int, int]:
    session.expire_all()
    return {c.id: c.conversation_count for c in session.exec(select(Contact)).all()}


def counted(session) -> dict[int, int]:
    """Counted the slow way: live conversations per contact."""
    rows = session.exec(
        select(Conversation.contact_id, func.count())
        .where(Conversation.deleted_at.is_(None))  # type: ignore[union-attr]
        .group_by(Conversation.contact_id)
    ).all()
    found = dict.fromkeys(kept(session), 0)
    return found | {contact_id: int(n) for contact_id, n in rows}


def more(session, contact_id: int, n: int) -> list[int]:
    return [
        start_conversation(session, contact_id=contact_id, channel=Channel.chat, now=NOW).id
        for _ in range(n)
    ]


def test_the_count_follows_new_deleted_merged_and_erased_conversations(session):
    admin = create_agent(
        session, email="ada@example.com", password="password-1", name="Ada", role=Role.admin
    )
    lena, omar, pia = (
        make_conversation(session, name=n).contact_id for n in ("Lena", "Omar", "Pia")
    )
    extra = more(session, lena, 3) + more(session, omar, 1)
    assert kept(session)[lena] == 4 and kept(session) == counted(session)
    delete_conversation(session, actor=admin, conversation_id=extra[0], now=NOW)
    assert kept(session)[lena] == 3
    undo_delete(session, actor=admin, conversation_id=extra[0])
    assert kept(session)[lena] == 4
    delete_conversation(session, actor=admin, conversation_id=extra[1], now=NOW)
    purge_deleted(session, now=NOW + timedelta(days=365))
    assert kept(session)[lena] == 3 and kept(session) == counted(session)
    merge_contacts(session, keep_id=omar, merge_id=lena)
    assert kept(session)[omar] == 5 and kept(session) == counted(session)
    erase_contact(session, actor=admin, contact_id=pia)
    assert pia not in kept(session) and kept(session) == counted(session)


def test_the_directory_sorts_by_the_kept_count(session):
    lena, omar, pia = (
        make_conversation(session, name=n).contact_id for n in ("Lena", "Omar", "Pia")
    )
    more(session, omar, 2)
    more(session, pia, 1)

    def order(descending: bool) -> list[tuple[int, int]]:
        rows = list_contacts(
            session, search="", sort="conversations", descending=descending, limit=50, now=NOW
        )
        return [(row.id, row.conversations) for row in rows]

    assert order(True) == [(omar, 3), (pia, 2), (lena, 1)]
    assert order(False) == [(lena, 1), (pia, 2), (omar, 3)]
