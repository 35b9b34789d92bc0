"""After a server restart, open dashboards reconnect by themselves and show what came meanwhile."""

from playwright.sync_api import Page, expect

from inbox_app.models.tables import utcnow
from inbox_app.services.conversations.messages import post_incoming
from tests.e2e.conftest import make_conversation, open_conversation, sign_in


def test_a_message_sent_while_the_server_was_down_appears_after_it_returns(page: Page, server, db):
    made = make_conversation(db)
    sign_in(page)
    open_conversation(page, made)
    thread = page.get_by_role("log", name="Messages")

    def message_in_the_gap():
        post_incoming(db, conversation_id=made.id, body="Written while you were away", now=utcnow())

    server.restart(during_the_gap=message_in_the_gap)
    expect(thread).to_contain_text("Written while you were away", timeout=60_000)  # no reload
    expect(
        thread.get_by_role("article").filter(has_text="Written while you were away")
    ).to_have_count(1)
    expect(thread.get_by_role("article").last).to_contain_text(
        "Written while you were away"
    )  # in order
