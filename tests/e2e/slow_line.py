"""A slow line between the browser and the server: a loopback TCP forwarder that passes the
browser's bytes on at a fixed rate (answers go back at full speed), and counts them.

Chromium's own throttling (DevTools' emulateNetworkConditions) cannot stand in for it: an
upload aborted under it keeps going inside the browser and reaches the server whole once the
throttle is lifted, which no real connection does. Here, as on a real line, a stopped upload
ends its connection: the server gets what the browser had handed to the system, then the end.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

_CHUNK = 8192
_WINDOW = 16384  # the forwarder's receive buffer: the browser's bytes wait on its side


@dataclass
class Passage:
    """One connection through the line: the browser's bytes passed on, and whether it ended."""

    sent: int = 0
    ended: threading.Event = field(default_factory=threading.Event)


@dataclass
class SlowLine:
    url: str
    passages: list[Passage] = field(default_factory=list)

    def busiest(self) -> Passage:
        return max(self.passages, key=lambda passage: passage.sent)


def _close(*sockets: socket.socket) -> None:
    for each in sockets:
        with contextlib.suppress(OSError):
            each.close()


def _pump(source: socket.socket, target: socket.socket, rate: float | None, passage: Passage):
    """Copy until either side ends; then both are closed, dropping anything not yet passed on."""
    try:
        while data := source.recv(_CHUNK):
            target.sendall(data)
            if rate:
                passage.sent += len(data)
                time.sleep(len(data) / rate)
    except OSError:
        pass
    finally:
        _close(source, target)
        passage.ended.set()


def _serve(listener: socket.socket, line: SlowLine, upstream_port: int, rate: float) -> None:
    while True:
        try:
            browser_side, _ = listener.accept()
        except OSError:
            return  # the line was taken down
        server_side = socket.create_connection(("127.0.0.1", upstream_port))
        passage = Passage()
        line.passages.append(passage)
        for args in (
            (browser_side, server_side, rate, passage),
            (server_side, browser_side, None, passage),
        ):
            threading.Thread(target=_pump, args=args, daemon=True).start()


@contextlib.contextmanager
def slow_line(*, upstream_port: int, bytes_per_second: float) -> Iterator[SlowLine]:
    """The line (its base URL is http://127.0.0.1:<port>) while it runs."""
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, _WINDOW)  # inherited on accept
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    line = SlowLine(url=f"http://127.0.0.1:{listener.getsockname()[1]}")
    threading.Thread(
        target=_serve, args=(listener, line, upstream_port, bytes_per_second), daemon=True
    ).start()
    try:
        yield line
    finally:
        _close(listener)
