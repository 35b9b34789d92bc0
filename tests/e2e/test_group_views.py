"""Every group an agent belongs to has its entry in the rail, with the count of its conversations that need attention."""

import re
import uuid

from playwright.sync_api import Page, expect
from sqlmodel import select

from inbox_app.models.tables import Agent
from tests.e2e.conftest import ADMIN_EMAIL, admin_view, loaded, sign_in


def _conversation_for_group(db, group_name: str, contact_name: str) -> int:
    from inbox_app.models.enums import Channel
    from inbox_app.models.tables import AgentGroup, Contact, utcnow
    from inbox_app.services.conversations.actions import assign_group
    from inbox_app.services.conversations.messages import post_incoming
    from inbox_app.services.conversations.start import start_conversation

    group = db.exec(select(AgentGroup).where(AgentGroup.name == group_name)).one()
    contact = Contact(name=contact_name, email=f"{uuid.uuid4().hex[:8]}@example.org")
    db.add(contact)
    db.commit()
    conversation = start_conversation(db, contact_id=contact.id, channel=Channel.chat, now=utcnow())
    post_incoming(db, conversation_id=conversation.id, body="Where is my parcel?", now=utcnow())
    assign_group(
        db, actor=admin_view(db), conversation_id=conversation.id, group_id=group.id, now=utcnow()
    )
    return conversation.id


def test_joining_a_group_adds_its_view_to_the_rail(page: Page, db):
    name = f"Returns {uuid.uuid4().hex[:6]}"
    sign_in(page)
    page.goto("/settings")
    page.get_by_role("tab", name="Groups").click()
    page.get_by_role("textbox", name="Group name").fill(name)
    page.get_by_role("button", name="Create group").click()
    rail = page.get_by_role("navigation", name="Main")
    expect(rail.get_by_role("link", name=name)).to_have_count(0)  # not a member yet
    admin = db.exec(select(Agent).where(Agent.email == ADMIN_EMAIL)).one()
    page.get_by_role("checkbox", name=f"{admin.name} in {name}").click()
    expect(rail.get_by_role("link", name=name)).to_be_visible()  # live, no reload
    expect(rail.get_by_label(re.compile(rf"^{re.escape(name)}: \d+ need attention"))).to_have_text(
        "0"
    )

    conversation_id = _conversation_for_group(db, name, "Greta Group")
    rail.get_by_role("link", name=name).click()
    expect(page).to_have_url(re.compile(r"/inbox/group-\d+/?$"))
    loaded(page)
    expect(rail.get_by_label(re.compile(rf"^{re.escape(name)}: \d+ need attention"))).to_have_text(
        "1"
    )
    card = page.get_by_role("region", name="Message list").get_by_role(
        "link", name=re.compile("Greta Group")
    )
    card.click()
    expect(page).to_have_url(re.compile(rf"/inbox/group-\d+/{conversation_id}/?$"))
