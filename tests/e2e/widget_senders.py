"""Visitors who keep sending through the widget's HTTP API, and what the database kept of it.

Each visitor is a chat of its own (POST /api/widget/start) at an address of its own: the test's
loopback is a trusted proxy, so `X-Forwarded-For` names the client and every sender has its own
rate-limit budget. Each message has its own idempotency key; a sender records the sends that
were acknowledged (201 and an id) and the one that was not (the connection failed).
"""

from __future__ import annotations

import random
import socket
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import httpx
from sqlmodel import Session, select

from inbox_app.models.enums import MessageKind
from inbox_app.models.tables import Contact, Conversation, Message

# A rate-limit budget is a minute long: stay far below a visitor's 30 sends a minute, counting
# the retries after a crash (every acknowledged send is retried once too).
MAX_SENDS = 12


@dataclass
class Visitor:
    base_url: str
    name: str
    address: str  # the client's address, as the trusted proxy (the test) forwards it
    token: str = ""

    def headers(self) -> dict[str, str]:
        return {"X-Forwarded-For": self.address, "Authorization": f"Bearer {self.token}"}

    def start(self, client: httpx.Client) -> None:
        answer = client.post(
            f"{self.base_url}/api/widget/start",
            json={"name": self.name, "email": f"{self.name.lower()}@example.net"},
            headers={"X-Forwarded-For": self.address},
        )
        assert answer.status_code == 201, answer.text
        self.token = answer.json()["token"]

    def send(self, client: httpx.Client, key: str, body: str) -> httpx.Response:
        return client.post(
            f"{self.base_url}/api/widget/messages",
            json={"body": body, "key": key},
            headers=self.headers(),
        )


def start_visitors(base_url: str, count: int) -> list[Visitor]:
    """`count` chats, named and addressed afresh for this run (TEST-NET-2 addresses): keys and
    rate-limit budgets are this run's alone."""
    run = f"{random.randrange(16**6):06x}"
    octets = random.sample(range(1, 255), count)
    visitors = [
        Visitor(base_url, f"Sender{run}x{n}", address=f"198.51.100.{octet}")
        for n, octet in enumerate(octets)
    ]
    with httpx.Client(timeout=30) as client:
        for visitor in visitors:
            visitor.start(client)
    return visitors


@dataclass(eq=False)  # a thread: hashable, by identity
class Sender(threading.Thread):
    """Sends one message after another until told to stop or a send gets no 201."""

    visitor: Visitor
    stop: threading.Event
    acknowledged: dict[str, tuple[str, int]] = field(default_factory=dict)  # key: (body, id)
    unacknowledged: dict[str, str] = field(default_factory=dict)  # key: body
    failed: list[tuple[str, int, str]] = field(default_factory=list)  # key, status, text

    def __post_init__(self) -> None:
        threading.Thread.__init__(self, name=f"sender-{self.visitor.name}", daemon=True)

    def run(self) -> None:
        with httpx.Client(timeout=30) as client:
            for number in range(1, MAX_SENDS + 1):
                if self.stop.is_set():
                    return
                key = f"{self.visitor.name}-{number}"
                body = f"Message {number} from {self.visitor.name}"
                try:
                    answer = self.visitor.send(client, key, body)
                except httpx.TransportError:  # the server went away: no answer, maybe stored
                    self.unacknowledged[key] = body
                    return
                if answer.status_code != 201:  # a widget retries 5xx, and 408 and 429
                    self.unacknowledged[key] = body
                    self.failed.append((key, answer.status_code, answer.text))
                    return
                self.acknowledged[key] = (body, answer.json()["id"])

    def sent(self) -> dict[str, str]:
        """Every key this sender used, with its text."""
        return {key: body for key, (body, _) in self.acknowledged.items()} | self.unacknowledged


def total_acknowledged(senders: list[Sender]) -> int:
    return sum(len(sender.acknowledged) for sender in senders)


def wait_for(condition, *, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} did not happen within {timeout} s")
        time.sleep(0.005)


def port_is_free(base_url: str) -> bool:
    parts = urlsplit(base_url)
    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex((parts.hostname or "localhost", parts.port or 80)) != 0


def stored_messages(db: Session, visitors: list[Visitor]) -> list[Message]:
    """Every incoming message of these visitors' chats as stored now, read afresh: the chats
    are found by their contacts' names (the token does not say its conversation's id)."""
    db.expire_all()
    names = [visitor.name for visitor in visitors]
    chats = select(Conversation.id).join(Contact, Contact.id == Conversation.contact_id)
    return list(
        db.exec(
            select(Message)
            .where(Message.conversation_id.in_(chats.where(Contact.name.in_(names))))
            .where(Message.kind == MessageKind.incoming)
            .order_by(Message.id)
        )
    )
