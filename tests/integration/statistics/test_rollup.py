"""The hourly rollup (migration 0022) gives every figure the facts give, in every time zone.

Facts are spread at random (a fixed seed) over eight months that cross the daylight-saving
changes of Europe, North America and Lord Howe Island, for two agents, a group and three
channels; then the facts change the ways they do in use: a group change, a group deleted,
a contact erased (its conversations and facts go). The report read through the rollup must
equal the one read from the facts alone (rollup.whole_hours made to say no)."""

import random
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import select

from inbox_app.models.enums import Channel, Role
from inbox_app.models.statistics_tables import ConversationFact, FactKind
from inbox_app.models.tables import AgentGroup, Conversation
from inbox_app.services.contacts.erasure import erase_contact
from inbox_app.services.conversations.actions import assign_group
from inbox_app.services.statistics import facts, rollup
from inbox_app.services.statistics.periods import Period
from inbox_app.services.statistics.report import statistics_report
from inbox_app.services.statistics.sql import Filters
from inbox_app.services.team.agents import create_agent
from inbox_app.services.team.groups import delete_group
from tests.integration.conftest import make_conversation

FIRST = datetime(2026, 3, 1, tzinfo=UTC)
SPAN_HOURS = 24 * 275
ZONES = [
    "UTC",
    "Europe/Berlin",
    "America/New_York",
    "Asia/Tokyo",
    "Australia/Lord_Howe",  # +10:30 / +11: counted from the facts
    "Asia/Kolkata",  # +5:30: counted from the facts
]
PERIODS = [
    (date(2026, 3, 1), date(2026, 11, 30)),  # everything, every change of offset
    (date(2026, 3, 20), date(2026, 4, 10)),  # spring forward in Europe and Lord Howe
    (date(2026, 10, 25), date(2026, 11, 1)),  # fall back in Europe and North America
    (date(2026, 6, 15), date(2026, 6, 15)),  # one day
]


def _spread_facts(session, team) -> list[int]:
    """Six conversations and 600 facts at random times; returns the conversation ids."""
    rng = random.Random(13)
    sales = team["sales"].id
    agents = [None, team["anna"].id, team["ben"].id]
    conversations = [
        make_conversation(
            session,
            name=f"Person{n}",
            channel=(Channel.chat, Channel.email, Channel.api)[n % 3],
            group_id=sales if n % 2 else None,
            at=FIRST,
        )
        for n in range(6)
    ]
    kinds = [FactKind.created, FactKind.assigned, FactKind.closed, FactKind.reply]
    for _ in range(600):
        kind = rng.choice([*kinds, FactKind.missed, FactKind.first_reply])
        timed = kind in (FactKind.first_reply, FactKind.closed)
        facts.add(
            session,
            conversation=rng.choice(conversations),
            kind=kind,
            at=FIRST + timedelta(seconds=rng.randrange(SPAN_HOURS * 3600)),
            agent_id=rng.choice(agents),
            # a few first replies without a contact message to time from: no seconds
            seconds=rng.randrange(10_000) if timed and rng.random() > 0.1 else None,
        )
    session.commit()
    return [conversation.id for conversation in conversations]


def _change_facts(session, team, conversation_ids: list[int]) -> None:
    """A group change moves facts; a deleted group and an erased contact take theirs."""
    admin = create_agent(
        session, email="admin@example.com", password="password-3", name="Ada", role=Role.admin
    )
    support = AgentGroup(name="Support")
    session.add(support)
    session.commit()
    assign_group(
        session, actor=admin, conversation_id=conversation_ids[0], group_id=support.id, now=FIRST
    )
    delete_group(session, actor=admin, group_id=team["sales"].id)
    contact_id = session.get(Conversation, conversation_ids[2]).contact_id
    erase_contact(session, actor=admin, contact_id=contact_id)
    session.commit()


def _rollup_rows(session) -> dict:
    table = rollup.ROLLUP
    columns = (table.c.hour, table.c.kind, table.c.agent_id, table.c.group_id, table.c.channel)
    counted = select(*columns, table.c.count, table.c.timed)
    return {tuple(row[:5]): tuple(row[5:]) for row in session.execute(counted)}


def _facts_counted(session) -> dict:
    found: dict = {}
    for fact in session.exec(select(ConversationFact)).all():
        key = (
            rollup.hour_of(fact.at),
            fact.kind,
            rollup.none_is_zero(fact.agent_id),
            rollup.none_is_zero(fact.group_id),
            fact.channel,
        )
        count, timed = found.get(key, (0, 0))
        found[key] = (count + 1, timed + (fact.seconds is not None))
    return found


def _hourly_rows(session) -> dict:
    table = rollup.HOURLY
    rows = session.execute(select(table.c.hour, table.c.kind, table.c.channel, table.c.count))
    return {(hour, kind, channel): count for hour, kind, channel, count in rows}


def _hourly_of(counted: dict) -> dict:
    """The rollup's keys and counts added up per hour, kind and channel (migration 0023's)."""
    found: dict = {}
    for (hour, kind, _agent, _group, channel), (count, _timed) in counted.items():
        key = (hour, kind, channel)
        found[key] = found.get(key, 0) + count
    return found


def test_the_rollup_counts_every_fact_through_every_change(session, team):
    conversation_ids = _spread_facts(session, team)
    assert _rollup_rows(session) == _facts_counted(session)
    assert _hourly_rows(session) == _hourly_of(_facts_counted(session))
    _change_facts(session, team, conversation_ids)
    found = _rollup_rows(session)
    assert found == _facts_counted(session)
    assert _hourly_rows(session) == _hourly_of(found)
    groups = {group for (_, _, _, group, _) in found}
    assert team["sales"].id not in groups and len(groups) == 2  # none, and Support
    assert sum(count for count, _ in found.values()) < 600 + 6 * 2  # the erased contact's went


def _reports(session, monkeypatch, period: Period, filters: Filters):
    rolled = statistics_report(session, period=period, filters=filters)
    with monkeypatch.context() as patch:
        patch.setattr(rollup, "whole_hours", lambda _period: None)
        from_facts = statistics_report(session, period=period, filters=filters)
    return rolled, from_facts


@pytest.mark.parametrize("zone", ZONES)
def test_every_figure_is_the_same_from_the_rollup_and_from_the_facts(
    session, team, monkeypatch, zone
):
    conversation_ids = _spread_facts(session, team)
    _change_facts(session, team, conversation_ids)
    anna = team["anna"].id
    every_filter = [
        Filters(),
        Filters(agent_id=anna),
        Filters(channel="chat"),
        Filters(group_id=_support(session)),
        Filters(agent_id=anna, channel="email"),
    ]
    for first_day, last_day in PERIODS:
        period = Period(first_day, last_day, zone)
        for filters in every_filter:
            rolled, from_facts = _reports(session, monkeypatch, period, filters)
            assert rolled == from_facts, (zone, first_day, filters)
    whole = Period(*PERIODS[0], zone)
    assert statistics_report(session, period=whole, filters=Filters()).totals.replies > 50
    hourly_zone = zone not in ("Australia/Lord_Howe", "Asia/Kolkata")
    assert (rollup.whole_hours(whole) is not None) == hourly_zone


def _support(session) -> int:
    return session.exec(select(AgentGroup.id).where(AgentGroup.name == "Support")).one()
