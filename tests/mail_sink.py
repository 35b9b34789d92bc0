"""A real SMTP server on loopback (aiosmtpd) standing in for the relay: it keeps what it is
given and answers what a test tells it to."""

from __future__ import annotations

import socket
from contextlib import contextmanager
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self) -> None:
        self.mails: list[EmailMessage] = []
        self.answer = "250 OK queued"

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802
        if self.answer.startswith("250"):
            self.mails.append(message_from_bytes(envelope.content, policy=policy.default))
        return self.answer


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def mail_sink(port: int | None = None):
    """(sink, port) while the server runs."""
    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=port or free_port())
    controller.start()
    try:
        yield sink, controller.port
    finally:
        controller.stop()
