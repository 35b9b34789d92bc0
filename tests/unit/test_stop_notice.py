"""The stop callbacks are chained onto the handlers the server put on the worker's loop for
SIGTERM and SIGINT (inbox_app/operations/stop_notice.py): ours first, then the server's own."""

import asyncio
import os
import signal

import pytest

from inbox_app.operations import stop_notice


@pytest.fixture()
def loop():
    loop = asyncio.new_event_loop()
    yield loop
    loop.close()  # removes its signal handlers again


def deliver(loop, sig: signal.Signals) -> None:
    os.kill(os.getpid(), sig)
    loop.run_until_complete(asyncio.sleep(0.05))  # the loop runs the handler


def test_ours_run_first_then_the_servers_own_handler(monkeypatch, loop):
    calls = []
    monkeypatch.setattr(stop_notice, "_callbacks", [lambda: calls.append("ours")])
    loop.add_signal_handler(signal.SIGTERM, calls.append, "server")
    assert stop_notice.chain_onto_stop_signals(loop)
    deliver(loop, signal.SIGTERM)
    assert calls == ["ours", "server"]


def test_chained_twice_they_still_run_once(monkeypatch, loop):
    calls = []
    monkeypatch.setattr(stop_notice, "_callbacks", [lambda: calls.append("ours")])
    loop.add_signal_handler(signal.SIGINT, calls.append, "server")
    stop_notice.chain_onto_stop_signals(loop)
    stop_notice.chain_onto_stop_signals(loop)
    deliver(loop, signal.SIGINT)
    assert calls == ["ours", "server"]


def test_a_failing_callback_is_logged_and_the_server_still_stops(monkeypatch, loop, caplog):
    calls = []

    def broken() -> None:
        raise RuntimeError("broken")

    monkeypatch.setattr(stop_notice, "_callbacks", [broken, lambda: calls.append("next")])
    loop.add_signal_handler(signal.SIGTERM, calls.append, "server")
    stop_notice.chain_onto_stop_signals(loop)
    deliver(loop, signal.SIGTERM)
    assert calls == ["next", "server"]
    assert "a stop callback failed" in caplog.text


def test_without_a_handler_to_chain_onto_nothing_is_installed(loop):
    assert not stop_notice.chain_onto_stop_signals(loop)
    assert signal.getsignal(signal.SIGTERM) in (signal.SIG_DFL, None)
