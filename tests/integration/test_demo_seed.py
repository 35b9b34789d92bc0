from sqlmodel import func, select

from inbox_app.demo.seed import ensure_admin, load_demo_team, seed_bulk
from inbox_app.models.tables import Agent, Contact, Conversation, Message
from tests.integration.conftest import NOW, make_conversation


def count(session, table) -> int:
    return session.exec(select(func.count()).select_from(table)).one()


def test_bulk_seed_inserts_the_asked_numbers(engine, session):
    seed_bulk(engine, conversations=250, messages_per_conversation=4, now=NOW)
    seed_bulk(
        engine, conversations=10, messages_per_conversation=3, now=NOW
    )  # appends after existing ids
    assert count(session, Conversation) == 260
    assert count(session, Message) == 250 * 4 + 10 * 3
    assert count(session, Contact) == 125 + 5


def test_rows_added_after_a_bulk_seed_get_fresh_ids(engine, session):
    seed_bulk(engine, conversations=6, messages_per_conversation=2, now=NOW)
    conversation = make_conversation(session, name="After")
    assert conversation.id == 7
    assert conversation.contact_id == 4


def test_demo_team_and_first_admin(engine, session):
    assert ensure_admin(engine, email="admin@example.com", password="admin-password")
    assert not ensure_admin(engine, email="other@example.com", password="admin-password")
    load_demo_team(engine, now=NOW)
    assert count(session, Agent) == 3
    assert count(session, Conversation) == 40


def test_demo_threads_hold_all_four_kinds_but_comment(engine, session):
    from inbox_app.models.enums import MessageKind

    load_demo_team(engine, now=NOW)
    kinds = set(session.exec(select(Message.kind)).all())
    assert {MessageKind.incoming, MessageKind.reply, MessageKind.event} <= kinds


def test_bulk_rows_get_the_facts_the_services_would_write(engine, session):
    from inbox_app.models.statistics_tables import ConversationFact

    seed_bulk(engine, conversations=8, messages_per_conversation=3, now=NOW)
    kinds = session.exec(
        select(ConversationFact.kind, func.count()).group_by(ConversationFact.kind)
    ).all()
    replies = count(session, Message.__table__.select().where(Message.kind == "reply").subquery())
    found = dict(kinds)
    assert found["created"] == 8 and found["reply"] == replies
    assert (
        found["closed"]
        == session.exec(select(func.count()).where(Conversation.state == "closed")).one()
    )
    seconds = session.exec(
        select(ConversationFact.seconds).where(ConversationFact.kind == "first_reply")
    ).all()
    assert seconds and all(s == 180 for s in seconds)  # three minutes between messages
