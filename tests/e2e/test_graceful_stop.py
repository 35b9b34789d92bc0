"""A stop (SIGTERM, as systemd sends it) does not wait for visitors' long-polls: granian drains
every request in flight before the app hears of the stop, and a widget's long-poll waits up to
25 s for news. The waiting polls are answered at once (operations/stop_notice.py)."""

from __future__ import annotations

import threading
import time

import httpx

from tests.e2e.widget_senders import start_visitors

LONG_POLL_SECONDS = 25


def test_a_stop_answers_waiting_long_polls_and_does_not_wait_for_them(server, base_url):
    visitor = start_visitors(base_url, 1)[0]
    answers: list[tuple[int, float]] = []

    def long_poll() -> None:
        began = time.monotonic()
        answer = httpx.get(
            f"{base_url}/api/widget/updates",
            params={"after": 999_999_999, "wait": LONG_POLL_SECONDS},  # nothing new: it waits
            headers=visitor.headers(),
            timeout=LONG_POLL_SECONDS + 15,
        )
        answers.append((answer.status_code, time.monotonic() - began))

    poll = threading.Thread(target=long_poll)
    poll.start()
    time.sleep(2)  # the poll is waiting on the server by now; nothing outside tells when
    stopping = time.monotonic()
    try:
        server.stop()  # SIGTERM to every process of the server
        stopped_after = time.monotonic() - stopping
        poll.join(timeout=LONG_POLL_SECONDS)
    finally:
        server.start()  # the same data, for the tests after this one
    assert answers, "the long-poll got no answer"
    status, waited = answers[0]
    assert status == 200  # answered, not cut off
    assert waited < LONG_POLL_SECONDS - 5 and stopped_after < LONG_POLL_SECONDS - 5
