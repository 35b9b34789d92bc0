"""Lean asyncio clients for the soak benchmark: one keep-alive HTTP/1.1 connection, and a
Socket.IO (Engine.IO 4) client over a plain WebSocket, as a dashboard tab speaks to Reflex.

Both run in the benchmark's one event loop: on a 2-core machine shared with the server, a
thread per socket (python-socketio's sync client) or httpx would make the load generator
measure itself (see bench/http_pool.py). They understand only what the inbox sends: JSON or
static files with Content-Length or chunked bodies; WebSocket text frames without compression.
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
import time
from collections.abc import Callable
from urllib.parse import urlsplit


class Answer:
    def __init__(self, status: int, body: bytes) -> None:
        self.status_code, self.content = status, body

    def json(self):
        return json.loads(self.content)


class StaleConnection(Exception):
    """A reused keep-alive connection the server had closed before our request reached it."""


class Http:
    """One keep-alive connection, one request at a time, like one of a browser's connections.
    A request on a reused connection that the server closed meanwhile (nothing read back) is
    sent once more on a new one, as browsers do; `stale_retries` counts those."""

    stale_retries = 0

    def __init__(self, base_url: str) -> None:
        parts = urlsplit(base_url)
        self.host, self.port = parts.hostname or "localhost", parts.port or 80
        self._streams: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None
        self._lock = asyncio.Lock()

    async def close(self) -> None:
        if self._streams is not None:
            self._streams[1].close()
            self._streams = None

    async def request(
        self,
        method: str,
        path: str,
        *,
        json_body=None,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
        timeout: float = 60,
    ) -> Answer:
        if json_body is not None:
            body = json.dumps(json_body).encode()
            headers = {"Content-Type": "application/json", **(headers or {})}
        head = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}"]
        head += [f"{name}: {value}" for name, value in (headers or {}).items()]
        if body is not None or method == "POST":
            head.append(f"Content-Length: {len(body or b'')}")
        raw = ("\r\n".join(head) + "\r\n\r\n").encode() + (body or b"")
        async with self._lock:
            try:
                return await asyncio.wait_for(self._exchange(raw), timeout)
            except StaleConnection:
                Http.stale_retries += 1
                return await asyncio.wait_for(self._exchange(raw), timeout)
            except BaseException:
                await self.close()  # a connection in an unknown state is never reused
                raise

    async def _exchange(self, raw: bytes) -> Answer:
        reused = self._streams is not None and not self._streams[0].at_eof()
        if not reused:
            await self.close()
            self._streams = await asyncio.open_connection(self.host, self.port)
        reader, writer = self._streams
        writer.write(raw)
        try:
            await writer.drain()
            head = await reader.readuntil(b"\r\n\r\n")
        except (ConnectionResetError, BrokenPipeError, asyncio.IncompleteReadError) as error:
            await self.close()
            partial = getattr(error, "partial", b"")
            if reused and not partial:
                raise StaleConnection from error
            raise
        answer, keep = await _read_rest(reader, head)
        if not keep:
            await self.close()
        return answer


async def _read_rest(reader: asyncio.StreamReader, head: bytes) -> tuple[Answer, bool]:
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    fields = {
        k.strip().lower(): v.strip() for k, _, v in (x.partition(":") for x in lines[1:] if x)
    }
    keep = fields.get("connection", "").lower() != "close"
    if "content-length" in fields:
        body = await reader.readexactly(int(fields["content-length"]))
    elif fields.get("transfer-encoding", "").lower() == "chunked":
        parts = []
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            parts.append(await reader.readexactly(size + 2))
            if size == 0:
                break
        body = b"".join(p[:-2] for p in parts)
    elif status in (204, 304) or 100 <= status < 200:
        body = b""
    else:
        raise ValueError(f"answer without a length: {lines[0]}")
    return Answer(status, body), keep


def _mask(data: bytes, key: bytes) -> bytes:
    n = len(data)
    if not n:
        return data
    repeated = (key * (n // 4 + 1))[:n]
    return (int.from_bytes(data, "big") ^ int.from_bytes(repeated, "big")).to_bytes(n, "big")


class ReflexSocket:
    """A dashboard tab's socket: Engine.IO 4 over a WebSocket, the Socket.IO namespace
    `/_event`, events in and state updates out. `on_frame(text, arrived)` sees every update as
    the raw JSON text of its Socket.IO packet, stamped with time.perf_counter() on arrival."""

    NAMESPACE = "/_event"

    def __init__(
        self,
        base_url: str,
        client_token: str,
        on_frame: Callable[[str, float], None],
        on_closed: Callable[[str], None],
    ) -> None:
        parts = urlsplit(base_url)
        self.host, self.port, self.base_url = (
            parts.hostname or "localhost",
            parts.port or 80,
            base_url,
        )
        self.client_token = client_token
        self.on_frame, self.on_closed = on_frame, on_closed
        self._writer: asyncio.StreamWriter | None = None
        self._reader_task: asyncio.Task | None = None
        self._connected = asyncio.Event()
        self.closing = False

    async def connect(self, timeout: float = 30) -> None:
        reader, writer = await asyncio.open_connection(self.host, self.port)
        key = base64.b64encode(os.urandom(16)).decode()
        path = f"{self.NAMESPACE}/?token={self.client_token}&EIO=4&transport=websocket"
        writer.write(
            (
                f"GET {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\nUpgrade: websocket\r\n"
                f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
                f"Origin: {self.base_url}\r\n\r\n"
            ).encode()
        )
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), timeout)
        status_line = head.split(b"\r\n", 1)[0]
        if b" 101 " not in status_line:
            writer.close()
            raise ConnectionError(f"WebSocket refused: {status_line!r}")
        self._writer = writer
        self._reader_task = asyncio.create_task(self._read_loop(reader))
        await asyncio.wait_for(self._connected.wait(), timeout)

    async def close(self) -> None:
        self.closing = True
        if self._writer is not None:
            try:
                self._send_text(f"41{self.NAMESPACE},")
                self._send_frame(0x8, b"\x03\xe8")
                await self._writer.drain()
            except (ConnectionError, RuntimeError):
                pass
            self._writer.close()
        if self._reader_task is not None:
            self._reader_task.cancel()

    def emit(self, name: str, payload: dict, path: str) -> None:
        event = {
            "token": self.client_token,
            "name": name,
            "payload": payload,
            "router_data": {"pathname": path, "query": {}, "asPath": path},
        }
        self._send_text(f"42{self.NAMESPACE}," + json.dumps(["event", event]))

    def _send_text(self, text: str) -> None:
        self._send_frame(0x1, text.encode())

    def _send_frame(self, opcode: int, data: bytes) -> None:
        if self._writer is None or self._writer.is_closing():
            raise ConnectionError("socket closed")
        n, key = len(data), os.urandom(4)
        if n < 126:
            head = bytes([0x80 | opcode, 0x80 | n])
        elif n < 1 << 16:
            head = bytes([0x80 | opcode, 0x80 | 126]) + n.to_bytes(2, "big")
        else:
            head = bytes([0x80 | opcode, 0x80 | 127]) + n.to_bytes(8, "big")
        self._writer.write(head + key + _mask(data, key))

    async def _read_loop(self, reader: asyncio.StreamReader) -> None:
        reason = "closed by the server"
        try:
            message: list[bytes] = []
            while True:
                b1, b2 = await reader.readexactly(2)
                opcode, n = b1 & 0x0F, b2 & 0x7F
                if n == 126:
                    n = int.from_bytes(await reader.readexactly(2), "big")
                elif n == 127:
                    n = int.from_bytes(await reader.readexactly(8), "big")
                key = await reader.readexactly(4) if b2 & 0x80 else b""
                data = await reader.readexactly(n)
                if key:
                    data = _mask(data, key)
                if opcode == 0x8:
                    break
                if opcode == 0x9:
                    self._send_frame(0xA, data)
                    continue
                if opcode == 0xA:
                    continue
                message.append(data)
                if not b1 & 0x80:
                    continue  # more fragments follow
                text, message = b"".join(message).decode(), []
                self._on_packet(text, time.perf_counter())
        except asyncio.CancelledError:
            raise
        except (asyncio.IncompleteReadError, ConnectionError) as error:
            reason = f"connection lost: {error!r}"
        except Exception as error:  # a bug here must show, not hang the agent
            reason = f"client failure: {error!r}"
        if not self.closing:
            self.on_closed(reason)

    def _on_packet(self, text: str, arrived: float) -> None:
        kind = text[:1]
        if kind == "2":  # Engine.IO ping: answer at once or the server drops us
            self._send_text("3" + text[1:])
        elif kind == "4":
            body = text[1:]
            if body.startswith("2"):
                self.on_frame(body, arrived)
            elif body.startswith("0"):
                self._connected.set()
            elif body.startswith("4"):
                self.on_closed(f"connect refused: {body[:200]}")
            elif body.startswith("1"):
                self.on_closed("namespace disconnected by the server")
        elif kind == "0":  # Engine.IO open: join the namespace
            self._send_text(f"40{self.NAMESPACE},")
        elif kind == "1":
            self.on_closed("Engine.IO close from the server")
