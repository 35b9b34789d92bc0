"""An agent's own profile: details kept, a new password signs the other sessions out, the
notification switches live here."""

import re

from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import loaded, make_agent, sign_in


def _open_profile(page: Page) -> None:
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My profile").click()
    expect(page).to_have_url(re.compile(r"/profile/?$"))
    loaded(page)


def test_an_agent_changes_their_name_language_and_time_zone(page: Page, db):
    agent = make_agent(db, "Paula")
    sign_in(page, agent.email, agent.password)
    _open_profile(page)
    page.get_by_role("textbox", name="Name").fill("Paula Profile")
    page.get_by_role("region", name="Details").get_by_role(
        "combobox", name="Language"
    ).select_option(label="Deutsch")
    page.get_by_role("combobox", name="Time zone").select_option("Europe/Berlin")
    page.get_by_role("combobox", name="Avatar colour").select_option("teal")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Profil gespeichert")).to_be_visible()  # in the language she chose
    rail = page.get_by_role("navigation")
    expect(rail.get_by_text("Paula Profile")).to_be_visible()
    page.reload()
    loaded(page)  # in German now, with what she chose
    expect(page.get_by_role("textbox", name="Name")).to_have_value("Paula Profile")
    expect(page.get_by_role("combobox", name="Sprache")).to_have_value("de")
    expect(page.get_by_role("combobox", name="Zeitzone")).to_have_value("Europe/Berlin")
    expect(page.get_by_role("combobox", name="Avatarfarbe")).to_have_value("teal")


def test_a_bad_email_is_refused_and_nothing_changes(page: Page, db):
    agent = make_agent(db, "Rita")
    sign_in(page, agent.email, agent.password)
    _open_profile(page)
    page.get_by_role("textbox", name="Name").fill("Someone Else")
    page.get_by_role("textbox", name="Email").fill("admin@example.com")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("belongs to another agent")).to_be_visible()
    page.reload()
    loaded(page)
    expect(page.get_by_role("textbox", name="Name")).to_have_value(agent.name)


def test_a_new_password_signs_out_the_other_sessions_only(
    page: Page, browser: Browser, base_url: str, db
):
    agent = make_agent(db, "Otto")
    other = browser.new_context(base_url=base_url)
    elsewhere = other.new_page()
    sign_in(elsewhere, agent.email, agent.password)
    sign_in(page, agent.email, agent.password)
    _open_profile(page)
    page.get_by_label("Current password").fill("wrong-password")
    page.get_by_label("New password").fill("a-brand-new-password")
    page.get_by_role("button", name="Change password").click()
    expect(page.get_by_text("The current password is wrong.")).to_be_visible()
    page.get_by_label("Current password").fill(agent.password)
    page.get_by_role("button", name="Change password").click()
    expect(page.get_by_text("your other sessions are signed out")).to_be_visible()
    expect(elsewhere).to_have_url(re.compile(r"/login/?$"), timeout=20_000)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="All messages").click()
    expect(page).to_have_url(re.compile(r"/inbox/all/?$"))
    page.reload()
    loaded(page)
    expect(page).to_have_url(re.compile(r"/inbox/all/?$"))
    sign_in(elsewhere, agent.email, "a-brand-new-password")
    other.close()


def test_without_a_time_zone_of_their_own_an_agent_reads_times_in_their_browsers(
    browser: Browser, base_url: str, db
):
    from tests.e2e.conftest import make_conversation

    agent = make_agent(db, "Toni")  # the profile's time zone: "Browser default"
    made = make_conversation(db, assigned_to=[agent.email])
    context = browser.new_context(base_url=base_url, timezone_id="America/New_York")
    page = context.new_page()
    sign_in(page, agent.email, agent.password)
    page.goto(f"/inbox/all/{made.id}")
    loaded(page)
    window = page.get_by_role("region", name="Conversation", exact=True)
    window.get_by_role("button", name="Snooze").click()
    page.get_by_role("menuitem", name="Tomorrow").click()
    expect(window).to_contain_text("09:00 EST")  # tomorrow morning in New York, not in UTC
    context.close()
