"""Wrong passwords lock the account they were tried on, from every address, and no one else:
behind a reverse proxy (here the test's loopback, trusted by the server) colleagues go on."""

import re

from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import ADMIN_EMAIL, ADMIN_PASSWORD

LOCKED = "Too many failed sign-ins. Try again in 5 minutes."


def client_at(browser: Browser, base_url: str, address: str) -> Page:
    """A browser whose requests the proxy forwarded for `address`."""
    context = browser.new_context(
        base_url=base_url, extra_http_headers={"X-Forwarded-For": address}
    )
    page = context.new_page()
    page.goto("/login")
    return page


def submit(page: Page, email: str, password: str) -> None:
    page.get_by_role("textbox", name="Email").fill(email)
    page.get_by_role("textbox", name="Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_five_wrong_passwords_lock_that_account_not_the_team(browser: Browser, base_url, db):
    from inbox_app.services.team.agents import create_agent

    create_agent(db, email="dora@example.com", password="dora-password-1", name="Dora")
    guesser = client_at(browser, base_url, "203.0.113.7")
    submit(guesser, "dora@example.com", "guess-0")
    expect(guesser.get_by_role("alert")).to_contain_text("Wrong email or password")
    for n in range(1, 5):
        submit(guesser, "dora@example.com", f"guess-{n}")
    # One tab's events run in order: this answer comes after the five failures.
    submit(guesser, "dora@example.com", "dora-password-1")
    expect(guesser.get_by_role("alert")).to_have_text(LOCKED, timeout=30_000)

    dora = client_at(browser, base_url, "198.51.100.8")  # Dora herself, elsewhere
    submit(dora, "dora@example.com", "dora-password-1")
    expect(dora.get_by_role("alert")).to_have_text(LOCKED)
    expect(dora).to_have_url(re.compile(r"/login/?$"))

    colleague = client_at(browser, base_url, "203.0.113.7")  # even at the guesser's address
    submit(colleague, ADMIN_EMAIL, ADMIN_PASSWORD)
    expect(colleague).to_have_url(re.compile(r"/inbox/mine/?$"))
    for page in (guesser, dora, colleague):
        page.context.close()


def test_guesses_over_many_accounts_lock_the_forwarded_address_only(browser: Browser, base_url):
    sprayer = client_at(browser, base_url, "192.0.2.55")
    for n in range(20):
        submit(sprayer, f"guess{n}@example.com", "not-the-password")
    submit(sprayer, ADMIN_EMAIL, ADMIN_PASSWORD)
    expect(sprayer.get_by_role("alert")).to_have_text(LOCKED, timeout=30_000)

    neighbour = client_at(browser, base_url, "192.0.2.56")  # same proxy, another client
    submit(neighbour, ADMIN_EMAIL, ADMIN_PASSWORD)
    expect(neighbour).to_have_url(re.compile(r"/inbox/mine/?$"))
    for page in (sprayer, neighbour):
        page.context.close()
