"""Crash safety of widget ingest: the server is killed (SIGKILL, every process of it) while
visitors keep sending, and started again on the same data. Every message acknowledged to a
sender is stored, once, under the id it was given; a send left without an answer, retried with
its key, is stored exactly once too (if it had been stored already, the retry gets that id).

Runs on every tier: SQLite, PostgreSQL (INBOX_DATABASE_URL) and two workers on Redis.
"""

from __future__ import annotations

import os
import signal
import threading
from collections import Counter

import httpx

from tests.e2e.conftest import _ERROR_LINE
from tests.e2e.widget_senders import (
    Sender,
    port_is_free,
    start_visitors,
    stored_messages,
    total_acknowledged,
    wait_for,
)

SENDERS = 16
KILL_AFTER = SENDERS * 4  # acknowledged sends before the crash: all senders are mid-stream


def test_a_killed_server_keeps_every_acknowledged_message_once(server, base_url, db):
    visitors = start_visitors(base_url, SENDERS)
    stop = threading.Event()
    senders = [Sender(visitor, stop) for visitor in visitors]
    for sender in senders:
        sender.start()
    wait_for(
        lambda: total_acknowledged(senders) >= KILL_AFTER,
        timeout=60,
        what=f"{KILL_AFTER} acknowledged sends",
    )
    os.killpg(server.process.pid, signal.SIGKILL)  # the reflex CLI, granian and its workers
    server.process.wait(timeout=10)
    stop.set()
    for sender in senders:
        sender.join(timeout=30)
    assert not any(sender.is_alive() for sender in senders)
    assert not [s.failed for s in senders if s.failed], "a send failed with a status, not the crash"
    acknowledged = {key: ack for sender in senders for key, ack in sender.acknowledged.items()}
    unanswered = {key: body for sender in senders for key, body in sender.unacknowledged.items()}
    assert unanswered, "no send was under way at the crash: nothing was tested"

    wait_for(lambda: port_is_free(base_url), timeout=10, what="the killed server's port closing")
    log_before = server.log_path.stat().st_size
    server.start()  # same data; returns once the server answers

    rows = stored_messages(db, visitors)
    by_key = {row.idempotency_key: row for row in rows}
    assert len(by_key) == len(rows), "a key was stored twice"
    for key, (body, message_id) in acknowledged.items():
        assert key in by_key, f"acknowledged {key} (id {message_id}) was lost in the crash"
        assert (by_key[key].id, by_key[key].body) == (message_id, body)
    already = {key: by_key[key].id for key in unanswered if key in by_key}
    assert set(by_key) <= set(acknowledged) | set(unanswered), "a message nobody sent"

    # Every visitor retries what got no answer, and (a lost answer looks just the same) once
    # more everything it sent: one stored copy each, under the id it had.
    with httpx.Client(timeout=30) as client:
        for sender in senders:
            for key, body in sender.sent().items():
                answer = sender.visitor.send(client, key, body)
                assert answer.status_code == 201, (key, answer.status_code, answer.text)
                if key in sender.acknowledged:
                    assert answer.json()["id"] == sender.acknowledged[key][1], key
                elif key in already:
                    assert answer.json()["id"] == already[key], key
                sender.acknowledged[key] = (body, answer.json()["id"])
    rows = stored_messages(db, visitors)
    counts = Counter(row.idempotency_key for row in rows)
    sent = {key: body for sender in senders for key, body in sender.sent().items()}
    assert counts == Counter(sent.keys()), "a message is missing or stored twice after the retries"
    assert {row.idempotency_key: (row.body, row.id) for row in rows} == {
        key: ack for sender in senders for key, ack in sender.acknowledged.items()
    }

    with open(server.log_path) as log:
        log.seek(log_before)
        errors = [line for line in log.read().splitlines() if _ERROR_LINE.search(line)]
    assert not errors, "the restart after the crash logged errors:\n" + "\n".join(errors[:20])
    print(  # shown with -s: how the crash fell
        f"\n{len(acknowledged)} acknowledged before the crash, {len(unanswered)} unanswered "
        f"({len(already)} of them stored nonetheless)"
    )
