"""Settings as an admin uses them, and refused to agents."""

import re
import uuid

from playwright.sync_api import Browser, Page, expect
from sqlmodel import select

from inbox_app.models.tables import AgentGroup
from inbox_app.state.settings import SettingsState
from tests.e2e.conftest import loaded, make_agent, sign_in
from tests.e2e.test_socket_security import real_token_for, redirected_to, send_event


def settings(page: Page, tab: str) -> None:
    page.goto("/settings")
    page.get_by_role("tab", name=tab).click()


def test_invite_set_password_sign_in_then_deactivate(page: Page, browser: Browser, base_url: str):
    sign_in(page)
    settings(page, "Agents")
    page.get_by_role("textbox", name="Email").fill("carla@example.com")
    page.get_by_role("textbox", name="Name").fill("Carla")
    page.get_by_role("button", name="Invite").click()
    link = page.locator("code").filter(has_text="/set-password?token=")
    expect(link).to_be_visible()
    carla = browser.new_context(base_url=base_url).new_page()
    carla.goto(link.inner_text())
    carla.get_by_role("textbox", name="New password").fill("carla-secret-1")
    carla.get_by_role("textbox", name="Repeat password").fill("carla-secret-1")
    carla.get_by_role("button", name="Set password").click()
    expect(carla).to_have_url(re.compile(r"/login/?$"))
    sign_in(carla, "carla@example.com", "carla-secret-1")
    page.get_by_role("button", name="Deactivate Carla").click()
    expect(page.get_by_role("button", name="Reactivate Carla")).to_be_visible()
    expect(link).to_have_count(0)  # shown until the next action only
    expect(carla).to_have_url(re.compile(r"/login/?$"))  # at once, without her doing anything
    loaded(carla)  # the sign-in page of that redirect, connected, before she signs in again
    carla.get_by_role("textbox", name="Email").fill("carla@example.com")
    carla.get_by_role("textbox", name="Password").fill("carla-secret-1")
    carla.get_by_role("button", name="Sign in").click()
    expect(carla.get_by_role("alert")).to_contain_text("Wrong email or password")
    carla.context.close()


def test_groups_saved_replies_templates_and_threshold(page: Page):
    sign_in(page)
    settings(page, "Groups")
    page.get_by_role("textbox", name="Group name").fill("VIP")
    page.get_by_role("button", name="Create group").click()
    vip = page.locator(".rt-Card").filter(has=page.get_by_role("heading", name="VIP"))
    vip.get_by_role("checkbox").first.click()
    expect(vip.get_by_role("checkbox").first).to_be_checked()
    page.get_by_role("tab", name="Saved replies").click()
    page.get_by_role("textbox", name="Shortcut").fill("bye")
    page.get_by_role("textbox", name="Title").fill("Goodbye")
    page.get_by_role("textbox", name="Text").fill("Have a nice day, {{contact.first_name}}!")
    page.get_by_role("button", name="Add saved reply").click()
    expect(page.get_by_role("button", name="Delete Goodbye")).to_be_visible()
    page.get_by_role("tab", name="General").click()
    page.get_by_role("spinbutton", name="Missed after seconds").fill("45")
    page.get_by_role("button", name="Save threshold").click()
    page.reload()
    page.get_by_role("tab", name="General").click()
    expect(page.get_by_role("spinbutton", name="Missed after seconds")).to_have_value("45")
    page.get_by_role("spinbutton", name="Missed after seconds").fill("30")
    page.get_by_role("button", name="Save threshold").click()


def test_an_agent_is_kept_out_of_settings(page: Page, base_url, server_env, db):
    ben = make_agent(db, "Ben")
    sign_in(page, ben.email, ben.password)
    page.goto("/settings")
    expect(page).to_have_url(re.compile(r"/inbox/mine/?$"))
    expect(
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Settings")
    ).to_have_count(0)
    name = f"Sneaky {uuid.uuid4().hex[:6]}"
    send_event(
        base_url,
        f"{SettingsState.get_full_name()}.create_group",
        {"form_data": {"name": name}},
        stored_token=real_token_for(server_env, ben.id),
        page="/settings",
        answered=redirected_to("/inbox/mine"),  # the guard sends an agent home
    )
    db.expire_all()
    assert db.exec(select(AgentGroup).where(AgentGroup.name == name)).first() is None


def test_an_admin_chooses_the_languages_to_detect(page: Page):
    sign_in(page)
    page.goto("/settings")
    loaded(page)
    page.get_by_role("tab", name="General").click()
    languages = page.get_by_role("group", name="Languages to detect in incoming messages")
    expect(languages.get_by_role("checkbox", name="Deutsch")).to_be_checked()
    expect(languages.get_by_role("checkbox", name="Italiano")).not_to_be_checked()
    languages.get_by_role("checkbox", name="Italiano").check()
    page.get_by_role("button", name="Save languages").click()
    expect(page.get_by_text("Languages saved")).to_be_visible()
    page.reload()
    page.get_by_role("tab", name="General").click()
    expect(languages.get_by_role("checkbox", name="Italiano")).to_be_checked()

    for name in ("Deutsch", "English", "Español", "Français"):  # Italian alone tells nothing
        languages.get_by_role("checkbox", name=name).uncheck()
    page.get_by_role("button", name="Save languages").click()
    expect(page.get_by_text("Choose at least two languages to tell apart.")).to_be_visible()
    page.reload()
    page.get_by_role("tab", name="General").click()
    expect(languages.get_by_role("checkbox", name="English")).to_be_checked()  # nothing changed
    languages.get_by_role("checkbox", name="Italiano").uncheck()  # back to the defaults
    page.get_by_role("button", name="Save languages").click()
    expect(page.get_by_text("Languages saved")).to_be_visible()
