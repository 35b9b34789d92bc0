"""How the health report is judged, and how a running background loop is recognised."""

import asyncio

from inbox_app.operations.health import Health, loop_states, redis_state


async def _ticking() -> None:
    while True:
        await asyncio.sleep(10)


async def _never_started() -> None:
    await asyncio.sleep(10)


def test_a_loop_with_a_live_task_runs_and_one_without_is_stopped():
    async def scenario():
        task = asyncio.create_task(_ticking(), name="any name at all")
        await asyncio.sleep(0)
        running = loop_states({"ticking": _ticking, "other": _never_started, "bus": None})
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        return running, loop_states({"ticking": _ticking})

    running, after = asyncio.run(scenario())
    assert running == {"ticking": "running", "other": "stopped", "bus": "off"}
    assert after == {"ticking": "stopped"}


def test_only_the_database_makes_it_an_error():
    assert Health(database="ok", redis="off", smtp="off", loops={"a": "running"}).status == "ok"
    assert Health(database="ok", redis="error", smtp="off").status == "degraded"
    assert Health(database="ok", redis="ok", smtp="off", loops={"a": "stopped"}).status == (
        "degraded"
    )
    assert Health(database="ok", redis="off", smtp="off", loops={"w": "idle"}).status == "ok"
    report = Health(database="error", redis="ok", smtp="off")
    assert report.status == "error"
    assert report.as_json() == {
        "status": "error",
        "database": "error",
        "redis": "ok",
        "smtp": "off",
        "loops": {},
    }


def test_redis_is_off_without_a_url_and_an_error_when_it_does_not_answer():
    async def unreachable():
        raise ConnectionError("refused")

    async def answers():
        return True

    assert asyncio.run(redis_state(enabled=False, ping=unreachable)) == "off"
    assert asyncio.run(redis_state(enabled=True, ping=unreachable)) == "error"
    assert asyncio.run(redis_state(enabled=True, ping=answers)) == "ok"
