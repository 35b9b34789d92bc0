"""The soak's run: agents, visitors, the REST integration and a health monitor together, with
the bookkeeping they share (chats waiting for a reply, replies on their way)."""

from __future__ import annotations

import asyncio
import collections
import random
import re
import time
from datetime import timedelta

import psutil

from bench.soak import canary
from bench.soak.agents import Agent, upload_and_fetch
from bench.soak.clients import Http
from bench.soak.recorder import Recorder
from bench.soak.rest import rest_bot
from bench.soak.visitors import Visitor
from inbox_app.security import issue_token

VISITOR_TEXT = re.compile(r"visitor-msg ([0-9a-f]{10})")


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
            asyncio.create_task(canary.record(self.rec)),
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
