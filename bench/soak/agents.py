"""The soak's agents: dashboard tabs on Reflex's socket (hydrate, page loads, replies), and an
agent's token uploading files."""

from __future__ import annotations

import asyncio
import os
import random
import re
import time
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import quote

from bench.soak.clients import Http, ReflexSocket
from inbox_app.models.tables import utcnow
from inbox_app.security import signed_url
from inbox_app.state.auth import AuthState
from inbox_app.state.composer import ComposerState

if TYPE_CHECKING:
    from bench.soak.run import Soak

TOKEN_VAR = f"{AuthState.get_full_name()}.auth_token_rx_state_"
ROOT_STATE = "reflex___state____state"
HYDRATE = f"{ROOT_STATE}.hydrate_and_load"
UPDATE_VARS = f"{ROOT_STATE}.reflex___state____update_vars_internal_state.update_vars_internal"
ON_LOAD = f"{ROOT_STATE}.reflex___state____on_load_internal_state.on_load_internal"
SEND = f"{ComposerState.get_full_name()}.send"
TYPING = f"{ComposerState.get_full_name()}.note_typing"
HYDRATED = re.compile(r'"is_hydrated_rx_state_":\s*true')


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
        self.soak, self.agent_id, self.name = soak, agent_id, name
        self.jwt, self.replier = jwt, replier
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
