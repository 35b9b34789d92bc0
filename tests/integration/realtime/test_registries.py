"""The registries every worker shares, in one process and on a real Redis (make test's Redis
tier sets INBOX_REDIS_URL): presence, collision labels, and the event bus."""

import asyncio
import os

import pytest

from inbox_app.realtime import activity, live_tabs
from inbox_app.realtime.transport import bus, redis_link, registry
from inbox_app.realtime.transport import sockets as worker_sockets

SOCKET_RECORD = "token_manager_socket_record_{}"  # Reflex's key for a tab holding a socket


class Sockets:
    """Which tabs hold a socket: this process's list, or Reflex's records in Redis."""

    def __init__(self, monkeypatch, backend: str) -> None:
        self.backend, self.here = backend, set()
        monkeypatch.setattr(redis_link, "enabled", lambda: backend == "redis")
        monkeypatch.setattr(worker_sockets, "connected_tokens", lambda: sorted(self.here))
        if backend == "redis":
            client = redis_link.sync_client()
            client.delete("inbox:presence", "inbox:activity")
            for key in client.scan_iter(SOCKET_RECORD.format("test-*")):
                client.delete(key)

    def connect(self, token: str) -> None:
        if self.backend == "redis":
            redis_link.sync_client().set(SOCKET_RECORD.format(token), b"record")
        self.here.add(token)

    def drop(self, token: str) -> None:
        if self.backend == "redis":
            redis_link.sync_client().delete(SOCKET_RECORD.format(token))
        self.here.discard(token)


# The Redis case exists where there is a Redis to run it on: make test's Redis tier.
BACKENDS = ["memory"] + (["redis"] if os.environ.get("INBOX_REDIS_URL") else [])


@pytest.fixture(params=BACKENDS)
def sockets(request, monkeypatch) -> Sockets:
    monkeypatch.setattr(live_tabs, "CACHE_SECONDS", 0.0)
    monkeypatch.setattr(live_tabs, "_written", {})
    monkeypatch.setattr(registry, "_local", {})
    return Sockets(monkeypatch, request.param)


def test_an_agent_is_live_while_a_tab_holds_a_socket(sockets):
    sockets.connect("test-a1")
    live_tabs.seen(token="test-a1", agent_id=7)
    assert live_tabs.live_agent_ids() == {7}
    sockets.drop("test-a1")
    assert live_tabs.live_agent_ids() == frozenset()
    sockets.connect("test-a1")  # the same tab reconnects: live again before its next event
    assert live_tabs.live_agent_ids() == {7}


def test_a_tab_gone_for_long_is_forgotten_and_written_again_when_back(sockets, monkeypatch):
    sockets.connect("test-b1")
    live_tabs.seen(token="test-b1", agent_id=8)
    sockets.drop("test-b1")
    monkeypatch.setattr(live_tabs, "FORGET_SECONDS", -1.0)
    assert live_tabs.live_agent_ids() == frozenset()
    sockets.connect("test-b1")
    assert live_tabs.live_agent_ids() == frozenset()  # forgotten, not yet seen again
    monkeypatch.setattr(live_tabs, "REWRITE_SECONDS", -1.0)
    live_tabs.seen(token="test-b1", agent_id=8)
    assert live_tabs.live_agent_ids() == {8}


def test_viewing_and_typing_labels_reach_other_agents_only(sockets):
    sockets.connect("test-c1")
    assert activity.viewing(token="test-c1", agent_id=2, agent_name="Anna", conversation_id=5)
    assert not activity.viewing(token="test-c1", agent_id=2, agent_name="Anna", conversation_id=5)
    assert activity.labels(viewer_agent_id=1) == {"5": "Anna is viewing"}
    assert activity.labels(viewer_agent_id=2) == {}
    assert activity.typing(token="test-c1")
    assert not activity.typing(token="test-c1")  # still typing: nothing new to tell
    assert activity.labels(viewer_agent_id=1) == {"5": "Anna is typing…"}


def test_typing_runs_out_and_closed_tabs_are_pruned(sockets, monkeypatch):
    sockets.connect("test-d1")
    activity.viewing(token="test-d1", agent_id=3, agent_name="Ben", conversation_id=9)
    monkeypatch.setattr(activity, "TYPING_SECONDS", 0.0)
    activity.typing(token="test-d1")
    assert activity.typing_ended()
    assert not activity.typing_ended()  # told once
    assert not activity.prune()
    sockets.drop("test-d1")
    assert activity.prune()
    assert activity.labels(viewer_agent_id=1) == {}


def test_the_bus_hands_each_event_to_its_topic(sockets):
    heard: list[object] = []

    async def handler(body) -> None:
        heard.append(body)

    async def scenario() -> None:
        listener = asyncio.create_task(bus.listen())
        await asyncio.sleep(0.2)  # subscribed (returns at once without Redis)
        bus.on("test-topic", handler)
        bus.send("test-topic", {"conversation_id": 4})
        for _ in range(50):
            if heard:
                break
            await asyncio.sleep(0.02)
        listener.cancel()

    asyncio.run(scenario())
    assert heard == [{"conversation_id": 4}]


def test_a_chore_is_claimed_by_one_worker_at_a_time(sockets):
    registry.release("test-chore")
    assert registry.claim("test-chore", seconds=5)
    if sockets.backend == "redis":  # a second worker asking meanwhile is refused
        assert not registry.claim("test-chore", seconds=5)
    registry.release("test-chore")
    assert registry.claim("test-chore", seconds=5)
    registry.release("test-chore")


def test_the_tabs_showing_a_conversation_are_known(sockets):
    for token, conversation_id in (("test-a", 7), ("test-b", 7), ("test-c", 8)):
        activity.viewing(
            token=token, agent_id=1, agent_name="Admin", conversation_id=conversation_id
        )
    activity.viewing(token="test-b", agent_id=1, agent_name="Admin", conversation_id=0)  # left it
    assert activity.showing(7) == {"test-a"}
    assert activity.showing(8) == {"test-c"}
