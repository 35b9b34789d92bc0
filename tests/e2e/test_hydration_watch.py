"""A dashboard whose state never arrives after a page load mends itself with one reload."""

from playwright.sync_api import Page, expect

from tests.e2e.conftest import make_conversation, sign_in


def test_a_page_left_without_its_state_reloads_once_and_shows_the_inbox(page: Page, db):
    made = make_conversation(db, messages=["Waiting for the state to arrive"])
    sign_in(page)
    swallowed = []

    def swallow_first_socket(socket) -> None:
        if not swallowed:  # the first page load's socket is opened but never answered
            swallowed.append(socket.url)
            return
        socket.connect_to_server()

    page.route_web_socket("**/_event/**", swallow_first_socket)
    page.goto(made.url)
    expect(page.get_by_role("log", name="Messages")).to_contain_text(
        "Waiting for the state to arrive", timeout=15_000
    )
    assert swallowed, "the first socket was not held back, so nothing was tested"
