"""The soak's visitors: what widget.js and the panel do, from the static files to leaving."""

from __future__ import annotations

import asyncio
import random
import re
import time
import uuid
from typing import TYPE_CHECKING
from urllib.parse import quote

from bench.soak.clients import Http
from inbox_app.security import read_visitor_token

if TYPE_CHECKING:
    from bench.soak.run import Soak

REPLY_TEXT = re.compile(r"agent-reply ([0-9a-f]{10})")


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

    async def post(self, kind: str, path: str, body: dict, *, expect: int):
        """A POST of the panel's, with the visitor's token."""
        return await self.soak.call(
            self.short, kind, "POST", path, expect=(expect,), json_body=body, headers=self.auth()
        )

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
            await self.post("typing", "/api/widget/typing", {"typing": True}, expect=204)
            await asyncio.sleep(pause)
        text_id, key = uuid.uuid4().hex[:10], uuid.uuid4().hex
        body = {"body": f"visitor-msg {text_id} question {n}: where is my order?", "key": key}
        started = time.perf_counter()
        soak.pending_pushes[text_id] = started
        answer = await self.post("send", "/api/widget/messages", body, expect=201)
        if answer is None:
            soak.pending_pushes.pop(text_id, None)
            return
        soak.rec.sample("send", started, time.perf_counter() - started)
        soak.rec.count("visitor messages")
        message_id = answer.json()["id"]
        soak.acked_visitor_ids.add(message_id)
        if random.random() < 0.05:  # the answer was lost on the way: the panel sends it again
            again = await self.post("send", "/api/widget/messages", body, expect=201)
            soak.rec.count("resent")
            if again is not None and again.json()["id"] != message_id:
                soak.rec.error(
                    "idempotency",
                    f"key {key}: id {again.json()['id']} for a resend of {message_id}",
                )
        soak.waiting.setdefault(self.conversation_id, started)
        await self.fetch_new(0)
