"""The production build on a fresh database, driven by Playwright in Debian's Chromium.

The database holds the first admin only: each test makes the data it relies on. It is SQLite
in the data folder, or, when INBOX_DATABASE_URL names a PostgreSQL server, a new database on
it made for this session and dropped after."""

from __future__ import annotations

import contextlib
import functools
import http.server
import itertools
import os
import random
import re
import signal
import socket
import string
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from tests.databases import create_database, drop_database, postgres_server_url, unique_name
from tests.mail_sink import mail_sink

ROOT = Path(__file__).resolve().parents[2]
ADMIN_EMAIL, ADMIN_PASSWORD = "admin@example.com", "admin-password"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
# Two workers sharing two cores with Chromium load a page more slowly now and then than 5 s.
expect.set_options(timeout=10_000)
# Lines in the server log that mean something broke even if every assertion passed.
_ERROR_LINE = re.compile(r"Traceback|\bERROR\b|Exception", re.IGNORECASE)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def static_site(folder: Path) -> Iterator[str]:
    """A website on another origin serving `folder` (the pages that embed the widget); its URL."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    site = http.server.ThreadingHTTPServer(("127.0.0.1", _free_port()), handler)
    threading.Thread(target=site.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{site.server_address[1]}"
    finally:
        site.shutdown()


def _wait_for(url: str, process: subprocess.Popen, timeout: float = 240) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server stopped with exit code {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise TimeoutError(f"{url} did not answer within {timeout} s")


MAIL_FROM = "Support <support@inbox.example>"


@pytest.fixture(scope="session")
def mail_relay():
    """A real SMTP server on loopback standing in for the relay the server sends through."""
    with mail_sink() as (sink, port):
        yield sink, port


@pytest.fixture(scope="session")
def server_env(tmp_path_factory, mail_relay) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            # Email both ways: the built-in receiver, and the test's relay for outgoing mail.
            "INBOX_SMTP_PORT": str(_free_port()),
            "INBOX_SMTP_HOST": "127.0.0.1",
            "INBOX_MAIL_FROM": MAIL_FROM,
            "INBOX_SMTP_RELAY_URL": f"smtp://127.0.0.1:{mail_relay[1]}",
            "INBOX_DATA_DIR": str(tmp_path_factory.mktemp("data")),
            "INBOX_PORT": str(_free_port()),
            "INBOX_ADMIN_EMAIL": ADMIN_EMAIL,
            "INBOX_ADMIN_PASSWORD": ADMIN_PASSWORD,
            # The browser stands in for a reverse proxy's clients: a test context that sends
            # X-Forwarded-For is a client at that address (test_sign_in_lockout.py).
            "INBOX_TRUSTED_PROXIES": "127.0.0.1, ::1",
            # Webhooks go to the tests' receiver on loopback (test_webhooks.py).
            "INBOX_WEBHOOK_ALLOW_PRIVATE": "1",
            "REFLEX_TELEMETRY_ENABLED": "false",
            "REFLEX_USE_SYSTEM_BUN": "1",
            "PATH": f"{ROOT / '.tools' / 'node_modules' / '.bin'}:{os.environ['PATH']}",
        }
    )
    env.pop("INBOX_DATABASE_URL", None)
    # No demo data: every test makes the conversations, agents and groups it works on
    # (make_conversation, make_agent), so none leans on another's leftovers or on demo ids.
    env.pop("INBOX_DEMO", None)
    if not (server := postgres_server_url()):
        yield env
        return
    name = unique_name("inbox_e2e")
    env["INBOX_DATABASE_URL"] = create_database(server, name)
    yield env
    drop_database(server, name)


def server_database_url(env: dict[str, str]) -> str:
    """The database the server under test uses."""
    return env.get("INBOX_DATABASE_URL") or f"sqlite:///{Path(env['INBOX_DATA_DIR']) / 'inbox.db'}"


class Server:
    """The production server under test; restart() stops it and starts it again (same data)."""

    def __init__(self, env: dict[str, str], log_path: Path) -> None:
        self.env, self.log_path = env, log_path
        self.url = f"http://localhost:{env['INBOX_PORT']}"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        command = [
            sys.executable,
            "-m",
            "reflex",
            "run",
            "--env",
            "prod",
            "--frontend-port",
            self.env["INBOX_PORT"],
        ]
        with open(self.log_path, "a") as log:
            self.process = subprocess.Popen(
                command,
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        _wait_for(f"{self.url}/login", self.process)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=30)

    def restart(self, during_the_gap=None) -> None:
        self.stop()
        if during_the_gap is not None:
            during_the_gap()
        self.start()


@pytest.fixture(scope="session")
def server(server_env, tmp_path_factory) -> Server:
    subprocess.run(
        [sys.executable, "-m", "inbox_app", "bootstrap"], cwd=ROOT, env=server_env, check=True
    )
    handle = Server(server_env, tmp_path_factory.mktemp("logs") / "server.log")
    try:
        handle.start()
        yield handle
    finally:
        handle.stop()
    errors = [line for line in handle.log_path.read_text().splitlines() if _ERROR_LINE.search(line)]
    assert not errors, "the server logged errors:\n" + "\n".join(errors[:20])


@pytest.fixture(scope="session")
def base_url(server: Server) -> str:
    return server.url


@pytest.fixture(scope="session")
def browser() -> Browser:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def _close_every_tab(request):
    """A tab a test opened and left open keeps its agent online for every later test (the
    widget's offline mode would never show): whatever the test opened is closed after it."""
    yield
    if "browser" in request.fixturenames:
        for context in request.getfixturevalue("browser").contexts:
            context.close()


@pytest.fixture()
def page(browser: Browser, base_url: str) -> Page:
    context = browser.new_context(base_url=base_url)
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def sign_in(page: Page, email: str = ADMIN_EMAIL, password: str = ADMIN_PASSWORD) -> None:
    page.goto("/login")
    page.get_by_role("textbox", name="Email").fill(email)
    page.get_by_role("textbox", name="Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/inbox/mine/?$"))


_visitor_numbers = itertools.count(1)


def visitor_context(browser: Browser, **options):
    """A visitor's own browser with an address of its own (forwarded by the loopback proxy the
    server trusts): every visitor of a real site has one, and the widget's per-address limits
    (10 chat starts a minute) must not make one test's visitors refuse the next test's."""
    number = next(_visitor_numbers)
    address = f"198.51.{100 + number // 250}.{1 + number % 250}"
    return browser.new_context(extra_http_headers={"X-Forwarded-For": address}, **options)


def eventually(check, *, timeout: float = 20.0, what: str = "the condition") -> None:
    """Wait until `check()` is true (a server-side fact a test waits for instead of a sleep)."""
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} did not hold within {timeout} s")
        time.sleep(0.1)


def loaded(page: Page) -> None:
    """Wait until the page's on_load has run: before that a full page load shows the state the
    tab had on its previous page (another view's list, say). With several workers a page can
    miss its state (reflex#6877); hydration_watch.js reloads it after 5 s, and the reloaded
    page needs its own seconds: the wait covers both, as an agent would wait for it."""
    marker = page.locator("#hydration-marker")
    expect(marker).to_have_attribute("data-hydrated", "true", timeout=25_000)


@pytest.fixture()
def db(server_env, base_url):
    """A session on the running server's database, for arranging data the UI cannot make yet."""
    from sqlmodel import Session

    from inbox_app.db import make_engine

    engine = make_engine(server_database_url(server_env))
    with Session(engine, expire_on_commit=False) as session:
        yield session
    engine.dispose()


def admin_view(session):
    from sqlmodel import select

    from inbox_app.models.tables import Agent
    from inbox_app.services.team.agents import to_view

    return to_view(session.exec(select(Agent).where(Agent.email == ADMIN_EMAIL)).one())


def agent_view(session, email: str):
    from sqlmodel import select

    from inbox_app.models.tables import Agent
    from inbox_app.services.team.agents import to_view

    return to_view(session.exec(select(Agent).where(Agent.email == email)).one())


def unique(word: str) -> str:
    """`word` and a short random tag, so a test finds its own row among every other test's."""
    return f"{word} {uuid.uuid4().hex[:6]}"


AGENT_PASSWORD = "agent-password"


@dataclass(frozen=True)
class MadeAgent:
    id: int
    email: str
    name: str
    password: str = AGENT_PASSWORD


def make_agent(session, first_name: str = "Agent") -> MadeAgent:
    """An agent of this test's own (role agent), named `first_name` and a surname of random
    letters ("Anna Qwzrtk"): pickers, "… is viewing" and @mentions find this one only."""
    from inbox_app.services.team.agents import create_agent

    surname = "".join(random.choices(string.ascii_lowercase, k=6))
    view = create_agent(
        session,
        email=f"{first_name.lower()}.{surname}@example.com",
        password=AGENT_PASSWORD,
        name=f"{first_name} {surname.capitalize()}",
    )
    return MadeAgent(id=view.id, email=view.email, name=view.name)


@dataclass(frozen=True)
class MadeConversation:
    id: int
    contact_id: int
    name: str | None
    email: str | None

    @property
    def url(self) -> str:
        return f"/inbox/all/{self.id}"


def make_conversation(
    session,
    *,
    channel: str = "chat",
    name: str | None = None,
    email: str | None = None,
    messages: tuple | list = ("Hello, I have a question about my order.",),
    assigned_to: tuple | list = (),
    group: str | None = None,
    closed: bool = False,
    subject: str | None = None,
    contact_id: int | None = None,
    ago: timedelta = timedelta(0),
) -> MadeConversation:
    """A conversation of this test's own through the product's services, as if it had come in.

    messages: a text is the contact's; ("reply", text) or ("comment", text) is the admin's, in
    that order, a second apart, the last one `ago` before now. name: a unique one unless given (None for a
    contact known by email only). assigned_to: agents' emails; group: a group's name. The admin
    assigns, as a person would, so the thread has the event lines. contact_id: another
    conversation of an existing contact."""
    from sqlmodel import select

    from inbox_app.models.enums import Channel, ConversationState, MessageKind
    from inbox_app.models.tables import AgentGroup, Contact, utcnow
    from inbox_app.services.conversations import actions
    from inbox_app.services.conversations.messages import post_agent_message, post_incoming
    from inbox_app.services.conversations.start import start_conversation

    admin = admin_view(session)
    start = utcnow() - ago - timedelta(seconds=len(messages))
    if contact_id is None:
        if name == "":
            name = None
        elif name is None:
            name = unique("Casey")
        sources = {field: "form" for field, value in (("name", name), ("email", email)) if value}
        contact = Contact(
            name=name, email=email, field_sources=sources, first_seen_at=start, last_seen_at=start
        )
        session.add(contact)
        session.commit()
        contact_id = contact.id
    else:
        contact = session.get(Contact, contact_id)
        name, email = contact.name, contact.email
    conversation = start_conversation(
        session,
        contact_id=contact_id,
        channel=Channel(channel),
        subject=subject or ("Question" if channel == "email" else None),
        now=start,
    )
    conversation_id = conversation.id
    for n, message in enumerate(messages, start=1):
        at = start + timedelta(seconds=n)
        if isinstance(message, str):
            post_incoming(session, conversation_id=conversation_id, body=message, now=at)
        else:
            kind, body = message
            post_agent_message(
                session,
                agent_id=admin.id,
                conversation_id=conversation_id,
                kind=MessageKind(kind),
                body=body,
                now=at,
            )
    now = utcnow()
    if assigned_to:
        agent_ids = [agent_view(session, address).id for address in assigned_to]
        actions.assign_agents(
            session, actor=admin, conversation_id=conversation_id, agent_ids=agent_ids, now=now
        )
    if group is not None:
        group_id = session.exec(select(AgentGroup.id).where(AgentGroup.name == group)).one()
        actions.assign_group(
            session, actor=admin, conversation_id=conversation_id, group_id=group_id, now=now
        )
    if closed:
        actions.set_state(
            session,
            actor=admin,
            conversation_id=conversation_id,
            state=ConversationState.closed,
            now=now,
        )
    return MadeConversation(id=conversation_id, contact_id=contact_id, name=name, email=email)


def open_conversation(page: Page, conversation: MadeConversation | int):
    """Open it in All messages and wait for its thread; returns the composer's text box."""
    conversation_id = conversation if isinstance(conversation, int) else conversation.id
    page.goto(f"/inbox/all/{conversation_id}")
    loaded(page)  # not the previous page's conversation, still shown until on_load ran
    expect(page.get_by_role("log", name="Messages").get_by_role("article").first).to_be_visible()
    return page.get_by_role("textbox", name="Message")
