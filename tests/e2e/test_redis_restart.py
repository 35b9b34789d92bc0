"""Redis restarts under a two-worker deployment while an agent's dashboard and a visitor's
widget are open: both recover by themselves, and nothing acknowledged is lost.

The test's Redis keeps nothing on disk, so it comes back empty: every tab's Reflex state and
socket record, the presence and activity registries, the rate-limit counters are gone, while
the browsers' sockets to the workers stay open (see inbox_app/realtime/redis_outage.py for how
the dashboards mend that). Runs in the Redis tier of `make test` (INBOX_REDIS_URL,
GRANIAN_WORKERS=2).

The server runs with a log of its own here: while Redis is down the background loops log the
failed ticks (that is what a log is for); the session's log stays free of them, and this
module checks that the errors all name the lost connection and stop once Redis is back.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import threading
import time
import urllib.request
from urllib.parse import urlsplit

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import _ERROR_LINE, ROOT, Server, sign_in
from tests.e2e.test_widget import host_page, open_widget, say, start  # noqa: F401  (fixture)
from tests.e2e.test_widget_live import open_card
from tests.e2e.widget_senders import (
    Sender,
    start_visitors,
    stored_messages,
    total_acknowledged,
    wait_for,
)

pytestmark = pytest.mark.workers  # selected by make test-redis, deselected by the other tiers
SECONDS_DOWN = 3
WATCHDOG_MS = 15_000  # hydration_watch.js looks 5 s after a page load
# What a worker may log while Redis is down: failed ticks and pushes, each for the connection.
OUTAGE_EXCEPTION = re.compile(
    r"^(redis\.exceptions\.)?(ConnectionError|ConnectionRefusedError|ConnectionResetError|"
    r"TimeoutError)\b"
)
EXCEPTION_LINE = re.compile(r"^[\w.]*(Error|Exception)\b")


def restart_redis(seconds_down: float) -> None:
    port = urlsplit(os.environ["INBOX_REDIS_URL"]).port
    subprocess.run(
        [str(ROOT / "scripts" / "redis.sh"), "restart", str(seconds_down)],
        env={**os.environ, "INBOX_TEST_REDIS_PORT": str(port)},
        check=True,
        capture_output=True,
    )


@pytest.fixture(scope="module")
def outage_server(server: Server, tmp_path_factory) -> Server:
    """The session's server (same data, same port) with a log of its own for this module."""
    server.stop()
    own = Server(server.env, tmp_path_factory.mktemp("redis-outage") / "server.log")
    own.start()
    yield own
    own.stop()
    server.start()


def log_since(server: Server, offset: int) -> str:
    with open(server.log_path) as log:
        log.seek(offset)
        return log.read()


def agents_online(base_url: str) -> bool:
    with urllib.request.urlopen(f"{base_url}/api/widget/status") as response:
        return json.load(response)["online"]


def test_dashboard_and_widget_recover_from_a_redis_restart(
    outage_server: Server,
    page: Page,
    browser: Browser,
    host_page,  # noqa: F811
    db,
):
    base_url = outage_server.url
    sign_in(page)
    visitor, chat = open_widget(browser, host_page)
    start(chat, "Rita Restart")
    say(chat, "Before the restart")
    open_card(page, "Rita Restart")
    thread = page.get_by_role("log", name="Messages")
    expect(thread).to_contain_text("Before the restart")
    widget_log = chat.get_by_role("log", name="Chat messages")
    wait_for(lambda: agents_online(base_url), timeout=15, what="the agent counting as online")
    page.evaluate("window.beforeTheRestart = true")  # gone if the page is loaded again
    # assets/hydration_watch.js looks once, 5 s after a page load: let it have looked first,
    # so a reload it might do (of a page caught re-hydrating) is not taken for the mend's doing.
    page.wait_for_function("window.inboxHydrationWatched === true", timeout=WATCHDOG_MS)

    # Visitors keep sending through the restart, each until a send gets no 201.
    visitors = start_visitors(base_url, 6)
    stop = threading.Event()
    senders = [Sender(one, stop) for one in visitors]
    for sender in senders:
        sender.start()
    wait_for(lambda: total_acknowledged(senders) >= 12, timeout=30, what="12 acknowledged sends")
    log_before = outage_server.log_path.stat().st_size
    restart_redis(SECONDS_DOWN)
    redis_back = time.monotonic()
    stop.set()
    for sender in senders:
        sender.join(timeout=60)

    # Without touching either page: the visitor writes, the agent sees it live and answers.
    say(chat, "Written after the restart")
    expect(thread).to_contain_text("Written after the restart", timeout=30_000)
    seen_after = time.monotonic() - redis_back
    page.get_by_role("textbox", name="Message").fill("Answered after the restart")
    page.get_by_role("button", name="Send", exact=True).click()
    expect(widget_log).to_contain_text("Answered after the restart", timeout=30_000)
    replied_after = time.monotonic() - redis_back
    for text in ("Before the restart", "Written after the restart", "Answered after the restart"):
        expect(thread.get_by_role("article").filter(has_text=text)).to_have_count(1)
        expect(widget_log.locator("article:not(.pending)").filter(has_text=text)).to_have_count(1)
    wait_for(lambda: agents_online(base_url), timeout=15, what="the agent online again")
    assert page.evaluate("window.beforeTheRestart === true"), "the page was loaded again"

    # Nothing acknowledged was lost; what got no answer is stored once when sent again.
    rows = {row.idempotency_key: row for row in stored_messages(db, visitors)}
    for sender in senders:
        for key, (body, message_id) in sender.acknowledged.items():
            assert key in rows, f"acknowledged {key} (id {message_id}) was lost"
            assert (rows[key].id, rows[key].body) == (message_id, body)
    with httpx.Client(timeout=30) as client:
        for sender in senders:
            for key, body in sender.unacknowledged.items():
                answer = sender.visitor.send(client, key, body)
                assert answer.status_code == 201, (key, answer.status_code, answer.text)
                if key in rows:  # stored, then the answer failed: the retry finds that one
                    assert answer.json()["id"] == rows[key].id
    stored = [row.idempotency_key for row in stored_messages(db, visitors)]
    sent = [key for sender in senders for key in sender.sent()]
    assert sorted(stored) == sorted(sent), "a message is missing or stored twice"

    # The outage's errors name the lost connection; once Redis is back the log is clean.
    wait_for(
        lambda: log_since(outage_server, log_before).count("Redis is back") >= 2,
        timeout=10,
        what="both workers subscribing again",
    )
    during = log_since(outage_server, log_before)
    outage = during[: during.rindex("Redis is back")]
    after = during[len(outage) :]
    strange = [
        line
        for line in outage.splitlines()
        if EXCEPTION_LINE.match(line) and not OUTAGE_EXCEPTION.match(line)
    ]
    assert not strange, "the outage raised more than connection errors:\n" + "\n".join(strange)
    errors = [line for line in after.splitlines() if _ERROR_LINE.search(line)]
    assert not errors, "errors after Redis came back:\n" + "\n".join(errors[:20])
    print(
        f"\nvisitor's message on the dashboard {seen_after:.1f} s after Redis was back, the "
        f"reply in the widget {replied_after:.1f} s after, without a page load; "
        f"{sum(len(s.acknowledged) for s in senders)} sends acknowledged, "
        f"{sum(len(s.unacknowledged) for s in senders)} retried "
        f"({[status for s in senders for _, status, _ in s.failed]})"
    )
    visitor.context.close()
