"""A stop lets the requests still being served end before the worker's loop does
(operations/in_flight.py)."""

import asyncio

from inbox_app.operations import in_flight


def test_the_lifespan_waits_for_a_request_still_being_served():
    async def scenario() -> list[str]:
        seen = []

        async def request() -> None:
            in_flight.entered()
            try:
                await asyncio.sleep(0.1)
                seen.append("request ended")
            finally:
                in_flight.left()

        async with in_flight.requests_end_before_the_loop():
            task = asyncio.create_task(request())
            await asyncio.sleep(0)  # the request has begun when the shutdown comes
        seen.append("lifespan ended")
        await task
        return seen

    assert asyncio.run(scenario()) == ["request ended", "lifespan ended"]
    assert in_flight.serving() == 0


def test_a_request_that_never_ends_holds_the_stop_only_so_long(monkeypatch, caplog):
    monkeypatch.setattr(in_flight, "FINISH_SECONDS", 0.1)
    in_flight.entered()
    try:

        async def shutdown() -> None:
            async with in_flight.requests_end_before_the_loop():
                pass

        asyncio.run(asyncio.wait_for(shutdown(), timeout=2))
    finally:
        in_flight.left()
    assert "stopping with 1 requests still being served" in caplog.text
