"""The smoke behind a real nginx terminating TLS: sign-in, a live chat both ways through the
widget (the dashboard's socket a proxied wss://) and a visitor's file.

nginx serves docs/deploy/nginx.conf, the production config (scripts/nginx.sh swaps in a
self-signed certificate, loopback and the test server's port), on INBOX_PROXY_URL, by default
https://127.0.0.1 (port 443, as in production: a page served over https finds the socket of a
build made for localhost on its own host and port 443). Another port needs the build pointed
at it: REFLEX_API_URL set to the same URL. Runs in the nginx tier of `make test` only.
The server already trusts loopback proxies (INBOX_TRUSTED_PROXIES in conftest.py).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import ROOT, Server, loaded, sign_in, static_site
from tests.e2e.test_composer import PNG
from tests.e2e.test_widget import say, start

pytestmark = pytest.mark.nginx  # selected by make test-nginx, deselected by the other tiers

PROXY_URL = os.environ.get("INBOX_PROXY_URL", "https://127.0.0.1").rstrip("/")
SCRIPT = ROOT / "scripts" / "nginx.sh"
# "GET /_event/?EIO=4&transport=websocket HTTP/1.1" 101: the socket's upgrade went through nginx
SOCKET_UPGRADE = re.compile(r'"GET /_event/?\?[^"]* HTTP/[0-9.]+" 101 ')
STATUS = re.compile(r'" (\d{3}) ')


@dataclass(frozen=True)
class Proxy:
    url: str
    folder: Path

    @property
    def access_log(self) -> list[str]:
        return (self.folder / "access.log").read_text().splitlines()


@pytest.fixture(scope="module")
def proxy(server: Server, tmp_path_factory) -> Proxy:
    port = urlsplit(PROXY_URL).port or 443
    if port != 443 and os.environ.get("REFLEX_API_URL", "").rstrip("/") != PROXY_URL:
        pytest.fail(
            f"nginx on port {port}: the server must be built with REFLEX_API_URL={PROXY_URL}"
        )
    # scripts/nginx.sh's own default; not under pytest's private temp folder: nginx's workers
    # (nobody) write uploads in here.
    folder = Path(f"/tmp/inbox-test-nginx-{port}")
    env = {**os.environ, "INBOX_NGINX_PORT": str(port), "INBOX_NGINX_DIR": str(folder)}
    subprocess.run(
        [str(SCRIPT), "start", server.env["INBOX_PORT"]],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    try:
        yield Proxy(url=PROXY_URL, folder=folder)
    finally:
        kept = tmp_path_factory.mktemp("nginx-logs")  # for a look after a failure
        for name in ("access.log", "error.log", "nginx.conf", "inbox.conf"):
            if (folder / name).exists():
                shutil.copy(folder / name, kept / name)
        subprocess.run([str(SCRIPT), "stop"], env=env, check=False)


@pytest.fixture(scope="module")
def shop(proxy: Proxy, tmp_path_factory) -> str:
    """A plain-http site on another origin that loads the widget from the proxy."""
    folder = tmp_path_factory.mktemp("nginx-site")
    (folder / "index.html").write_text(
        f'<!doctype html><title>TLS shop</title><h1>TLS shop</h1><script async src="{proxy.url}/widget.js"></script>'
    )
    with static_site(folder) as site:
        yield f"{site}/index.html"


def wait_for(page: Page, condition, what: str, timeout: float = 10) -> None:
    """Playwright's events reach Python only while it waits inside Playwright: no time.sleep."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} within {timeout} s")
        page.wait_for_timeout(100)


def test_sign_in_live_chat_and_a_file_through_nginx(browser: Browser, proxy: Proxy, shop: str):
    agent_context = browser.new_context(base_url=proxy.url, ignore_https_errors=True)
    agent_context.set_default_timeout(15_000)
    agent: Page = agent_context.new_page()
    sockets: list[str] = []
    agent.on("websocket", lambda socket: sockets.append(socket.url))

    sign_in(agent)
    agent.goto("/inbox/unassigned")
    loaded(agent)  # hydrated: its state came over the socket
    wait_for(agent, lambda: sockets, "the dashboard opened no WebSocket")
    socket_prefix = f"wss://{urlsplit(proxy.url).netloc}/_event"
    assert all(url.startswith(socket_prefix) for url in sockets), sockets

    visitor_context = browser.new_context(ignore_https_errors=True)
    visitor_context.set_default_timeout(15_000)
    visitor = visitor_context.new_page()
    long_polls: list[tuple[int, float]] = []  # the widget's 25 s waits: (status, seconds)

    def on_response(response) -> None:
        if "/api/widget/updates" in response.url and "wait=25" in response.url:
            seconds = response.request.timing["responseStart"] / 1000
            long_polls.append((response.status, seconds))

    visitor.on("response", on_response)
    visitor.goto(shop)
    visitor.get_by_role("button", name="Open chat").click()
    chat = visitor.frame_locator('iframe[title="Chat"]')
    start(chat, "Tilda TLS", "tilda@example.net")
    say(chat, "Hello through the proxy")
    log = chat.get_by_role("log", name="Chat messages")
    expect(log).to_contain_text("Hello through the proxy")
    assert any(frame.url.startswith(f"{proxy.url}/widget-frame.html") for frame in visitor.frames)

    # the agent sees the new chat without a reload, opens it, and follows it live
    card = (
        agent.get_by_role("region", name="Message list")
        .get_by_role("listitem")
        .filter(has_text="Tilda TLS")
    )
    expect(card.locator("[data-status]")).to_have_attribute("data-status", "new")
    card.get_by_role("link").click()
    thread = agent.get_by_role("region", name="Conversation").get_by_role("log", name="Messages")
    expect(thread).to_contain_text("Hello through the proxy")
    say(chat, "Do you ship to Iceland?")
    expect(thread).to_contain_text("Do you ship to Iceland?")

    agent.get_by_role("textbox", name="Message").fill("Yes, in three days.")
    agent.get_by_role("button", name="Send").click()
    expect(log).to_contain_text("Yes, in three days.")  # the widget's long-poll, proxied

    with visitor.expect_file_chooser() as chooser:
        chat.get_by_role("button", name="Attach a file").click()
    chooser.value.set_files([{"name": "label.png", "mimeType": "image/png", "buffer": PNG}])
    expect(log.get_by_role("img", name="label.png")).to_be_visible()
    image = thread.get_by_role("img", name="label.png")
    expect(image).to_be_visible()  # live on the agent's side
    # and its signed link served through nginx
    agent.wait_for_function(
        "image => image.complete && image.naturalWidth > 0", arg=image.element_handle()
    )

    assert all(url.startswith(socket_prefix) for url in sockets), sockets
    # an idle long-poll is held for its full 25 s and answered by the app, not cut off by nginx
    wait_for(
        visitor,
        lambda: any(seconds >= 24 for _, seconds in long_polls),
        "no widget long-poll lasted its 25 s",
        timeout=40,
    )
    assert all(status == 200 for status, _ in long_polls), long_polls
    visitor_context.close()
    agent_context.close()

    lines = proxy.access_log
    assert any(SOCKET_UPGRADE.search(line) for line in lines), "no WebSocket upgrade in nginx's log"
    assert any("POST /api/widget/attachments" in line for line in lines)
    failed = [line for line in lines if (found := STATUS.search(line)) and found[1] >= "500"]
    assert not failed, "nginx answered with server errors:\n" + "\n".join(failed)
