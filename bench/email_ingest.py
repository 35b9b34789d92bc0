"""Mail received over SMTP into SQLite: the built-in receiver and the storing path, in one
process as the app runs them (issue 11, speed). Every mail is sent once and a tenth again;
afterwards each must be stored exactly once.

    .venv/bin/python -m bench.email_ingest --mails 2000 --connections 8 --workers 2

A fresh migrated SQLite database in a temporary folder; half the mails answer an earlier one
(threading), half open new conversations. The senders are `--connections` processes, each
with one SMTP session; the clock runs from the first connection to the last `250`.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import smtplib
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from email.message import EmailMessage
from pathlib import Path

import psutil
from sqlalchemy import text
from sqlmodel import Session

from inbox_app.db import make_engine
from inbox_app.mail.receiver import MailHandler, serve
from inbox_app.migrations import upgrade_to_head
from inbox_app.services.language_detection import warm
from tests.mail_sink import free_port


def mail(n: int) -> bytes:
    message = EmailMessage()
    message["From"] = f"Customer {n % 300} <customer{n % 300}@example.net>"
    message["To"], message["Subject"] = "support@example.com", f"Question {n}"
    message["Message-ID"] = f"<bench-{n}@example.net>"
    if n % 2 and n > 1:
        message["In-Reply-To"] = f"<bench-{n - 1}@example.net>"
    message.set_content(f"Hello, this is mail {n}.\n\nOn Monday someone wrote:\n> earlier text\n")
    return bytes(message)


def send_all(port: int, numbers: list[int]) -> None:
    with smtplib.SMTP("127.0.0.1", port) as smtp:
        for n in numbers:
            smtp.sendmail(f"customer{n % 300}@example.net", ["support@example.com"], mail(n))


def receive(url: str, folder: Path, port: int, ready) -> None:
    """One worker's receiver (the app runs one in every worker, on one port: SO_REUSEPORT
    lets the kernel share the connections among them)."""
    engine = make_engine(url)
    handler = MailHandler(
        sessions=lambda: Session(engine, expire_on_commit=False),
        upload_dir=folder / "uploads",
        own_address="support@example.com",
    )
    # A worker that has been running has built its language detector (a few seconds of CPU,
    # once); without this the first mail of the run paid for it inside the measured time.
    warm()
    loop = asyncio.new_event_loop()
    loop.run_until_complete(serve(handler, host="127.0.0.1", port=port))
    ready.release()
    loop.run_forever()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mails", type=int, default=2000)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=1, help="receiver processes (workers)")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="email-ingest-"))
    url = f"sqlite:///{folder / 'inbox.db'}"
    upgrade_to_head(url)
    port, ready = free_port(), multiprocessing.Semaphore(0)
    workers = [
        multiprocessing.Process(target=receive, args=(url, folder, port, ready), daemon=True)
        for _ in range(args.workers)
    ]
    for worker in workers:
        worker.start()
    for _ in workers:
        ready.acquire(timeout=60)
    numbers = list(range(args.mails)) + list(range(0, args.mails, 10))  # a tenth twice
    shares = [numbers[i :: args.connections] for i in range(args.connections)]
    started = time.perf_counter()
    cpu = sum(_cpu(w.pid) for w in workers)
    # The sending servers are processes of their own, as they would be elsewhere.
    with ProcessPoolExecutor(args.connections) as pool:
        list(pool.map(send_all, [port] * len(shares), shares))
    seconds = time.perf_counter() - started
    cpu = sum(_cpu(w.pid) for w in workers) - cpu
    for worker in workers:
        worker.terminate()
    with make_engine(url).connect() as connection:
        stored = connection.execute(text("SELECT count(*) FROM email_message")).scalar() or 0
        unique = (
            connection.execute(
                text("SELECT count(DISTINCT rfc_message_id) FROM email_message")
            ).scalar()
            or 0
        )
    print(
        f"{len(numbers)} deliveries ({args.mails} mails) to {args.workers} worker(s) in "
        f"{seconds:.1f} s: {len(numbers) / seconds:.0f} deliveries/s; stored {stored}, unique "
        f"{unique}, lost {args.mails - unique}, duplicated {stored - unique}; the receivers' CPU "
        f"{cpu * 1000 / len(numbers):.1f} ms a delivery"
    )


def _cpu(pid: int | None) -> float:
    times = psutil.Process(pid).cpu_times()
    return times.user + times.system


if __name__ == "__main__":
    main()
