"""Statistics as an admin uses them: the figures of data they made, another range, the CSV."""

import re
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.e2e.conftest import loaded, make_agent, make_conversation, sign_in


def _reply_as(db, agent_id: int, conversation_id: int) -> None:
    from inbox_app.models.enums import MessageKind
    from inbox_app.models.tables import utcnow
    from inbox_app.services.conversations.messages import post_agent_message

    post_agent_message(
        db,
        agent_id=agent_id,
        conversation_id=conversation_id,
        kind=MessageKind.reply,
        body="On it",
        now=utcnow(),
    )


def _figure(page: Page, label: str):
    return page.get_by_role("group", name=label, exact=True).get_by_role("heading")


def test_an_admin_reads_figures_changes_the_range_and_exports(page: Page, db):
    agent = make_agent(db, "Stella")
    make_conversation(db, assigned_to=[agent.email], closed=True)
    answered = make_conversation(db, assigned_to=[agent.email])
    _reply_as(db, agent.id, answered.id)
    sign_in(page)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Statistics").click()
    expect(page).to_have_url(re.compile(r"/statistics/?$"))
    loaded(page)
    page.get_by_role("combobox", name="Agent").click()
    page.get_by_role("option", name=agent.name).click()
    expect(_figure(page, "Conversations")).to_have_text("2")
    expect(_figure(page, "Closed")).to_have_text("1")
    expect(_figure(page, "Missed")).to_have_text("0")
    expect(_figure(page, "Replies sent")).to_have_text("1")
    expect(_figure(page, "First response time")).not_to_have_text("—")
    expect(page.get_by_role("img", name="Conversations per day")).to_be_visible()
    agents = page.get_by_role("table", name="Agents")
    expect(agents.get_by_role("row", name=re.compile(agent.name))).to_contain_text("2")

    page.get_by_label("From", exact=True).fill("2020-01-01")
    page.get_by_label("To", exact=True).fill("2020-01-31")
    expect(_figure(page, "Conversations")).to_have_text("0")
    page.get_by_role("button", name="Last 7 days").click()
    expect(_figure(page, "Conversations")).to_have_text("2")

    page.get_by_text("Conversations per day as a table").click()  # the chart's numbers
    per_day = page.get_by_role("table", name="Conversations per day, in numbers")
    expect(per_day.get_by_role("row")).to_have_count(8)  # a header and seven days

    with page.expect_download() as download:
        page.get_by_role("button", name="Export CSV").click()
    lines = Path(download.value.path()).read_text().splitlines()
    assert lines[0].startswith("row,day_or_agent,conversations")
    assert sum(line.startswith("day,") for line in lines) == 7
    assert any(line.startswith(f"agent,{agent.name},2,1,0,1,") for line in lines)
