"""Facts are written by the services as things happen (and once only)."""

from sqlmodel import select

from inbox_app.models.statistics_tables import ConversationFact
from tests.integration.statistics.fixture import at, make_two_days


def facts_of(session, conversation_id):
    rows = session.exec(
        select(ConversationFact)
        .where(ConversationFact.conversation_id == conversation_id)
        .order_by(ConversationFact.at, ConversationFact.id)
    )
    return [(f.kind, f.at, f.agent_id, f.seconds) for f in rows]


def test_a_reassigned_reopened_and_missed_conversation_leaves_its_history(session, team):
    ids = make_two_days(session, team)
    anna, ben = team["anna"].id, team["ben"].id
    assert facts_of(session, ids["a"]) == [
        ("created", at(24, 9), None, None),
        ("assigned", at(24, 9, 0, 10), anna, None),
        ("missed", at(24, 9, 0, 30), anna, None),
        ("reply", at(24, 9, 2), anna, None),
        ("first_reply", at(24, 9, 2), anna, 120),
        ("assigned", at(24, 9, 5), ben, None),
        ("unassigned", at(24, 9, 5), anna, None),
        ("closed", at(24, 10), ben, 3600),
        ("reopened", at(24, 11), None, None),
        ("reply", at(24, 11, 0, 20), ben, None),
        ("closed", at(24, 12), ben, 10800),
    ]


def test_the_clock_records_a_miss_once_and_a_group_follows_the_conversation(session, team):
    ids = make_two_days(session, team)
    assert facts_of(session, ids["c"]) == [
        ("created", at(25, 8), None, None),
        ("missed", at(25, 8, 0, 30), None, None),
    ]
    groups = session.exec(
        select(ConversationFact.group_id).where(ConversationFact.conversation_id == ids["b"])
    ).all()
    assert set(groups) == {team["sales"].id}
