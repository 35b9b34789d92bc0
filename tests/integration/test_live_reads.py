"""A live refresh's reads: an agent's own reads go before queued refresh reads
(state/readers.py), since under a stream of changes 30 tabs' refreshes filled the readers'
queue and a page load waited seconds; and reads made outside the tab's lock are made again when
they are older than what the tab shows."""

import asyncio
import threading

from inbox_app.models.dto import ContactView, ConversationHeader, MessageView
from inbox_app.realtime import refresh_budget
from inbox_app.services.conversations.opening import OpenedConversation
from inbox_app.state import readers
from inbox_app.state.dashboard_reads import lacks_live_messages


def test_own_reads_overtake_queued_refresh_reads():
    order: list[str] = []
    gate = threading.Event()

    def blocked(name: str) -> str:
        gate.wait(5)
        order.append(name)
        return name

    def load(name: str) -> str:
        order.append(name)
        return name

    async def refresh(name: str) -> str:
        with refresh_budget.refreshing():
            return await readers.read(load, name=name)

    async def scenario():
        busy = [asyncio.create_task(readers.read(blocked, name=f"busy-{n}")) for n in range(2)]
        await asyncio.sleep(0.05)  # both readers are taken
        queued = [asyncio.create_task(refresh(f"refresh-{n}")) for n in range(3)]
        await asyncio.sleep(0.05)
        own = asyncio.create_task(readers.read(load, name="own"))
        await asyncio.sleep(0.05)
        gate.set()
        return await asyncio.gather(*busy, *queued, own)

    results = asyncio.run(scenario())
    assert results[-1] == "own"
    assert order.index("own") < min(order.index(f"refresh-{n}") for n in range(3))


def test_a_failed_read_reaches_its_caller_and_the_readers_go_on():
    def broken() -> None:
        raise ValueError("no such table")

    async def scenario():
        try:
            await readers.read(broken)
        except ValueError as error:
            failed = str(error)
        return failed, await readers.read(lambda: "next")

    assert asyncio.run(scenario()) == ("no such table", "next")


def _message(message_id: int) -> MessageView:
    return MessageView(id=message_id, kind="incoming", author="", body_html="", time_label="")


def test_a_thread_read_before_a_live_message_is_read_again():
    """A refresh reads outside the tab's lock; a message that reached the live tail since is
    missing from what it read, and showing that read would hide the message."""
    header = ConversationHeader(7, "", "", "", "", "", False)
    opened = OpenedConversation(header, [_message(1), _message(2)], ContactView(0, "", False))
    assert not lacks_live_messages((opened, ""), [])
    assert not lacks_live_messages((opened, ""), [_message(2)])
    assert lacks_live_messages((opened, ""), [_message(2), _message(3)])
    assert not lacks_live_messages((None, ""), [_message(3)])  # gone: nothing to show
