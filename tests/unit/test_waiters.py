"""The long-polls waiting on a worker (inbox_app/realtime/widget/waiters.py)."""

import asyncio

from inbox_app.realtime.widget.waiters import Waiters


def test_a_wake_sets_the_events_of_its_key_only():
    waiters: Waiters[int] = Waiters()
    with waiters.listening(1) as one, waiters.listening(2) as two:
        waiters.wake(1)
        assert one.is_set() and not two.is_set()


def test_a_stop_wakes_every_waiting_poll_and_says_no_later_one_waits():
    waiters: Waiters[str] = Waiters()
    with waiters.listening("a") as first, waiters.listening("b") as second:
        assert not waiters.stopping
        waiters.stop()
        assert first.is_set() and second.is_set() and waiters.stopping


def test_a_poll_that_left_is_not_woken_later():
    waiters: Waiters[int] = Waiters()
    with waiters.listening(1) as gone:
        pass
    waiters.wake_all()
    assert not gone.is_set()


def test_a_waiting_coroutine_returns_when_woken():
    async def scenario() -> bool:
        waiters: Waiters[int] = Waiters()
        with waiters.listening(7) as news:
            asyncio.get_running_loop().call_soon(waiters.wake, 7)
            await asyncio.wait_for(news.wait(), 1)
            return news.is_set()

    assert asyncio.run(scenario())
