"""Organising work as a team does it: labels (admin defines, agent applies and filters),
priority, and snooze (out of My messages, into Snoozed)."""

import re
from datetime import timedelta

from playwright.sync_api import Browser, Page, expect

from inbox_app.services.labels.catalogue import create_label
from tests.e2e.conftest import (
    admin_view,
    loaded,
    make_agent,
    make_conversation,
    open_conversation,
    sign_in,
    unique,
)


def message_list(page: Page):
    return page.get_by_role("region", name="Message list")


def card(page: Page, conversation_id: int):
    return message_list(page).locator(f'li:has(a[href$="/{conversation_id}"])')


def chat(page: Page):
    return page.get_by_role("region", name="Conversation")


def thread(page: Page):
    return page.get_by_role("log", name="Messages")


def choose(page: Page, combobox: str, option: str) -> None:
    page.get_by_role("combobox", name=combobox).click()
    page.get_by_role("option", name=option, exact=True).click()


def test_admin_adds_a_label_and_an_agent_labels_and_filters(
    page: Page, browser: Browser, base_url: str, db
):
    name = unique("VIP")
    sign_in(page)
    page.goto("/settings")
    page.get_by_role("tab", name="Labels").click()
    page.get_by_role("textbox", name="Label name").fill(name)
    page.get_by_role("button", name="Add label").click()
    expect(page.get_by_role("button", name=f"Delete {name}")).to_be_visible()

    agent = make_agent(db, "Lara")
    labelled = make_conversation(db, assigned_to=[agent.email])
    other = make_conversation(db, assigned_to=[agent.email])
    page.goto("/inbox/all")  # the admin watches the list: the label comes live
    loaded(page)
    expect(card(page, labelled.id)).to_have_count(1)
    agent_page = browser.new_context(base_url=base_url).new_page()
    sign_in(agent_page, agent.email, agent.password)
    open_conversation(agent_page, labelled)
    chat(agent_page).get_by_role("button", name="Labels").click()
    item = agent_page.get_by_role("menuitemcheckbox", name=name)
    expect(item).to_have_attribute("aria-checked", "false")
    item.click()
    expect(card(agent_page, labelled.id)).to_contain_text(name)
    expect(thread(agent_page)).to_contain_text(f"{agent.name} added the label {name}")
    expect(card(page, labelled.id)).to_contain_text(name)
    chat(agent_page).get_by_role("button", name="Labels").click()
    expect(agent_page.get_by_role("menuitemcheckbox", name=name)).to_have_attribute(
        "aria-checked", "true"
    )
    agent_page.keyboard.press("Escape")

    expect(card(agent_page, other.id)).to_have_count(1)
    choose(agent_page, "Label", name)
    expect(card(agent_page, other.id)).to_have_count(0)
    expect(card(agent_page, labelled.id)).to_have_count(1)
    choose(agent_page, "Label", "All labels")
    expect(card(agent_page, other.id)).to_have_count(1)
    agent_page.context.close()  # a signed-in tab left open keeps its agent online


def test_agent_sets_a_priority_seen_on_the_card_and_sorts_by_it(page: Page, db):
    urgent = make_conversation(db)
    make_conversation(db)  # newer, but without a priority
    sign_in(page)
    open_conversation(page, urgent)
    expect(page.get_by_role("combobox", name="Priority")).to_have_text("None")
    choose(page, "Priority", "Urgent")
    expect(page.get_by_role("combobox", name="Priority")).to_have_text("Urgent")
    expect(card(page, urgent.id)).to_contain_text("Urgent")
    expect(thread(page)).to_contain_text("Admin set the priority to Urgent")
    choose(page, "Sort by", "Priority")
    expect(message_list(page).locator("li").first).to_contain_text("Urgent")


def test_agent_snoozes_a_conversation_out_of_mine_into_snoozed(page: Page, db):
    agent = make_agent(db, "Sami")
    # waiting for an answer past the threshold: red, so counted even once Sami has read it
    made = make_conversation(db, assigned_to=[agent.email], ago=timedelta(minutes=2))
    sign_in(page, agent.email, agent.password)
    page.goto(f"/inbox/mine/{made.id}")
    loaded(page)
    expect(card(page, made.id)).to_have_count(1)
    chat(page).get_by_role("button", name="Snooze").click()
    page.get_by_role("menuitem", name="Tomorrow").click()
    expect(card(page, made.id)).to_have_count(0)
    expect(page.get_by_label(re.compile(r"^My messages: \d+ need attention"))).to_have_text("0")
    expect(chat(page)).to_contain_text("Snoozed until")
    page.get_by_role("link", name="Snoozed", exact=True).click()
    expect(card(page, made.id)).to_contain_text("Snoozed until")
    card(page, made.id).get_by_role("link").click()
    expect(chat(page)).to_contain_text("Snoozed until")
    chat(page).get_by_role("button", name="Snooze").click()
    page.get_by_role("menuitem", name="Unsnooze").click()
    expect(card(page, made.id)).to_have_count(0)  # back among the open ones
    expect(page.get_by_label(re.compile(r"^My messages: \d+ need attention"))).to_have_text("1")


def test_agent_labels_several_conversations_at_once(page: Page, db):
    name = unique("Refund")
    create_label(db, actor=admin_view(db), name=name, colour="green")
    first, second = make_conversation(db), make_conversation(db)
    sign_in(page)
    page.goto("/inbox/all")
    loaded(page)
    for made in (first, second):
        card(page, made.id).get_by_role("checkbox").click()
    toolbar = page.get_by_role("toolbar", name="Selected conversations")
    toolbar.get_by_role("button", name="Label selected").click()
    page.get_by_role("menuitem", name=name).click()
    expect(card(page, first.id)).to_contain_text(name)
    expect(card(page, second.id)).to_contain_text(name)
