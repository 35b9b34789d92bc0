"""What each worker mends once Redis answers again after an outage.

A Redis that restarted without persistence comes back empty, while the browsers' sockets to
the workers stay open. Reflex keeps each tab's state there, and its record of which worker
holds the tab's socket: with both gone, Reflex answers the tab's next event on a fresh state
of empty defaults (not signed in, nothing open), and a live update refreshed one (the page went
blank, `hub._push` now skips such a state); the agent counted as offline, until the page was
reloaded by hand. Reflex does not notice that a state vanished under a connected tab. So every
worker looks, when its subscription resumes, for the tabs it holds whose Reflex record is
gone, and has them reconnect: a reconnect hydrates the page afresh and runs its on_load.
Events published before a worker listened again reached no one: its other tabs load everything
again, and its waiting widgets read again (visitor_waits.py, visitor_invitations.py).
Measured with tests/e2e/test_redis_restart.py (two workers, Redis down 3 s).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

import reflex as rx
from reflex.event import Event
from reflex.state import StateUpdate

from inbox_app.realtime import events, live_tabs
from inbox_app.realtime.transport import registry, sockets

log = logging.getLogger(__name__)
SUBSCRIBE_SECONDS = 5.0


async def reload_lost_tabs() -> None:
    live_tabs.write_again()  # the presence registry is rewritten as tabs are seen again
    await _wake_reflex_lock_waiters()
    tokens = sockets.connected_tokens()
    kept = await asyncio.to_thread(registry.connected, tokens)
    lost = [token for token in tokens if token not in kept]
    reloaded = sum([await _reload_tab(token) for token in lost])
    # The others kept their state, but missed what was published while this worker listened
    # to no one: they load everything again (a lost one is skipped, see hub._push).
    events.everything_changed(this_worker_only=True)
    if reloaded:
        log.warning(
            "Redis came back without the state of %d open tabs: they load it again", reloaded
        )


async def _wake_reflex_lock_waiters() -> None:
    """Reflex keeps its per-tab state locks in Redis too. A request that waits for a lock that
    vanished with the restart hears of no release (no key was deleted), so it waits out the
    lock's expiry, 10 s, and every later event and push of that tab queues behind it: the
    reconnect's hydration too. Once this worker hears releases again, the first waiter of each
    lock is woken to try again (Reflex's own wake-up; it takes a lock that is free)."""
    manager = sockets.state_manager()
    subscribed = getattr(manager, "_ensure_lock_task_subscribed", None)
    waiters = getattr(manager, "_lock_waiters", None)
    wake = getattr(manager, "_notify_next_waiter", None)
    if subscribed is None or waiters is None or wake is None:  # no Redis, or another Reflex
        return
    with contextlib.suppress(TimeoutError, asyncio.TimeoutError):
        await subscribed(timeout=SUBSCRIBE_SECONDS)
    for lock_key in list(waiters):
        wake(lock_key)


# Run in the tab by Reflex's `_call_script`, which evaluates it with direct eval inside
# applyEvent (.web/utils/state.js), where `socket` is the tab's socket.io socket (direct eval
# keeps the name through the build) and `socket.reconnect` Reflex's own helper: the socket is
# dropped and opened again, so Reflex hydrates the page afresh and runs its on_load, as after
# a network blip, without a page load. (Closing the transport from the server does not do: the
# worker's websocket stays open until the ping timeout, 40 s.) Elsewhere, the page reloads.
_RECONNECT = (
    "typeof socket === 'object' && socket && typeof socket.reconnect === 'function'"
    " ? (socket.disconnect(), socket.reconnect()) : window.location.reload()"
)


async def _reload_tab(token: str) -> bool:
    """Make a tab whose socket this worker holds load its page's state again (its state here
    is gone). False: the socket is not this worker's."""
    namespace = sockets.event_namespace()
    if namespace is None:
        return False
    manager = namespace._token_manager
    record = manager.token_to_socket.get(token)
    if record is None or record.instance_id != manager.instance_id:
        return False
    reconnect = StateUpdate(events=Event.from_event_type(rx.call_script(_RECONNECT)))
    await namespace.emit_update(reconnect, token)
    return True
