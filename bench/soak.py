"""Soak: 30 agents, 200 visitors and API traffic against the production build for 10 minutes.

    rm -rf /tmp/soak && INBOX_DATA_DIR=/tmp/soak INBOX_ADMIN_EMAIL=admin@example.com \
      INBOX_ADMIN_PASSWORD=admin-password INBOX_DEMO=1 .venv/bin/python -m inbox_app bootstrap
    INBOX_DATA_DIR=/tmp/soak flock /tmp/inbox-e2e.lock .venv/bin/python -m bench.soak --minutes 10

Starts its own production server (one process, SQLite) on the bootstrapped data folder, with
INBOX_WIDGET_RATE_LIMIT_SCALE raised (every simulated visitor comes from 127.0.0.1) and its log
in the data folder (`soak-server.log`), and adds the agents it needs (soak-agent-NN@example.com).

- Agents: Reflex dashboard connections (bench/soak_clients.py's socket: hydrate signed in, page
  loads by on_load like a browser's navigation, and every live push). Repliers open the oldest
  chat waiting for an answer, type ("is typing…" reaches the widget) and reply, 1 in 5 replies
  with a file uploaded first; watchers move between chats and lists.
- Visitors: what widget.js and the panel do: the static files, config, status every 30 s, a
  heartbeat every 20 s, start a chat, long-poll /api/widget/updates with wait=25, type and send
  now and then with an idempotency key (some sends repeated, as after a lost answer), and leave
  after a few minutes; a new visitor takes each one's place.
- API traffic: an integration on the REST API with an API key (bench/soak_rest.py: pages of
  open conversations, comments on live chats, contacts filled in), a monitor on GET
  /api/health, and agent uploads with a Bearer token to /api/conversations/<id>/attachments,
  each fetched back through its signed /api/attachments/<id> link.

Per minute (after a warm-up that is not counted): the server's memory (all its processes) and
CPU, p50/p95 of visitor send -> 201, agent event -> its answer on the socket (a reply -> the
reply in the sender's thread; a page load -> the load done), agent reply -> the visitor's
long-poll answers with it, visitor send -> the text on an agent's socket; and errors: every
non-2xx, exception, lost socket, event without answer, reply never seen by its visitor, and every
Traceback/ERROR line in the server log. Ends with a verdict against the targets: memory flat
(after the last minute at most 10 % above after minute 2), every minute's p95 within 20 % of
minute 1's, zero errors. Results and what they showed: docs/PERFORMANCE.md, "Soak".
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import json
import math
import os
import random
import re
import signal
import sqlite3
import statistics
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

import psutil

from bench.soak_clients import Http, ReflexSocket
from bench.soak_rest import make_api_key, rest_bot
from inbox_app.models.tables import utcnow
from inbox_app.security import issue_token, read_visitor_token, signed_url
from inbox_app.state.auth import AuthState
from inbox_app.state.composer import ComposerState
from tests.e2e.conftest import ROOT, _free_port, _wait_for

TOKEN_VAR = f"{AuthState.get_full_name()}.auth_token_rx_state_"
ROOT_STATE = "reflex___state____state"
HYDRATE = f"{ROOT_STATE}.hydrate_and_load"
UPDATE_VARS = f"{ROOT_STATE}.reflex___state____update_vars_internal_state.update_vars_internal"
ON_LOAD = f"{ROOT_STATE}.reflex___state____on_load_internal_state.on_load_internal"
SEND = f"{ComposerState.get_full_name()}.send"
TYPING = f"{ComposerState.get_full_name()}.note_typing"
HYDRATED = re.compile(r'"is_hydrated_rx_state_":\s*true')
VISITOR_TEXT = re.compile(r"visitor-msg ([0-9a-f]{10})")
REPLY_TEXT = re.compile(r"agent-reply ([0-9a-f]{10})")
AGENT_PASSWORD = "soak-password"
KINDS = {  # latency series: key -> column title
    "send": "visitor send -> 201",
    "reply": "agent reply -> answer",
    "open": "agent page load -> done",
    "wake": "reply -> visitor's long-poll",
    "push": "visitor send -> agent socket",
    "api": "REST API call -> answer",
}


def pct(samples: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(len(ordered) * p) - 1)]


@dataclass
class Recorder:
    """Samples and events by minute: 0 is the warm-up, 1..N the soak."""

    minutes: int
    t0: float = 0.0
    samples: dict = field(
        default_factory=lambda: collections.defaultdict(lambda: collections.defaultdict(list))
    )
    counts: dict = field(default_factory=lambda: collections.defaultdict(collections.Counter))
    errors: list = field(default_factory=list)
    resources: list = field(
        default_factory=list
    )  # (t, rss, server cpu s, client cpu s, fds, threads)

    def minute(self, t: float) -> int:
        return 0 if t < self.t0 else min(self.minutes + 1, int((t - self.t0) // 60) + 1)

    def sample(self, kind: str, started: float, seconds: float) -> None:
        self.samples[kind][self.minute(started)].append(seconds * 1000)

    def count(self, kind: str, n: int = 1) -> None:
        self.counts[self.minute(time.perf_counter())][kind] += n

    def error(self, kind: str, detail: str) -> None:
        now = time.perf_counter()
        self.counts[self.minute(now)]["errors"] += 1
        self.errors.append((self.minute(now), kind, detail[:300]))


class Soak:
    def __init__(
        self, url: str, secret: str, agents: list[tuple[int, str, int]], api_key: str, args
    ) -> None:
        self.url, self.secret, self.api_key, self.args = url, secret, api_key, args
        self.rec = Recorder(args.minutes)
        self.agent_rows = agents
        # Set before every task is cancelled: each loop checks it too, because Python 3.11's
        # asyncio.wait_for can swallow a cancellation that meets a finished request (a visitor's
        # heartbeat went on after the end and the run never reported).
        self.stopping = False
        self.visitors: dict[int, Visitor] = {}  # conversation id -> a live visitor
        self.waiting: collections.OrderedDict[int, float] = collections.OrderedDict()
        self.pending_replies: dict[str, tuple[float, int]] = {}  # reply id -> (sent, conversation)
        self.pending_pushes: dict[str, float] = {}  # visitor text id -> send started
        self.acked_visitor_ids: set[int] = set()
        self.reply_ids: list[str] = []  # every reply the sender saw stored
        self.uploads = 0
        self.never_answered = 0
        self.visitor_serial = 0

    # --- HTTP with bookkeeping ------------------------------------------------------------
    async def call(self, conn: Http, kind: str, method: str, path: str, expect=(200,), **kwargs):
        self.rec.count("requests")
        try:
            answer = await conn.request(method, path, **kwargs)
        except asyncio.CancelledError:
            raise
        except Exception as error:  # noqa: BLE001 - every failure is an error of the soak
            if not self.stopping:
                self.rec.error(kind, f"{method} {path.split('?')[0]}: {error!r}")
            return None
        if answer.status_code not in expect:
            self.rec.error(
                kind,
                f"{method} {path.split('?')[0]}: {answer.status_code} {answer.content[:120]!r}",
            )
            return None
        return answer

    # --- bookkeeping shared by agents and visitors -----------------------------------------
    def waiting_chat(self) -> int | None:
        """The live chat that has waited longest for an answer."""
        while self.waiting:
            conversation_id, _since = self.waiting.popitem(last=False)
            if conversation_id in self.visitors:
                return conversation_id
        return None

    def saw_frame(self, text: str, arrived: float) -> None:
        for text_id in VISITOR_TEXT.findall(text):
            started = self.pending_pushes.pop(text_id, None)
            if started is not None:
                self.rec.sample("push", started, arrived - started)

    def visitor_saw_reply(self, reply_id: str, seen: float) -> None:
        entry = self.pending_replies.pop(reply_id, None)
        if entry is not None:
            self.rec.sample("wake", entry[0], seen - entry[0])

    def visitor_left(self, conversation_id: int) -> None:
        self.visitors.pop(conversation_id, None)
        self.waiting.pop(conversation_id, None)
        for reply_id, (_sent, chat) in list(self.pending_replies.items()):
            if chat == conversation_id:
                del self.pending_replies[reply_id]  # a reply on its way when the page closed

    def expire_pending(self) -> None:
        now = time.perf_counter()
        for reply_id, (sent, chat) in list(self.pending_replies.items()):
            if now - sent > 60:
                del self.pending_replies[reply_id]
                self.rec.error(
                    "reply lost",
                    f"reply {reply_id} to chat {chat} not on the visitor's long-poll after 60 s",
                )
        for text_id, started in list(self.pending_pushes.items()):
            if now - started > 60:
                del self.pending_pushes[text_id]
                self.rec.error(
                    "push lost", f"visitor text {text_id} on no agent's socket after 60 s"
                )

    # --- the run ------------------------------------------------------------------------------
    async def run(self, server: psutil.Process) -> None:
        args = self.args
        started = time.perf_counter()
        self.rec.t0 = started + args.warmup
        end = self.rec.t0 + args.minutes * 60
        sampler = asyncio.create_task(self.sample_resources(server, end))
        agents = []
        for n, (agent_id, name, version) in enumerate(self.agent_rows):
            jwt = issue_token(
                agent_id=agent_id, secret=self.secret, lifetime=timedelta(hours=3), version=version
            )
            agents.append(Agent(self, agent_id, name, jwt, replier=n < args.repliers))
        tasks = [asyncio.create_task(agent.live(delay=n * 0.2)) for n, agent in enumerate(agents)]
        ramp = args.warmup * 2 / 3  # chats start over this, then the load settles
        tasks += [
            asyncio.create_task(self.visitor_slot(n, delay=ramp * n / args.visitors))
            for n in range(args.visitors)
        ]
        tasks += [
            asyncio.create_task(self.monitor()),
            asyncio.create_task(self.integrator(agents)),
            asyncio.create_task(rest_bot(self, self.api_key)),
        ]
        while time.perf_counter() < end:
            await asyncio.sleep(1)
            self.expire_pending()
        self.stopping = True
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await sampler
        self.never_answered = sum(w.late for agent in agents for w in agent.waiters)
        await asyncio.gather(*(agent.close() for agent in agents), return_exceptions=True)

    async def sample_resources(self, server: psutil.Process, end: float) -> None:
        me = psutil.Process()
        while True:
            now = time.perf_counter()
            processes = [server, *server.children(recursive=True)]
            rss = cpu = fds = threads = 0
            for process in processes:
                try:
                    with process.oneshot():
                        rss += process.memory_info().rss
                        cpu += sum(process.cpu_times()[:2])
                        fds += process.num_fds()
                        threads += process.num_threads()
                except psutil.NoSuchProcess:
                    pass
            self.rec.resources.append((now, rss, cpu, sum(me.cpu_times()[:2]), fds, threads))
            if now >= end:
                return
            await asyncio.sleep(min(5, max(0.0, end - now)) or 5)

    async def visitor_slot(self, n: int, delay: float) -> None:
        """One of the 200 places: a visitor, and when it leaves the next one."""
        await asyncio.sleep(delay)
        first = True
        while not self.stopping:
            lifetime = random.uniform(60, 480) if first else random.uniform(120, 480)
            first = False
            self.visitor_serial += 1
            visitor = Visitor(self, self.visitor_serial)
            try:
                await visitor.live(lifetime)
            except asyncio.CancelledError:
                raise
            except Exception as error:  # noqa: BLE001 - a failure of the client is reported too
                self.rec.error("visitor failed", f"visitor {visitor.serial}: {error!r}")
                await asyncio.sleep(5)
            finally:
                await visitor.close()

    async def monitor(self) -> None:
        conn = Http(self.url)
        while not self.stopping:
            answer = await self.call(conn, "health", "GET", "/api/health")
            if answer is not None and answer.json().get("status") != "ok":
                self.rec.error("health", answer.content.decode()[:200])
            self.rec.count("health")
            await asyncio.sleep(2)

    async def integrator(self, agents: list[Agent]) -> None:
        """An agent's token uploading a file now and then, and fetching it back signed."""
        conn = Http(self.url)
        await asyncio.sleep(self.args.warmup / 2)
        while not self.stopping:
            await asyncio.sleep(random.uniform(5, 15))
            chats = list(self.visitors)
            if chats:
                agent = random.choice(agents)
                await upload_and_fetch(self, conn, agent, random.choice(chats))


async def upload_and_fetch(
    soak: Soak, conn: Http, agent: Agent, conversation_id: int
) -> int | None:
    body = os.urandom(random.randint(10_000, 200_000))
    answer = await soak.call(
        conn,
        "upload",
        "POST",
        f"/api/conversations/{conversation_id}/attachments",
        expect=(201,),
        body=body,
        headers={
            "Authorization": f"Bearer {agent.jwt}",
            "X-Filename": quote(f"soak report {uuid.uuid4().hex[:6]}.bin"),
        },
    )
    if answer is None:
        return None
    attachment_id = answer.json()["id"]
    soak.uploads += 1
    soak.rec.count("uploads")
    link = signed_url(
        attachment_id=attachment_id, agent_id=agent.agent_id, secret=soak.secret, now=utcnow()
    )
    fetched = await soak.call(conn, "download", "GET", link)
    if fetched is not None and fetched.content != body:
        soak.rec.error(
            "download",
            f"attachment {attachment_id}: {len(fetched.content)} bytes back, {len(body)} sent",
        )
    return attachment_id


@dataclass
class Waiter:
    pattern: re.Pattern
    future: asyncio.Future
    started: float
    late: bool = False


class Agent:
    def __init__(self, soak: Soak, agent_id: int, name: str, jwt: str, *, replier: bool) -> None:
        self.soak, self.agent_id, self.name, self.jwt, self.replier = (
            soak,
            agent_id,
            name,
            jwt,
            replier,
        )
        self.path = "/inbox/all"
        self.waiters: list[Waiter] = []
        self.socket: ReflexSocket | None = None
        self.http = Http(soak.url)

    def on_frame(self, text: str, arrived: float) -> None:
        self.soak.rec.count("pushes")
        self.soak.saw_frame(text, arrived)
        used = set()  # an update answers the oldest event waiting for it (events run in order)
        for waiter in list(self.waiters):
            if waiter.pattern in used or not waiter.pattern.search(text):
                continue
            used.add(waiter.pattern)
            self.waiters.remove(waiter)
            if waiter.late:  # answered after the 30 s the soak waited: how late is the backlog
                self.soak.rec.sample("late", waiter.started, arrived - waiter.started)
            else:
                waiter.future.set_result(arrived)

    def on_closed(self, reason: str) -> None:
        if not self.soak.stopping:
            self.soak.rec.error("agent socket", f"agent {self.agent_id}: {reason}")

    async def answer(self, kind: str, pattern: re.Pattern, emit) -> bool:
        """Emit, then wait for the update that answers it; its delay is a `kind` sample. After
        30 s it counts as unanswered (an error); an answer that comes later is a "late" sample."""
        waiter = Waiter(pattern, asyncio.get_running_loop().create_future(), time.perf_counter())
        self.waiters.append(waiter)
        try:
            emit()
            arrived = await asyncio.wait_for(asyncio.shield(waiter.future), 30)
        except (TimeoutError, ConnectionError) as error:
            waiter.late = True
            if not self.soak.stopping:
                self.soak.rec.count("unanswered")
                self.soak.rec.error(
                    f"agent {kind}", f"agent {self.agent_id} on {self.path}: {error!r}"
                )
            return False
        self.soak.rec.sample(kind, waiter.started, arrived - waiter.started)
        self.soak.rec.count(kind)
        return True

    async def connect(self) -> None:
        self.socket = ReflexSocket(self.soak.url, str(uuid.uuid4()), self.on_frame, self.on_closed)
        await self.socket.connect()
        await self.answer(
            "open",
            HYDRATED,
            lambda: self.socket.emit(HYDRATE, {"vars": {TOKEN_VAR: self.jwt}}, self.path),
        )

    async def open(self, path: str) -> None:
        """A navigation in the browser: the stored token, then the page's on_load handlers."""
        self.path = path

        def navigate() -> None:
            self.socket.emit(UPDATE_VARS, {"vars": {TOKEN_VAR: self.jwt}}, path)
            self.socket.emit(ON_LOAD, {}, path)

        await self.answer("open", HYDRATED, navigate)

    async def reply(self, conversation_id: int) -> None:
        files = ""
        if random.random() < 0.2:  # attach a file, as the composer does: upload, then send
            attachment_id = await upload_and_fetch(self.soak, self.http, self, conversation_id)
            files = str(attachment_id) if attachment_id else ""
        for _ in range(2):  # "is typing…" for the visitor and colleagues, every 2 s
            self.socket.emit(TYPING, {}, self.path)
            await asyncio.sleep(2)
        if conversation_id not in self.soak.visitors:
            return  # the visitor left while the agent typed: the reply would go to email
        reply_id = uuid.uuid4().hex[:10]
        text = f"agent-reply {reply_id} Thanks for waiting, {self.name} here. Let me check that for you."
        self.soak.pending_replies[reply_id] = (time.perf_counter(), conversation_id)
        form = {"body": text, "attachment_ids": files}
        if await self.answer(
            "reply",
            re.compile(reply_id),
            lambda: self.socket.emit(SEND, {"form_data": form}, self.path),
        ):
            self.soak.reply_ids.append(reply_id)
        else:
            self.soak.pending_replies.pop(reply_id, None)

    async def live(self, delay: float) -> None:
        await asyncio.sleep(delay)
        try:
            await self.connect()
            await self.work()
        except asyncio.CancelledError:
            raise
        except Exception as error:  # noqa: BLE001 - a failure of the client is reported too
            self.soak.rec.error("agent failed", f"agent {self.agent_id}: {error!r}")

    async def work(self) -> None:
        while not self.soak.stopping:
            if self.replier:
                await asyncio.sleep(random.uniform(10, 30))
                conversation_id = self.soak.waiting_chat()
                if conversation_id is None:
                    continue
                await self.open(f"/inbox/all/{conversation_id}")
                await asyncio.sleep(random.uniform(1, 3))  # reads the chat
                if conversation_id in self.soak.visitors:
                    await self.reply(conversation_id)
            else:
                await asyncio.sleep(random.uniform(15, 45))
                chats = list(self.soak.visitors)
                if chats and random.random() < 0.7:
                    await self.open(f"/inbox/all/{random.choice(chats)}")
                else:
                    await self.open(
                        random.choice(["/inbox/all", "/inbox/unassigned", "/inbox/mine"])
                    )

    async def close(self) -> None:
        if self.socket is not None:
            await self.socket.close()
        await self.http.close()


class Visitor:
    STATIC = [
        "/widget.js",
        "/widget-frame.html?page=https%3A%2F%2Fshop.example%2F",
        "/widget-frame.js",
        "/widget-frame.css",
    ]

    def __init__(self, soak: Soak, serial: int) -> None:
        self.soak, self.serial = soak, serial
        self.short, self.poll = Http(soak.url), Http(soak.url)  # a browser's connections
        self.token, self.visitor_id, self.conversation_id = "", "", 0
        self.last_id, self.typing = 0, ""
        self.tasks: list[asyncio.Task] = []

    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    async def live(self, lifetime: float) -> None:
        soak, until = self.soak, time.perf_counter() + lifetime
        for path in self.STATIC:
            await soak.call(self.short, "static", "GET", path)
        await soak.call(self.short, "config", "GET", "/api/widget/config")
        await self.status()
        await self.beat()
        details = {
            "name": f"Soak visitor {self.serial}",
            "page": "https://shop.example/",
            "language": "en-GB",
        }
        if self.serial % 2:
            details["email"] = f"soak-visitor-{self.serial}@example.net"
        answer = await soak.call(
            self.short, "start", "POST", "/api/widget/start", expect=(201,), json_body=details
        )
        if answer is None:
            await asyncio.sleep(5)
            return
        self.token = answer.json()["token"]
        self.conversation_id = read_visitor_token(
            token=self.token, secret=soak.secret
        ).conversation_id
        soak.visitors[self.conversation_id] = self
        soak.rec.count("chats started")
        await self.fetch_new(0)
        self.tasks = [
            asyncio.create_task(self.long_poll()),
            asyncio.create_task(self.every(20, self.beat)),
            asyncio.create_task(self.every(30, self.status)),
        ]
        await self.beat()  # Visitors online learns this visitor chats now
        n = 0
        while time.perf_counter() < until and not soak.stopping:
            n += 1
            await self.send(n)
            pause = random.uniform(*soak.args.message_every)
            await asyncio.sleep(min(pause, max(0.0, until - time.perf_counter())))
        await soak.call(
            self.short,
            "leave",
            "POST",
            "/api/widget/leave",
            expect=(204,),
            json_body={"token": self.token},
        )

    async def close(self) -> None:
        for task in self.tasks:
            task.cancel()
        await asyncio.gather(*self.tasks, return_exceptions=True)
        if self.conversation_id:
            self.soak.visitor_left(self.conversation_id)
        await self.short.close()
        await self.poll.close()

    async def every(self, seconds: float, call) -> None:
        while not self.soak.stopping:  # see Soak.stopping
            await asyncio.sleep(seconds)
            await call()

    async def status(self) -> None:
        await self.soak.call(self.short, "status", "GET", "/api/widget/status")

    async def beat(self) -> None:
        seen = {
            "visitor": self.visitor_id,
            "url": "https://shop.example/",
            "title": "Shop",
            "language": "en-GB",
        }
        headers = self.auth() if self.token else None
        answer = await self.soak.call(
            self.short,
            "heartbeat",
            "POST",
            "/api/widget/heartbeat",
            json_body=seen,
            headers=headers,
        )
        if answer is not None:
            self.visitor_id = answer.json()["visitor"]

    def took(self, answer) -> None:
        """What the panel does with /updates' answer: new messages, typing, a renewed token."""
        seen, data = time.perf_counter(), answer.json()
        if data.get("token"):
            self.token = data["token"]
        self.typing = data.get("typing", "")
        for message in data["messages"]:
            if message["id"] <= self.last_id:
                continue
            self.last_id = message["id"]
            if not message["mine"] and (match := REPLY_TEXT.search(message["body_html"])):
                self.soak.visitor_saw_reply(match.group(1), seen)

    async def fetch_new(self, wait: int, conn: Http | None = None) -> bool:
        path = f"/api/widget/updates?after={self.last_id}&wait={wait}&typing={quote(self.typing)}"
        answer = await self.soak.call(
            conn or self.short, "updates", "GET", path, headers=self.auth(), timeout=wait + 30
        )
        if answer is not None:
            self.took(answer)
        return answer is not None

    async def long_poll(self) -> None:
        while not self.soak.stopping:
            if not await self.fetch_new(25, self.poll):
                await asyncio.sleep(3)  # as the panel does after a failed poll

    async def send(self, n: int) -> None:
        soak = self.soak
        for pause in (2, 1):  # typing, at most every 2 s
            await soak.call(
                self.short,
                "typing",
                "POST",
                "/api/widget/typing",
                expect=(204,),
                json_body={"typing": True},
                headers=self.auth(),
            )
            await asyncio.sleep(pause)
        text_id, key = uuid.uuid4().hex[:10], uuid.uuid4().hex
        body = {"body": f"visitor-msg {text_id} question {n}: where is my order?", "key": key}
        started = time.perf_counter()
        soak.pending_pushes[text_id] = started
        answer = await soak.call(
            self.short,
            "send",
            "POST",
            "/api/widget/messages",
            expect=(201,),
            json_body=body,
            headers=self.auth(),
        )
        if answer is None:
            soak.pending_pushes.pop(text_id, None)
            return
        soak.rec.sample("send", started, time.perf_counter() - started)
        soak.rec.count("visitor messages")
        message_id = answer.json()["id"]
        soak.acked_visitor_ids.add(message_id)
        if random.random() < 0.05:  # the answer was lost on the way: the panel sends it again
            again = await soak.call(
                self.short,
                "send",
                "POST",
                "/api/widget/messages",
                expect=(201,),
                json_body=body,
                headers=self.auth(),
            )
            soak.rec.count("resent")
            if again is not None and again.json()["id"] != message_id:
                soak.rec.error(
                    "idempotency",
                    f"key {key}: id {again.json()['id']} for a resend of {message_id}",
                )
        soak.waiting.setdefault(self.conversation_id, started)
        await self.fetch_new(0)


# --- set-up, server, report -------------------------------------------------------------------


def ensure_agents(count: int) -> list[tuple[int, str, int]]:
    """(id, name, token version) of soak-agent-01..NN@example.com, created when missing."""
    from sqlmodel import Session, select

    from inbox_app.db import get_engine
    from inbox_app.models.tables import Agent
    from inbox_app.services.team.agents import create_agent

    rows = []
    with Session(get_engine()) as session:
        for n in range(1, count + 1):
            email = f"soak-agent-{n:02d}@example.com"
            agent = session.exec(select(Agent).where(Agent.email == email)).first()
            if agent is None:
                create_agent(
                    session, email=email, password=AGENT_PASSWORD, name=f"Soak Agent {n:02d}"
                )
                agent = session.exec(select(Agent).where(Agent.email == email)).first()
            rows.append((agent.id, agent.name, agent.token_version))
    return rows


def start_server(data_dir: Path, log_path: Path) -> tuple[str, subprocess.Popen]:
    port = str(_free_port())
    env = {
        **os.environ,
        "INBOX_PORT": port,
        "REFLEX_USE_SYSTEM_BUN": "1",
        "REFLEX_TELEMETRY_ENABLED": "false",
        "INBOX_WIDGET_RATE_LIMIT_SCALE": "100000",
        "INBOX_DATA_DIR": str(data_dir),
        "PATH": f"{ROOT / '.tools' / 'node_modules' / '.bin'}:{os.environ['PATH']}",
    }
    log = log_path.open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "reflex", "run", "--env", "prod", "--frontend-port", port],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://localhost:{port}"
    try:
        _wait_for(f"{url}/login", server)
    except BaseException:
        os.killpg(server.pid, signal.SIGTERM)
        raise
    return url, server


def stop_server(server: subprocess.Popen) -> float | None:
    """Seconds the server took to stop after SIGTERM; None if it had to be killed."""
    started = time.perf_counter()
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=30)
        return time.perf_counter() - started
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGUSR1)  # every thread's stack into the server log
        time.sleep(1)
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=30)
        return None


def scan_log(text: str) -> tuple[list[str], collections.Counter]:
    """Lines that are errors (Traceback, ERROR, CRITICAL), and warnings by their message."""
    errors, warnings = [], collections.Counter()
    for line in text.splitlines():
        if (
            "Traceback" in line
            or re.search(r"\b(ERROR|CRITICAL)\b", line)
            or '"level": "error"' in line.lower()
        ):
            errors.append(line.strip()[:240])
        elif re.search(r"\bWARNING\b", line):
            warnings[re.sub(r"\d+", "N", line.strip())[:160]] += 1
    return errors, warnings


def check_database(data_dir: Path, soak: Soak) -> list[str]:
    """Every acknowledged visitor message stored once; every reply the sender saw, stored."""
    problems = []
    with sqlite3.connect(data_dir / "inbox.db") as db:
        ids = sorted(soak.acked_visitor_ids)
        found = 0
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            found += db.execute(
                f"SELECT COUNT(*) FROM message WHERE id IN ({','.join('?' * len(chunk))})", chunk
            ).fetchone()[0]
        if found != len(ids):
            problems.append(f"{len(ids) - found} acknowledged visitor messages not in the database")
        stored = {
            row[0].split()[1]
            for row in db.execute("SELECT body FROM message WHERE body LIKE 'agent-reply %'")
        }
        missing = [r for r in soak.reply_ids if r not in stored]
        if missing:
            problems.append(f"{len(missing)} replies shown to their sender not in the database")
    return problems


def mib(value: float) -> str:
    return f"{value / 2**20:.0f}"


def report(
    soak: Soak, log_errors: list[str], warnings: collections.Counter, db_problems: list[str], args
) -> bool:
    rec = soak.rec
    minutes = range(1, args.minutes + 1)
    by_minute: dict[int, list[tuple]] = collections.defaultdict(list)
    for row in rec.resources:
        by_minute[rec.minute(row[0] - 1e-6)].append(row)  # a sample at a minute's end closes it

    def cpu_share(m: int, column: int) -> str:
        rows = by_minute.get(m, [])
        previous = by_minute.get(m - 1, [])
        if not rows or not previous:
            return "–"
        first, last = previous[-1], rows[-1]
        return f"{(last[column] - first[column]) / (last[0] - first[0]) * 100:.0f}"

    def answered(m: int) -> str:
        counts, late = rec.counts.get(m, collections.Counter()), rec.samples["late"].get(m, [])
        text = f"{counts['open'] + counts['reply']} / {counts['unanswered']}"
        return text + (f" (late answers: up to {max(late) / 1000:.0f} s)" if late else "")

    def cell(kind: str, m: int) -> str:
        values = rec.samples[kind].get(m, [])
        return f"{statistics.median(values):.0f} / {pct(values, 0.95):.0f}" if values else "–"

    header = [
        "min",
        "server RSS MiB",
        "server CPU %",
        "client CPU %",
        *[f"{title} p50 / p95 ms" for title in KINDS.values()],
        "agent events answered / not in 30 s",
        "requests",
        "pushes",
        "errors",
    ]
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join(["---:"] * len(header)) + "|")
    for m in [0, *minutes]:
        rows = by_minute.get(m, [])
        counts = rec.counts.get(m, collections.Counter())
        label = "warm-up" if m == 0 else str(m)
        cells = [
            label,
            mib(rows[-1][1]) if rows else "–",
            cpu_share(m, 2),
            cpu_share(m, 3),
            *[cell(kind, m) for kind in KINDS],
            answered(m),
            str(counts["requests"]),
            str(counts["pushes"]),
            str(counts["errors"]),
        ]
        print("| " + " | ".join(cells) + " |")
    print()
    totals = collections.Counter()
    for m in minutes:
        totals.update(rec.counts.get(m, {}))
    print("in the soak minutes: " + ", ".join(f"{k} {v}" for k, v in sorted(totals.items())))
    print(
        f"server file descriptors / threads at the start of minute 1 and at the end: "
        f"{by_minute[1][0][4]} / {by_minute[1][0][5]} -> {rec.resources[-1][4]} / {rec.resources[-1][5]}"
    )
    print(f"keep-alive connections the server had closed, request resent: {Http.stale_retries}")
    print(f"agent events never answered by the end (after their 30 s): {soak.never_answered}")

    # --- verdict
    ok = True
    rss = {m: by_minute[m][-1][1] for m in minutes if by_minute.get(m)}
    base_m = 2 if 2 in rss else 1
    growth = rss[args.minutes] / rss[base_m] - 1
    memory_ok = growth <= 0.10
    ok &= memory_ok
    print()
    print(
        f"memory: {mib(rss[base_m])} MiB after minute {base_m}, {mib(rss[args.minutes])} MiB after minute "
        f"{args.minutes} ({growth:+.1%}); target at most +10 %: {'MET' if memory_ok else 'NOT MET'}"
    )
    for kind, title in KINDS.items():
        base = rec.samples[kind].get(1, [])
        if not base:
            print(f"{title}: no samples in minute 1")
            ok = False
            continue
        limit = pct(base, 0.95) * 1.2
        over = [
            (m, pct(v, 0.95))
            for m in minutes
            if (v := rec.samples[kind].get(m)) and pct(v, 0.95) > limit
        ]
        last = rec.samples[kind].get(args.minutes, [])
        last_p95 = f"{pct(last, 0.95):.0f} ms" if last else "no samples"
        verdict = (
            "MET"
            if not over
            else ("NOT MET in minutes " + ", ".join(f"{m} ({v:.0f} ms)" for m, v in over))
        )
        ok &= not over
        print(
            f"{title}: p95 {pct(base, 0.95):.0f} ms in minute 1, limit {limit:.0f} ms; last minute {last_p95}; "
            f"every minute within: {verdict}"
        )
    client_errors = sum(
        rec.counts.get(m, {}).get("errors", 0) for m in [0, *minutes, args.minutes + 1]
    )
    errors_ok = not client_errors and not log_errors and not db_problems
    ok &= errors_ok
    print(
        f"errors: {client_errors} seen by the clients (warm-up included), {len(log_errors)} error lines in the "
        f"server log, {len(db_problems)} database problems; target 0: {'MET' if errors_ok else 'NOT MET'}"
    )
    kinds = collections.Counter((m, kind) for m, kind, _ in rec.errors)
    for (m, kind), n in sorted(kinds.items()):
        example = next(d for mm, k, d in rec.errors if mm == m and k == kind)
        print(f"  minute {m}: {n} x {kind}, e.g. {example}")
    for line in log_errors[:20]:
        print(f"  log: {line}")
    for problem in db_problems:
        print(f"  database: {problem}")
    if warnings:
        print("server log warnings (not counted as errors):")
        for line, n in warnings.most_common(8):
            print(f"  {n} x {line}")
    return ok


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--minutes", type=int, default=10)
    parser.add_argument(
        "--warmup", type=float, default=90, help="seconds before minute 1 (ramp-up)"
    )
    parser.add_argument("--agents", type=int, default=30)
    parser.add_argument("--repliers", type=int, default=15, help="of the agents, those who reply")
    parser.add_argument("--visitors", type=int, default=200)
    parser.add_argument(
        "--message-every",
        default="60,180",
        help="a visitor's pause between messages, seconds MIN,MAX (uniform)",
    )
    parser.add_argument("--json", help="also write the raw per-minute samples here")
    args = parser.parse_args()
    args.message_every = tuple(float(x) for x in args.message_every.split(","))
    data_dir = Path(os.environ["INBOX_DATA_DIR"]).resolve()
    agents = ensure_agents(args.agents)
    api_key = make_api_key()
    secret = (data_dir / "jwt_secret").read_text().strip()
    log_path = data_dir / "soak-server.log"
    url, server = start_server(data_dir, log_path)
    commit = subprocess.run(
        ["git", "describe", "--always", "--dirty"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    print(
        f"server at {url} (code {commit}), log {log_path}; {args.agents} agents ({args.repliers} reply), "
        f"{args.visitors} visitors, a message every {args.message_every[0]:.0f}-{args.message_every[1]:.0f} s, "
        f"{args.warmup:.0f} s warm-up, then {args.minutes} minutes",
        flush=True,
    )
    soak = Soak(url, secret, agents, api_key, args)
    try:
        asyncio.run(soak.run(psutil.Process(server.pid)))
    finally:
        stopped = stop_server(server)
    log_errors, warnings = scan_log(log_path.read_text(errors="replace"))
    db_problems = check_database(data_dir, soak)
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {
                    "samples": soak.rec.samples,
                    "resources": soak.rec.resources,
                    "counts": soak.rec.counts,
                    "errors": soak.rec.errors,
                }
            )
        )
    ok = report(soak, log_errors, warnings, db_problems, args)
    if stopped is None:
        print(
            "the server did not stop within 30 s of SIGTERM: killed (SIGKILL); its threads' "
            f"stacks at that moment are at the end of {log_path}"
        )
        ok = False
    else:
        print(f"the server stopped {stopped:.1f} s after SIGTERM")
    print(f"\nverdict: {'every target met' if ok else 'NOT every target met'}")


if __name__ == "__main__":
    main()
