"""A tab reloads at most once for whatever changed while its last reload ran (realtime/hub.py):
unmerged, 30 dashboards each queued a full reload per change and fell behind for good
(docs/PERFORMANCE.md, Soak)."""

import asyncio
import time

import pytest

from inbox_app.realtime import clock, events, hub, refresh_budget


@pytest.fixture(autouse=True)
def unpaced(monkeypatch):
    monkeypatch.setattr(refresh_budget, "pace", lambda tabs: 0.0)


def test_changes_during_a_reload_merge_into_one_more(monkeypatch):
    reloads: list[tuple[str, int, frozenset[int]]] = []
    release = asyncio.Event()

    async def push(token, conversation_id, *, kind, payload):
        reloads.append((token, conversation_id, payload))
        if len(reloads) == 1:
            await release.wait()  # the first reload is slow: changes queue behind it

    monkeypatch.setattr(hub, "_push", push)

    async def scenario():
        first = asyncio.create_task(hub._push_change("tab", 1))
        await asyncio.sleep(0)  # the first reload is under way
        others = [hub._push_change("tab", n) for n in (2, 3, 3)]
        await asyncio.gather(*others, hub._push_change("other-tab", 5))
        release.set()
        await first

    asyncio.run(scenario())
    assert reloads == [
        ("tab", 1, {1}),
        ("other-tab", 5, {5}),
        ("tab", hub.ANY_CONVERSATION, {2, 3}),  # the set says which: a thread reloads if shown
    ]
    assert hub._changed_meanwhile == {}


def test_one_change_queued_meanwhile_keeps_its_conversation(monkeypatch):
    reloads: list[int] = []
    release = asyncio.Event()

    async def push(_token, conversation_id, *, kind, payload):
        reloads.append(conversation_id)
        if len(reloads) == 1:
            await release.wait()

    monkeypatch.setattr(hub, "_push", push)

    async def scenario():
        first = asyncio.create_task(hub._push_change("tab", 1))
        await asyncio.sleep(0)
        await hub._push_change("tab", 7)
        release.set()
        await first

    asyncio.run(scenario())
    assert reloads == [1, 7]  # only the tab showing 7 reloads its thread


def test_a_failed_reload_does_not_lose_what_queued_behind_it(monkeypatch):
    reloads: list[int] = []
    release = asyncio.Event()

    async def push(_token, conversation_id, *, kind, payload):
        reloads.append(conversation_id)
        if len(reloads) == 1:
            await release.wait()
            raise RuntimeError("the tab went away")

    monkeypatch.setattr(hub, "_push", push)

    async def scenario():
        first = asyncio.create_task(hub._push_change("tab", 1))
        await asyncio.sleep(0)
        await hub._push_change("tab", 2)
        release.set()
        await first

    asyncio.run(scenario())
    assert reloads == [1, 2]


def test_a_tab_reloads_at_most_once_a_pace(monkeypatch):
    """A steady stream of changes: the first reloads at once, the next waits out the pace."""
    monkeypatch.setattr(refresh_budget, "pace", lambda tabs: 0.3)
    started: list[tuple[float, frozenset[int]]] = []

    async def push(_token, _conversation_id, *, kind, payload):
        started.append((time.monotonic(), payload))

    monkeypatch.setattr(hub, "_push", push)

    async def scenario():
        first = asyncio.create_task(hub._push_change("tab", 1))
        await asyncio.sleep(0.05)  # reloaded already; within the pace
        await hub._push_change("tab", 2)
        await hub._push_change("tab", 3)
        await first

    asyncio.run(scenario())
    assert [payload for _, payload in started] == [{1}, {2, 3}]
    assert started[1][0] - started[0][0] >= 0.29
    assert hub._changed_meanwhile == {}


def test_the_clock_refreshes_each_conversation_or_everything(monkeypatch):
    published = []
    monkeypatch.setattr(hub, "publish", lambda **event: published.append(event))
    clock._announce([], live_changed=False)
    clock._announce([4], live_changed=False)
    clock._announce([4, 5], live_changed=False)
    clock._announce([6], live_changed=True)
    assert [(e["conversation_id"], e["this_worker_only"]) for e in published] == [
        (4, True),
        (4, True),
        (5, True),
        (hub.ANY_CONVERSATION, True),
    ]


def test_a_refresh_reloads_the_open_thread_only_when_it_changed():
    assert events.touches(4, frozenset({4, 9}))
    assert events.touches(4, frozenset({hub.ANY_CONVERSATION}))
    assert not events.touches(4, frozenset({5, 9}))
