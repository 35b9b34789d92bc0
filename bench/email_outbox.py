"""Mail through the durable outbox to a local relay (an aiosmtpd sink on loopback), as the
app's sender loop sends it: rounds of up to BATCH mails at once, one after the other while
rounds come back full (issue 11, speed: ≥ 100 mails/s). Afterwards every mail must be at the
sink exactly once and marked `sent`.

    .venv/bin/python -m bench.email_outbox --mails 2000

A fresh migrated SQLite database in a temporary folder; each mail is a `New email` by an agent
(its own contact, conversation, message and outbox row), queued before the clock starts. The
relay is an aiosmtpd server in a process of its own, as a real relay would be: it writes each
mail's Message-ID to a file, read afterwards.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import tempfile
import time
from email import policy
from email.parser import BytesParser
from pathlib import Path

from aiosmtpd.controller import Controller
from sqlalchemy import text
from sqlmodel import Session

from inbox_app.db import make_engine
from inbox_app.mail.config import MailSettings, Relay
from inbox_app.mail.sender import BATCH, send_round
from inbox_app.migrations import upgrade_to_head
from inbox_app.models.tables import utcnow
from inbox_app.services.conversations.start import start_outgoing_email
from inbox_app.services.email.outgoing import queue_first_mail
from inbox_app.services.team.agents import create_agent
from tests.mail_sink import free_port


def queue(engine, mails: int) -> None:
    with Session(engine, expire_on_commit=False) as session:
        agent = create_agent(session, email="anna@example.com", password="password-1", name="A")
        for n in range(mails):
            conversation_id = start_outgoing_email(
                session,
                actor=agent,
                to_email=f"customer{n}@example.net",
                subject=f"Your order {n}",
                body=f"Hello, your order {n} **left** today.\n\nKind regards",
                now=utcnow(),
            )
            queue_first_mail(
                session, conversation_id=conversation_id, domain="example.com", now=utcnow()
            )


async def drain(engine, mail: MailSettings, upload_dir: Path) -> int:
    """The sender loop's rounds until one comes back short; how many rounds it took."""
    rounds = 0
    while True:
        rounds += 1
        done = await send_round(
            sessions=lambda: Session(engine, expire_on_commit=False),
            mail=mail,
            upload_dir=upload_dir,
        )
        if done.claimed < BATCH:
            return rounds


class _Keep:
    def __init__(self, path: Path) -> None:
        self.path = path

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802
        headers = BytesParser(policy=policy.compat32).parsebytes(envelope.content, headersonly=True)
        with self.path.open("a") as ids:
            ids.write(f"{headers['Message-ID']}\n")
        return "250 OK"


def _relay(port: int, path: Path, ready) -> None:
    Controller(_Keep(path), hostname="127.0.0.1", port=port).start()
    ready.set()
    time.sleep(3600)  # until the benchmark ends it


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mails", type=int, default=2000)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="email-outbox-"))
    url = f"sqlite:///{folder / 'inbox.db'}"
    upgrade_to_head(url)
    engine = make_engine(url)
    queue(engine, args.mails)
    port, received = free_port(), folder / "received.txt"
    received.touch()
    ready = multiprocessing.Event()
    relay = multiprocessing.Process(target=_relay, args=(port, received, ready), daemon=True)
    relay.start()
    ready.wait(30)
    mail = MailSettings(
        mail_from="Support <support@example.com>",
        smtp_port=None,
        smtp_host="127.0.0.1",
        relay=Relay(host="127.0.0.1", port=port),
    )
    started, cpu = time.perf_counter(), time.process_time()
    rounds = asyncio.run(drain(engine, mail, folder / "uploads"))
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    relay.terminate()
    with engine.connect() as connection:
        sent = connection.execute(
            text("SELECT count(*) FROM outbox_email WHERE status = 'sent'")
        ).scalar()
    ids = received.read_text().split()
    print(
        f"{args.mails} mails in {seconds:.1f} s ({rounds} rounds of up to {BATCH}): "
        f"{args.mails / seconds:.0f} mails/s; at the sink {len(ids)}, distinct {len(set(ids))}, "
        f"marked sent {sent}, lost {args.mails - len(set(ids))}, "
        f"duplicated {len(ids) - len(set(ids))}; the sender's own CPU "
        f"{cpu * 1000 / args.mails:.1f} ms a mail (one free core: {args.mails / cpu:.0f}/s)"
    )


if __name__ == "__main__":
    main()
