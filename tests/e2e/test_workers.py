"""Several workers sharing Redis: two agents whose sockets are held by different workers still
work one inbox live. Runs in the Redis tier of `make test` (INBOX_REDIS_URL, GRANIAN_WORKERS=2)."""

import os
import pickle

import pytest
import redis
from playwright.sync_api import Browser, Page, expect

from inbox_app.models.tables import utcnow
from inbox_app.services.conversations.messages import post_incoming
from tests.e2e.conftest import make_agent, make_conversation, open_conversation, sign_in
from tests.e2e.test_presence import dot

pytestmark = pytest.mark.workers  # selected by make test-redis, deselected by the other tiers


def worker_of(page: Page) -> str:
    """The worker holding this tab's socket, from Reflex's own socket record in Redis."""
    token = page.evaluate("window.sessionStorage.getItem('token')")
    client = redis.Redis.from_url(os.environ["INBOX_REDIS_URL"])
    for _ in range(50):
        if (raw := client.get(f"token_manager_socket_record_{token}")) is not None:
            return pickle.loads(raw).instance_id
        page.wait_for_timeout(100)
    pytest.fail("the tab's socket never registered")


def open_on_another_worker(page: Page, path: str, other_than: str) -> None:
    """Every page load opens a new socket; the kernel picks the worker. Load until it differs."""
    for _ in range(20):
        page.goto(path)
        expect(
            page.get_by_role("log", name="Messages").get_by_role("article").first
        ).to_be_visible()
        if worker_of(page) != other_than:
            return
    pytest.fail("twenty loads all landed on one worker: is GRANIAN_WORKERS at least 2?")


def test_agents_on_different_workers_work_one_inbox_live(
    page: Page, browser: Browser, base_url: str, db
):
    made, agent = make_conversation(db), make_agent(db, "Anna")
    annas = make_conversation(
        db, messages=[("reply", "Anna will help.")], assigned_to=[agent.email]
    )
    sign_in(page)
    open_conversation(page, made)
    anna = browser.new_context(base_url=base_url).new_page()
    anna.set_default_timeout(15_000)
    sign_in(anna, agent.email, agent.password)
    open_on_another_worker(anna, made.url, other_than=worker_of(page))

    page.get_by_role("textbox", name="Message").fill("Sent across workers")
    page.get_by_role("button", name="Send", exact=True).click()
    expect(anna.get_by_role("log", name="Messages")).to_contain_text("Sent across workers")
    first_card = anna.get_by_role("region", name="Message list").get_by_role("listitem").first
    expect(first_card).to_contain_text("Sent across workers")

    status = page.get_by_role("region", name="Conversation").get_by_role("status")
    expect(status).to_have_text(f"{agent.name} is viewing")
    anna.get_by_role("textbox", name="Message").press_sequentially("Checking", delay=50)
    expect(status).to_have_text(f"{agent.name} is typing…")

    # Anna's alone, answered first: now a new question she alone could take
    post_incoming(db, conversation_id=annas.id, body="Anna, still there?", now=utcnow())
    open_on_another_worker(page, made.url, other_than=worker_of(anna))  # shows the new state
    expect(dot(page, annas.id)).to_have_attribute("data-status", "none")  # Anna can answer
    anna.context.close()  # her only tab, on the other worker
    expect(dot(page, annas.id)).to_have_attribute("data-status", "missed", timeout=60_000)
