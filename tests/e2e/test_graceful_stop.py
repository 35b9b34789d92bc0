"""A stop (SIGTERM, as systemd sends it) does not wait for visitors' long-polls: granian drains
every request in flight before the app hears of the stop, and a widget's long-poll waits up to
25 s for news. The waiting polls are answered at once (operations/stop_notice.py), and those whose
visitors hung up still end before the worker's loop does (operations/in_flight.py)."""

from __future__ import annotations

import socket
import threading
import time
from urllib.parse import urlsplit

import httpx
from sqlmodel import func, select

from inbox_app.models.tables import Conversation, utcnow
from inbox_app.services.conversations import actions
from tests.e2e.conftest import admin_view
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


HUNG_UP = 200  # the soak's visitors; with 20 the stop never hung


def test_a_stop_is_not_held_by_long_polls_whose_visitors_hung_up(server, base_url, db):
    """As when a soak's (or a deploy's) visitors go all at once: each long-poll's connection
    closed while it waits. Without operations/in_flight.py two stops in three took 20 s: the
    loop stopped with handlers unfinished, and the process waited at exit for the AnyIO
    threads they had started, until granian killed it."""
    parts = urlsplit(base_url)
    before = db.exec(select(func.max(Conversation.id))).one() or 0
    polls = []
    for visitor in start_visitors(base_url, HUNG_UP):
        poll = socket.create_connection((parts.hostname, parts.port))
        poll.sendall(
            (
                f"GET /api/widget/updates?after=999999999&wait={LONG_POLL_SECONDS} HTTP/1.1\r\n"
                f"Host: {parts.netloc}\r\n"
                + "".join(f"{name}: {value}\r\n" for name, value in visitor.headers().items())
                + "\r\n"
            ).encode()
        )
        polls.append(poll)
    time.sleep(2)  # every poll is waiting on the server by now
    for poll in polls:
        poll.close()  # the visitor hung up; the server's handler still waits
    stopping = time.monotonic()
    try:
        server.stop()
        stopped_after = time.monotonic() - stopping
    finally:
        server.start()
        _delete_conversations_after(db, before)
    assert stopped_after < 10  # granian's kill comes at 20 s


def _delete_conversations_after(db, last_id: int) -> None:
    """The 200 new chats would crowd the Unassigned list of the tests after this one."""
    admin = admin_view(db)
    made = db.exec(select(Conversation.id).where(Conversation.id > last_id)).all()
    for conversation_id in made:
        actions.delete_conversation(db, actor=admin, conversation_id=conversation_id, now=utcnow())
