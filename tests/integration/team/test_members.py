"""Admin-only team settings: invitations and links, roles, deactivation, groups, thresholds."""

import hashlib
from datetime import timedelta

import pytest
from sqlmodel import Session, select

from inbox_app.models.enums import Role
from inbox_app.models.tables import (
    Agent,
    AgentGroup,
    AppSetting,
    Conversation,
    GroupMember,
    InboxCount,
    PasswordLink,
)
from inbox_app.services import app_settings
from inbox_app.services.conversations.listing import count_open, nav_counts
from inbox_app.services.conversations.views import parse_view
from inbox_app.services.team import groups
from inbox_app.services.team import members as team_service
from inbox_app.services.team.agents import active_agent, create_agent, sign_in, to_view
from inbox_app.services.team.members import TeamError
from inbox_app.services.team.permissions import PermissionDenied, require_admin
from tests.integration.conftest import NOW, make_conversation


@pytest.fixture()
def boss(session, team):
    return create_agent(
        session, email="boss@example.com", password="boss-password", name="Boss", role=Role.admin
    )


def can_sign_in(session, email, password):
    return sign_in(session, email=email, password=password, address="t").agent is not None


def invite(session, boss, email="cara@example.com", role=Role.agent):
    return team_service.invite_agent(
        session, actor=boss, email=email, name="Cara", role=role, now=NOW
    )


def snapshot(session) -> list:
    session.expire_all()
    rows = []
    for table in (Agent, AgentGroup, GroupMember, PasswordLink, AppSetting, InboxCount):
        rows.append(sorted(repr(row.model_dump()) for row in session.exec(select(table))))
    return rows


# Permissions


def test_require_admin_accepts_admins_only(boss, team):
    require_admin(boss)
    with pytest.raises(PermissionDenied, match="Only admins"):
        require_admin(team["anna"])
    assert issubclass(PermissionDenied, ValueError)


def test_a_non_admin_is_refused_everything_and_nothing_changes(session, team, boss):
    anna, ben, sales = team["anna"], team["ben"].id, team["sales"].id
    make_conversation(session, group_id=sales)
    before = snapshot(session)
    attempts = [
        lambda: team_invite(session, anna),
        lambda: team_service.change_role(session, actor=anna, agent_id=anna.id, role=Role.admin),
        lambda: team_service.set_active(session, actor=anna, agent_id=ben, active=False),
        lambda: groups.create_group(session, actor=anna, name="Support"),
        lambda: groups.rename_group(session, actor=anna, group_id=sales, name="Deals"),
        lambda: groups.delete_group(session, actor=anna, group_id=sales),
        lambda: groups.set_members(session, actor=anna, group_id=sales, agent_ids=[ben]),
        lambda: app_settings.set_missed_after_seconds(session, actor=anna, seconds=60),
    ]
    for attempt in attempts:
        with pytest.raises(PermissionDenied):
            attempt()
    assert snapshot(session) == before


def team_invite(session, actor):
    return team_service.invite_agent(
        session, actor=actor, email="x@example.com", name="X", role=Role.agent, now=NOW
    )


# Invitations and set-password links


def test_invite_then_set_password_by_link_then_sign_in(session, boss):
    cara, token = invite(session, boss)
    assert (cara.email, cara.name, cara.role) == ("cara@example.com", "Cara", "agent")
    assert not can_sign_in(session, "cara@example.com", "")
    link = session.exec(select(PasswordLink).where(PasswordLink.agent_id == cara.id)).one()
    assert link.token_hash == hashlib.sha256(token.encode()).hexdigest() != token
    assert link.expires_at == NOW + timedelta(days=7)
    done = team_service.set_password_with_link(
        session, token=token, password="cara-secret", now=NOW
    )
    assert done.id == cara.id
    assert can_sign_in(session, "cara@example.com", "cara-secret")


def test_a_link_works_once(session, boss):
    _, token = invite(session, boss)
    team_service.set_password_with_link(session, token=token, password="first-pass", now=NOW)
    with pytest.raises(TeamError, match="used already"):
        team_service.set_password_with_link(session, token=token, password="second-pass", now=NOW)
    assert can_sign_in(session, "cara@example.com", "first-pass")
    assert not can_sign_in(session, "cara@example.com", "second-pass")


def test_a_link_used_meanwhile_by_another_request_is_refused(session, engine, boss):
    _, token = invite(session, boss)
    session.get(PasswordLink, hashlib.sha256(token.encode()).hexdigest())  # now cached unused
    with Session(engine, expire_on_commit=False) as other:
        team_service.set_password_with_link(other, token=token, password="other-pass", now=NOW)
    with pytest.raises(TeamError, match="used already"):
        team_service.set_password_with_link(session, token=token, password="late-pass", now=NOW)
    assert can_sign_in(session, "cara@example.com", "other-pass")


def test_expired_and_unknown_links_are_refused(session, boss):
    _, token = invite(session, boss)
    late = NOW + timedelta(days=7, seconds=1)
    session.expire_all()  # read the expiry back from the database
    with pytest.raises(TeamError, match="expired"):
        team_service.set_password_with_link(session, token=token, password="long-enough", now=late)
    for bad in ("", "made-up-token"):
        with pytest.raises(TeamError, match="not valid"):
            team_service.set_password_with_link(session, token=bad, password="long-enough", now=NOW)


def test_a_short_password_is_refused_and_the_link_stays_usable(session, boss):
    _, token = invite(session, boss)
    with pytest.raises(TeamError, match="8 to"):
        team_service.set_password_with_link(session, token=token, password="short", now=NOW)
    team_service.set_password_with_link(session, token=token, password="long-enough", now=NOW)
    assert can_sign_in(session, "cara@example.com", "long-enough")


def test_a_deactivated_invitee_cannot_use_the_link(session, boss):
    cara, token = invite(session, boss)
    team_service.set_active(session, actor=boss, agent_id=cara.id, active=False)
    with pytest.raises(TeamError, match="deactivated"):
        team_service.set_password_with_link(session, token=token, password="long-enough", now=NOW)


def test_invite_refuses_a_taken_email_and_an_unknown_role(session, boss, team):
    with pytest.raises(TeamError, match="exists already"):
        invite(session, boss, email="Anna@Example.com")
    with pytest.raises(TeamError, match="role"):
        invite(session, boss, role="owner")
    invited_admin, _ = invite(session, boss, role="admin")
    assert invited_admin.role == "admin"


# Roles and deactivation


def test_change_role_promotes_and_demotes(session, boss, team):
    anna = team["anna"]
    assert team_change(session, boss, anna.id, Role.admin).role == "admin"
    assert team_change(session, boss, boss.id, Role.agent).role == "agent"
    assert session.get(Agent, boss.id).role == Role.agent
    with pytest.raises(TeamError, match="does not exist"):
        team_change(session, boss, 9999, Role.admin)


def team_change(session, actor, agent_id, role):
    return team_service.change_role(session, actor=actor, agent_id=agent_id, role=role)


def test_the_last_active_admin_cannot_be_demoted(session, boss, team):
    with pytest.raises(TeamError, match="at least one active admin"):
        team_change(session, boss, boss.id, Role.agent)
    assert session.get(Agent, boss.id).role == Role.admin
    # An inactive admin does not count.
    cara, _ = invite(session, boss, role=Role.admin)
    team_service.set_active(session, actor=boss, agent_id=cara.id, active=False)
    with pytest.raises(TeamError, match="at least one active admin"):
        team_change(session, boss, boss.id, Role.agent)


def test_the_last_active_admin_cannot_be_deactivated(session, boss, team):
    stale = to_view(session.get(Agent, boss.id))  # still says admin after the demotion below
    cara, _ = invite(session, boss, role=Role.admin)
    team_change(session, boss, boss.id, Role.agent)
    with pytest.raises(TeamError, match="at least one active admin"):
        team_service.set_active(session, actor=stale, agent_id=cara.id, active=False)
    assert session.get(Agent, cara.id).is_active


def test_an_admin_cannot_deactivate_themselves(session, boss, team):
    team_change(session, boss, team["anna"].id, Role.admin)
    with pytest.raises(TeamError, match="yourself"):
        team_service.set_active(session, actor=boss, agent_id=boss.id, active=False)
    assert session.get(Agent, boss.id).is_active


def test_a_deactivated_agent_cannot_sign_in_until_reactivated(session, boss, team):
    anna = team["anna"]
    assert can_sign_in(session, "anna@example.com", "password-1")
    team_service.set_active(session, actor=boss, agent_id=anna.id, active=False)
    assert not can_sign_in(session, "anna@example.com", "password-1")
    assert active_agent(session, agent_id=anna.id) is None
    assert [a.name for a in team_service.list_agents(session)] == ["Ben", "Boss"]
    assert [a.name for a in team_service.list_agents(session, active=False)] == ["Anna"]
    team_service.set_active(session, actor=boss, agent_id=anna.id, active=True)
    assert can_sign_in(session, "anna@example.com", "password-1")
    assert [a.name for a in team_service.list_agents(session)] == ["Anna", "Ben", "Boss"]


# Groups


def test_create_rename_and_list_groups(session, boss, team):
    support = groups.create_group(session, actor=boss, name="  Support ")
    assert (support.name, support.member_ids, support.member_names) == ("Support", [], "")
    renamed = groups.rename_group(session, actor=boss, group_id=support.id, name="Help desk")
    assert renamed.name == "Help desk"
    groups.rename_group(session, actor=boss, group_id=support.id, name="HELP DESK")  # own name
    listed = groups.list_groups(session)
    assert [(g.name, g.member_names) for g in listed] == [("HELP DESK", ""), ("Sales", "Anna")]
    assert listed[1].member_ids == [team["anna"].id]


def test_group_names_are_unique_in_any_case_and_1_to_120_characters(session, boss, team):
    with pytest.raises(groups.GroupError, match="exists already"):
        groups.create_group(session, actor=boss, name=" sALES")
    other = groups.create_group(session, actor=boss, name="Ärger")
    with pytest.raises(groups.GroupError, match="exists already"):
        groups.rename_group(session, actor=boss, group_id=other.id, name="sales")
    with pytest.raises(groups.GroupError, match="exists already"):
        groups.create_group(session, actor=boss, name="ärger")
    for bad in ("", "   ", "x" * 121):
        with pytest.raises(groups.GroupError, match="1 to 120"):
            groups.create_group(session, actor=boss, name=bad)
    assert groups.create_group(session, actor=boss, name="y" * 120).name == "y" * 120
    with pytest.raises(groups.GroupError, match="does not exist"):
        groups.rename_group(session, actor=boss, group_id=9999, name="Nope")


def test_membership_changes_update_my_messages_counts(session, boss, team):
    anna, ben, sales = team["anna"].id, team["ben"].id, team["sales"].id
    make_conversation(session, group_id=sales)
    assert nav_counts(session, viewer_id=ben).mine == 0
    view = groups.set_members(session, actor=boss, group_id=sales, agent_ids=[ben, anna])
    assert (view.member_ids, view.member_names) == ([anna, ben], "Anna, Ben")
    assert nav_counts(session, viewer_id=ben).mine == 1
    assert count_open(session, view=parse_view("mine"), viewer_id=ben) == 1
    groups.set_members(session, actor=boss, group_id=sales, agent_ids=[ben])
    assert nav_counts(session, viewer_id=anna).mine == 0
    assert nav_counts(session, viewer_id=ben).mine == 1
    assert [g.name for g in groups.groups_of_agent(session, agent_id=ben)] == ["Sales"]
    assert groups.groups_of_agent(session, agent_id=anna) == []


def test_members_must_exist_and_be_active_to_be_added(session, boss, team):
    anna, ben, sales = team["anna"].id, team["ben"].id, team["sales"].id
    with pytest.raises(groups.GroupError, match="no longer exist"):
        groups.set_members(session, actor=boss, group_id=sales, agent_ids=[anna, 9999])
    team_service.set_active(session, actor=boss, agent_id=ben, active=False)
    with pytest.raises(groups.GroupError, match="deactivated"):
        groups.set_members(session, actor=boss, group_id=sales, agent_ids=[anna, ben])
    team_service.set_active(session, actor=boss, agent_id=anna, active=False)
    kept = groups.set_members(session, actor=boss, group_id=sales, agent_ids=[anna])
    assert kept.member_ids == [anna]  # a deactivated member may stay


def test_deleting_a_group_releases_its_conversations_and_fixes_counts(session, boss, team):
    anna, ben, sales = team["anna"].id, team["ben"].id, team["sales"].id
    only_group = make_conversation(session, name="Only", group_id=sales)
    with_agent = make_conversation(session, name="Both", agents=[ben], group_id=sales)
    assert nav_counts(session, viewer_id=anna).mine == 2
    unassigned_before = nav_counts(session, viewer_id=anna).unassigned
    groups.delete_group(session, actor=boss, group_id=sales)
    assert session.get(AgentGroup, sales) is None
    assert session.exec(select(GroupMember)).all() == []
    for conversation in (only_group, with_agent):
        session.refresh(conversation)
        assert conversation.group_id is None
    assert session.get(Conversation, only_group.id).is_unassigned
    assert not session.get(Conversation, with_agent.id).is_unassigned
    counts = nav_counts(session, viewer_id=anna)
    assert (counts.mine, counts.unassigned) == (0, unassigned_before + 1)
    assert counts.unassigned == count_open(session, view=parse_view("unassigned"), viewer_id=anna)
    assert nav_counts(session, viewer_id=ben).mine == 1
    assert groups.list_groups(session) == []


# Settings


def test_missed_after_seconds_defaults_and_can_be_set_within_bounds(session, boss):
    assert app_settings.missed_after_seconds(session, default=30) == 30
    for good in (5, 86_400, 90):
        app_settings.set_missed_after_seconds(session, actor=boss, seconds=good)
        assert app_settings.missed_after_seconds(session, default=30) == good
    for bad in (4, 86_401, 0, -1, True, 12.5, "60"):
        with pytest.raises(app_settings.SettingsError, match="5 to 86,400"):
            app_settings.set_missed_after_seconds(session, actor=boss, seconds=bad)
    assert app_settings.missed_after_seconds(session, default=30) == 90


def test_a_broken_stored_threshold_falls_back_to_the_default(session):
    session.add(AppSetting(key="missed_after_seconds", value="soon"))
    session.commit()
    assert app_settings.missed_after_seconds(session, default=30) == 30
