"""axe-core on every page and the widget, in English and German: no serious or critical
finding (issue 14). Each finding names its rule, so a failure says what to fix."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import loaded, make_agent, make_conversation, sign_in
from tests.e2e.test_widget import host_page, open_widget  # noqa: F401  (host_page: a fixture)

AXE = Axe()
SEVERE = ("serious", "critical")


def severe_findings(page: Page) -> list[str]:
    results = AXE.run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in SEVERE
    ]


def _pages(db):
    made = make_conversation(db, email="axe@example.org")
    return [
        f"/inbox/all/{made.id}",
        "/inbox/mine",
        "/contacts",
        f"/contacts/{made.contact_id}",
        "/visitors",
        "/statistics",
        "/profile",
        "/settings",
    ]


def test_the_sign_in_page(page: Page):
    page.goto("/login")
    expect(page.get_by_role("button", name="Sign in")).to_be_enabled()
    assert severe_findings(page) == []


@pytest.mark.parametrize("language", ["en", "de"])
def test_every_dashboard_page(page: Page, db, language):
    agent = make_agent(db, "Axel")
    sign_in(page, agent.email, agent.password)
    if language == "de":
        page.goto("/profile")
        loaded(page)
        details = page.get_by_role("region", name="Details")
        details.get_by_role("combobox", name="Language").select_option("de")
        page.get_by_role("button", name="Save").click()
        expect(page.get_by_role("button", name="Speichern")).to_be_visible()
    found = {}
    for path in _pages(db):
        page.goto(path)
        loaded(page)
        found[path] = severe_findings(page)
    assert found == {path: [] for path in found}


def test_the_settings_tabs_of_an_admin(page: Page):
    sign_in(page)
    page.goto("/settings")
    loaded(page)
    found = {}
    for tab in page.get_by_role("tab").all_inner_texts():
        page.get_by_role("tab", name=tab, exact=True).click()
        found[tab] = severe_findings(page)
    assert found == {tab: [] for tab in found}


def test_the_widget(browser: Browser, host_page):  # noqa: F811
    visitor, _chat = open_widget(browser, host_page)
    frame_url = visitor.locator('iframe[title="Chat"]').get_attribute("src")
    panel = visitor.context.new_page()
    panel.goto(frame_url)
    expect(panel.get_by_role("button", name="Start chat")).to_be_visible()
    assert severe_findings(panel) == []
    visitor.context.close()
