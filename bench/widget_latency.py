"""Widget <-> agent latency on the production build (one process), in Chromium.

    INBOX_DATA_DIR=/tmp/widget .venv/bin/python -m bench.widget_latency --runs 30

Point INBOX_DATA_DIR at a bootstrapped database (INBOX_DEMO=1, admin admin@example.com /
admin-password). A host page on another origin embeds the widget; measures
1. the visitor clicks Send -> the text in the agent's open conversation;
2. the agent clicks Send on a reply -> the text in the visitor's widget.
Both ends stamp with Date.now() in the same machine's browser.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import statistics
import tempfile
import threading
import uuid
from pathlib import Path

from playwright.sync_api import Frame, Page, sync_playwright

from bench.live import pct, signed_in
from bench.serve import production_server
from inbox_app.security import read_visitor_token
from tests.e2e.conftest import CHROMIUM_ARGS, _free_port

WATCH = """([selector, t]) => { window.__seen = 0; new MutationObserver((_, o) => {
    if (document.querySelector(selector).textContent.includes(t)) { window.__seen = Date.now(); o.disconnect(); }
}).observe(document.body, {subtree: true, childList: true, characterData: true}); }"""


def host_site(url: str) -> str:
    folder = Path(tempfile.mkdtemp())
    (folder / "index.html").write_text(
        f'<!doctype html><title>Bench shop</title><script async src="{url}/widget.js"></script>'
    )
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", _free_port()), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/index.html"


def widget_frame(visitor: Page) -> Frame:
    visitor.get_by_role("button", name="Open chat").click()
    chat = visitor.frame_locator('iframe[title="Chat"]')
    chat.get_by_role("textbox", name="Name").fill("Bench visitor")
    chat.get_by_role("button", name="Start chat").click()
    chat.get_by_role("textbox", name="Type your message").wait_for()
    return next(f for f in visitor.frames if "widget-frame" in f.url)


def visitor_to_agent(frame: Frame, agent: Page, text: str) -> float:
    agent.evaluate(WATCH, ["[role=log][aria-label=Messages]", text])
    frame.get_by_role("textbox", name="Type your message").fill(text)
    frame.wait_for_timeout(300)  # a person's "is typing…" reaches the agent before they send
    clicked = frame.evaluate(
        "() => { const t = Date.now(); document.getElementById('compose').requestSubmit(); return t; }"
    )
    agent.wait_for_function("() => window.__seen > 0", timeout=10_000)
    return agent.evaluate("() => window.__seen") - clicked


def agent_to_visitor(frame: Frame, agent: Page, text: str) -> float:
    frame.evaluate(WATCH, ["#log", text])
    agent.get_by_role("textbox", name="Message").fill(text)
    clicked = agent.evaluate(
        "() => { const t = Date.now(); document.querySelector('#composer-form button[type=submit]').click(); return t; }"
    )
    frame.wait_for_function("() => window.__seen > 0", timeout=10_000)
    return frame.evaluate("() => window.__seen") - clicked


def measure(url: str, secret: str, runs: int, pause: float) -> tuple[list[float], list[float]]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        visitor = browser.new_context().new_page()
        visitor.goto(host_site(url))
        frame = widget_frame(visitor)
        frame.get_by_role("textbox", name="Type your message").fill("Hello")
        frame.get_by_role("button", name="Send", exact=True).click()
        token = visitor.evaluate("() => localStorage.getItem('inbox_chat_token')")
        conversation_id = read_visitor_token(token=token, secret=secret).conversation_id
        agent = signed_in(browser.new_context(base_url=url).new_page())
        agent.goto(f"/inbox/all/{conversation_id}")
        agent.get_by_role("log", name="Messages").get_by_text("Hello").wait_for()
        inbound, outbound = [], []
        for n in range(runs):
            inbound.append(visitor_to_agent(frame, agent, f"visitor {n} {uuid.uuid4().hex[:6]}"))
            agent.wait_for_timeout(pause * 1000)
            outbound.append(agent_to_visitor(frame, agent, f"agent {n} {uuid.uuid4().hex[:6]}"))
            agent.wait_for_timeout(pause * 1000)
        browser.close()
    return inbound, outbound


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--pause", type=float, default=1.0, help="seconds between sends")
    args = parser.parse_args()
    secret = (Path(os.environ["INBOX_DATA_DIR"]) / "jwt_secret").read_text().strip()
    with production_server(INBOX_WIDGET_RATE_LIMIT_SCALE="10") as (
        url,
        _server,
    ):  # a send every 2 s
        inbound, outbound = measure(url, secret, args.runs, args.pause)
    for label, samples in (
        ("visitor Send -> agent's screen", inbound),
        ("agent Send -> visitor's widget", outbound),
    ):
        print(
            f"{label}: p50 {statistics.median(samples):.0f} ms, p95 {pct(samples, 0.95):.0f} ms (n={len(samples)})"
        )


if __name__ == "__main__":
    main()
