"""The widget's look from Settings → Chat widget, and light and dark for the dashboard and the
widget. Every test puts the look back, so the other widget tests see the defaults."""

# ruff: noqa: F811  (the `site` fixture is imported from test_widget_config)
import pytest
from playwright.sync_api import Browser, Page, expect

from inbox_app.services.widget.look import WidgetLook, save_widget_look
from tests.e2e.conftest import admin_view, loaded, sign_in, visitor_context
from tests.e2e.test_accessibility import severe_findings
from tests.e2e.test_widget_config import chat_widget_settings, site  # noqa: F401  (fixture)

GREEN, GREEN_CSS = "#0a7d3b", "rgb(10, 125, 59)"
DARK_BACKGROUND = "rgb(24, 24, 27)"  # assets/widget-frame.css


@pytest.fixture()
def default_look_after(db):
    yield
    save_widget_look(db, actor=admin_view(db), look=WidgetLook())


def test_an_admin_previews_and_saves_a_look_and_visitors_see_it(
    page: Page,
    browser: Browser,
    site,
    default_look_after,
):
    sign_in(page)
    chat_widget_settings(page)
    page.get_by_label("Accent colour").fill(GREEN)
    page.get_by_role("textbox", name="Greeting").fill("Hello from the shop team")
    page.get_by_role("combobox", name="Corner").select_option("left")

    preview = page.get_by_role("group", name="Widget preview")  # before saving
    expect(preview).to_contain_text("Hello from the shop team")
    mock_launcher = preview.get_by_test_id("preview-launcher")
    expect(mock_launcher).to_have_css("background-color", GREEN_CSS)
    expect(mock_launcher).to_have_css("left", "10px")
    page.get_by_role("button", name="Save look").click()
    expect(page.get_by_text("Widget look saved")).to_be_visible()

    visitor = visitor_context(browser).new_page()
    visitor.goto(site("look.html"))
    launcher = visitor.get_by_role("button", name="Open chat")
    expect(launcher).to_have_css("background-color", GREEN_CSS)
    expect(launcher).to_have_css("left", "20px")
    box = launcher.bounding_box()
    assert box is not None and box["x"] < 100  # bottom left, not bottom right
    launcher.click()
    chat = visitor.frame_locator('iframe[title="Chat"]')
    expect(chat.get_by_text("Hello from the shop team")).to_be_visible()
    expect(chat.locator("header")).to_have_css("background-color", GREEN_CSS)
    expect(chat.get_by_role("button", name="Start chat")).to_have_css("background-color", GREEN_CSS)
    visitor.context.close()


def test_a_greeting_is_shown_as_text_never_as_html(
    browser: Browser,
    site,
    db,
    default_look_after,
):
    greeting = '<img src=x onerror="window.hacked=1"> <b>Hi</b>'
    save_widget_look(db, actor=admin_view(db), look=WidgetLook(greeting=greeting))
    visitor = visitor_context(browser).new_page()
    visitor.goto(site("text.html"))
    visitor.get_by_role("button", name="Open chat").click()
    chat = visitor.frame_locator('iframe[title="Chat"]')
    expect(chat.locator("#greeting")).to_have_text(greeting)
    expect(chat.locator("header img, header b")).to_have_count(0)
    visitor.context.close()


@pytest.fixture()
def dark_page(browser: Browser, base_url):
    """A browser whose system is set to dark; closed even when the test fails (an open tab
    keeps its agent online, and the widget's offline tests wait for nobody to be)."""
    context = browser.new_context(base_url=base_url, color_scheme="dark")
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


def test_the_dashboard_follows_a_dark_system_and_the_profile_can_choose(dark_page: Page):
    page = dark_page
    sign_in(page)
    html = page.locator("html")
    expect(html).to_have_class("dark")
    assert _brightness(_theme_background(page)) < 60
    page.goto("/profile")
    loaded(page)  # before that a click on a radio reaches no handler
    page.get_by_role("radio", name="Light").check()
    expect(html).to_have_class("light")
    assert _brightness(_theme_background(page)) > 200
    page.reload()  # the choice stays with this browser
    expect(html).to_have_class("light")
    loaded(page)
    page.get_by_role("radio", name="System").check()
    expect(html).to_have_class("dark")


@pytest.mark.parametrize(("appearance", "scheme"), [("dark", "light"), ("system", "dark")])
def test_the_widget_is_dark_when_set_so(
    browser: Browser,
    site,
    db,
    default_look_after,
    appearance,
    scheme,
):
    save_widget_look(db, actor=admin_view(db), look=WidgetLook(appearance=appearance))
    visitor = visitor_context(browser, color_scheme=scheme).new_page()
    visitor.goto(site(f"{appearance}.html"))
    visitor.get_by_role("button", name="Open chat").click()
    chat = visitor.frame_locator('iframe[title="Chat"]')
    expect(chat.locator("body")).to_have_css("background-color", DARK_BACKGROUND)
    visitor.context.close()


def test_the_widget_stays_light_by_default_on_a_dark_system(browser: Browser, site):
    visitor = visitor_context(browser, color_scheme="dark").new_page()
    visitor.goto(site("default.html"))
    visitor.get_by_role("button", name="Open chat").click()
    chat = visitor.frame_locator('iframe[title="Chat"]')
    expect(chat.get_by_role("button", name="Start chat")).to_be_visible()
    expect(chat.locator("body")).to_have_css("background-color", "rgb(255, 255, 255)")
    visitor.context.close()


def _theme_background(page: Page) -> str:
    """The colour the Radix theme paints behind the whole dashboard."""
    return page.evaluate(
        "getComputedStyle(document.querySelector('.radix-themes')).backgroundColor"
    )


def _brightness(css: str) -> float:
    red, green, blue = (float(part) for part in css[css.index("(") + 1 : -1].split(",")[:3])
    return (red + green + blue) / 3


def test_the_dashboard_in_dark_has_no_severe_accessibility_finding(dark_page: Page):
    """Hard-coded light colours would show here as text without contrast on the dark theme."""
    page = dark_page
    sign_in(page)
    found = {}
    for path in ("/inbox/mine", "/profile", "/contacts", "/visitors", "/settings"):
        page.goto(path)
        loaded(page)
        expect(page.locator("html")).to_have_class("dark")
        found[path] = severe_findings(page)
    page.get_by_role("tab", name="Chat widget").click()
    found["Chat widget"] = severe_findings(page)
    assert found == {path: [] for path in found}
