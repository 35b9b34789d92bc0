"""A lean HTTP/1.1 keep-alive client for load tests: JSON in, JSON out, over asyncio streams.

httpx spends several times the server's CPU per request; on a 2-core machine the load
generator then measures itself. This one parses only what the inbox's JSON answers use
(a status line, headers, Content-Length) and refuses anything else loudly.
"""

from __future__ import annotations

import asyncio
import json
from urllib.parse import urlsplit


class Answer:
    def __init__(self, status: int, body: bytes) -> None:
        self.status_code, self.content = status, body

    def json(self):
        return json.loads(self.content)


class HttpPool:
    def __init__(self, base_url: str, *, size: int) -> None:
        parts = urlsplit(base_url)
        self.host, self.port = parts.hostname or "localhost", parts.port or 80
        self.size = size
        self._idle: asyncio.Queue = asyncio.Queue()

    async def __aenter__(self) -> HttpPool:
        for _ in range(self.size):
            self._idle.put_nowait(await asyncio.open_connection(self.host, self.port))
        return self

    async def __aexit__(self, *_exc) -> None:
        while not self._idle.empty():
            _reader, writer = self._idle.get_nowait()
            writer.close()

    async def post(self, path: str, *, json_body: dict, headers: dict[str, str] | None = None):
        body = json.dumps(json_body).encode()
        head = [
            f"POST {path} HTTP/1.1",
            f"Host: {self.host}:{self.port}",
            "Content-Type: application/json",
            f"Content-Length: {len(body)}",
        ]
        head += [f"{name}: {value}" for name, value in (headers or {}).items()]
        request = ("\r\n".join(head) + "\r\n\r\n").encode() + body
        reader, writer = await self._idle.get()
        try:
            writer.write(request)
            answer = await _read_answer(reader)
        except BaseException:  # a broken connection is replaced, never reused
            writer.close()
            self._idle.put_nowait(await asyncio.open_connection(self.host, self.port))
            raise
        self._idle.put_nowait((reader, writer))
        return answer


async def _read_answer(reader: asyncio.StreamReader) -> Answer:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    fields = {
        k.strip().lower(): v.strip() for k, _, v in (x.partition(":") for x in lines[1:] if x)
    }
    if "content-length" not in fields:
        raise ValueError(f"answer without Content-Length: {lines[0]}")
    return Answer(status, await reader.readexactly(int(fields["content-length"])))
