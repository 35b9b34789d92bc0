"""Live push timings on the production build (one process).

    INBOX_DATA_DIR=/tmp/live .venv/bin/python -m bench.live --runs 50 --clients 200

Point INBOX_DATA_DIR at a bootstrapped database (INBOX_DEMO=1, admin admin@example.com /
admin-password). Starts its own server, then measures:
1. click Send in one agent's browser -> the text on screen in another agent's browser, with
   10 agents connected (2 real browsers + 8 simulated agent sockets);
2. one reply -> delivered to every one of N simulated agent sockets (time until the last);
3. server memory per connected agent (growth of the server's resident memory / N).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path

import psutil
import socketio
from playwright.sync_api import Page, sync_playwright

from inbox_app.security import issue_token
from inbox_app.state.auth import AuthState
from inbox_app.state.composer import ComposerState
from tests.e2e.conftest import CHROMIUM_ARGS, ROOT, _free_port, _wait_for

TOKEN_VAR = f"{AuthState.get_full_name()}.auth_token_rx_state_"
PAGE = "/inbox/all/1"


def pct(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[max(0, int(len(ordered) * p) - 1)]


def connect_agent(
    url: str, jwt: str, needle: str = "", arrived: dict | None = None
) -> socketio.Client:
    """A simulated agent: a socket that hydrates signed in on PAGE, like a browser tab."""
    client, token = socketio.Client(reconnection=False), str(uuid.uuid4())

    @client.on("event", namespace="/_event")
    def _on_event(update):
        if arrived is not None and needle and needle in str(update) and token not in arrived:
            arrived[token] = time.perf_counter()

    for attempt in range(5):  # a burst of 200 connects can outrun the server's accept queue
        try:
            client.connect(
                f"{url}?token={token}",
                socketio_path="/_event",
                namespaces=["/_event"],
                transports=["websocket"],
            )
            break
        except socketio.exceptions.ConnectionError:
            if attempt == 4:
                raise
            time.sleep(0.5)
    client.inbox_token = token
    emit(client, "reflex___state____state.hydrate_and_load", {"vars": {TOKEN_VAR: jwt}})
    return client


def emit(client: socketio.Client, name: str, payload: dict) -> None:
    router = {"pathname": PAGE, "query": {}, "asPath": PAGE}
    client.emit(
        "event",
        {"token": client.inbox_token, "name": name, "payload": payload, "router_data": router},
        namespace="/_event",
    )


def server_rss(pid: int) -> int:
    root = psutil.Process(pid)
    return sum(p.memory_info().rss for p in [root, *root.children(recursive=True)])


def fan_out(url: str, jwt: str, clients: int, server_pid: int) -> tuple[float, float]:
    needle, arrived = f"fan-out {uuid.uuid4().hex[:8]}", {}
    rss_before = server_rss(server_pid)
    agents = [connect_agent(url, jwt, needle, arrived) for _ in range(clients)]
    sender = connect_agent(url, jwt)
    time.sleep(max(5, clients / 20))  # let every hydrate and page load finish
    rss_after = server_rss(server_pid)
    started = time.perf_counter()
    emit(sender, f"{ComposerState.get_full_name()}.send", {"form_data": {"body": needle}})
    deadline = time.perf_counter() + 30
    while len(arrived) < clients and time.perf_counter() < deadline:
        time.sleep(0.02)
    took = (max(arrived.values()) - started) * 1000 if len(arrived) == clients else float("nan")
    for agent in [*agents, sender]:
        agent.disconnect()
    return took, (rss_after - rss_before) / clients / 1024


# Stamps when the socket message carrying the awaited text arrives, before the page renders it.
SOCKET_STAMP = """(() => { const Native = window.WebSocket;
  window.WebSocket = function (...args) { const socket = new Native(...args);
    socket.addEventListener('message', e => { if (window.__needle && !window.__wsAt
      && typeof e.data === 'string' && e.data.includes(window.__needle)) window.__wsAt = Date.now(); });
    return socket; };
  window.WebSocket.prototype = Native.prototype; Object.assign(window.WebSocket, Native); })();"""


def signed_in(page: Page) -> Page:
    page.add_init_script(SOCKET_STAMP)
    page.goto("/login")
    page.get_by_role("textbox", name="Email").fill("admin@example.com")
    page.get_by_role("textbox", name="Password").fill("admin-password")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/inbox/mine")
    page.goto(PAGE)
    page.get_by_role("log", name="Messages").get_by_role("article").first.wait_for()
    return page


def round_trips(url: str, runs: int, pause: float) -> tuple[list[float], list[float]]:
    """Send in one browser; the receiving page stamps when the text lands in its thread, and
    when the socket message carrying it arrived (the rest is the browser rendering it).

    `pause` seconds between sends lets the previous send's list reloads finish first; with 0
    each send also waits for the reloads still running from the one before.
    """
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        sender, receiver = (
            signed_in(browser.new_context(base_url=url).new_page()) for _ in range(2)
        )
        samples, on_socket = [], []
        for n in range(runs):
            text = f"live {n} {uuid.uuid4().hex[:6]}"
            receiver.evaluate(
                """t => { window.__seen = 0; window.__wsAt = 0; window.__needle = t; new MutationObserver((_, o) => {
                if (document.querySelector('[role=log]').textContent.includes(t)) { window.__seen = Date.now(); o.disconnect(); }
            }).observe(document.body, {subtree: true, childList: true, characterData: true}); }""",
                text,
            )
            sender.get_by_role("textbox", name="Message").fill(text)
            clicked = sender.evaluate(
                "() => { const t = Date.now(); document.querySelector('#composer-form button[type=submit]').click(); return t; }"
            )
            receiver.wait_for_function("() => window.__seen > 0", timeout=10_000)
            seen, arrived = receiver.evaluate("() => [window.__seen, window.__wsAt]")
            samples.append(seen - clicked)
            on_socket.append(arrived - clicked)
            receiver.wait_for_timeout(pause * 1000)
        browser.close()
    return samples, on_socket


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument(
        "--others", type=int, default=8, help="simulated agents besides the two browsers"
    )
    parser.add_argument("--pause", type=float, default=1.0, help="seconds between sends")
    args = parser.parse_args()
    port, data_dir = str(_free_port()), Path(os.environ["INBOX_DATA_DIR"])
    env = {
        **os.environ,
        "INBOX_PORT": port,
        "REFLEX_USE_SYSTEM_BUN": "1",
        "REFLEX_TELEMETRY_ENABLED": "false",
        "PATH": f"{ROOT / '.tools' / 'node_modules' / '.bin'}:{os.environ['PATH']}",
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "reflex", "run", "--env", "prod", "--frontend-port", port],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    url = f"http://localhost:{port}"
    try:
        _wait_for(f"{url}/login", server)
        secret = (data_dir / "jwt_secret").read_text().strip()
        jwt = issue_token(agent_id=1, secret=secret, lifetime=timedelta(hours=1))
        others = [connect_agent(url, jwt) for _ in range(args.others)]
        samples, on_socket = round_trips(url, args.runs, args.pause)
        for agent in others:
            agent.disconnect()
        print(
            f"send -> other agent's screen, {args.others + 2} agents, {args.pause} s apart: p50 {statistics.median(samples):.0f} ms, "
            f"p95 {pct(samples, 0.95):.0f} ms (n={len(samples)}); of which until the socket message "
            f"arrived: p50 {statistics.median(on_socket):.0f} ms, p95 {pct(on_socket, 0.95):.0f} ms"
        )
        took, kib = fan_out(url, jwt, args.clients, server.pid)
        print(
            f"one reply -> all {args.clients} agents: {took:.0f} ms; memory per connected agent: {kib:.0f} KiB"
        )
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
