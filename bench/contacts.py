"""The contact directory at 50,000 contacts, server side: p50/p95 over N runs of each call.

export INBOX_DATA_DIR=/tmp/bench-contacts
.venv/bin/python -m inbox_app migrate
.venv/bin/python -m inbox_app seed-demo --conversations 100000 --messages-per-conversation 1
.venv/bin/python -m bench.contacts --runs 200

seed-demo makes a contact for every two conversations: 50,000 contacts, 100,000 conversations.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

from sqlmodel import Session, func, select

from bench.server_side import measure
from inbox_app.db import get_engine
from inbox_app.models.tables import Contact, Conversation, utcnow
from inbox_app.services.contacts.directory import PAGE_SIZE, list_contacts
from inbox_app.services.contacts.merging import merge_candidates


def cases(session: Session) -> dict[str, Callable[[int], object]]:
    def page(sort: str, *, descending: bool = False, search: str = ""):
        return lambda _n: list_contacts(
            session, search=search, sort=sort, descending=descending, limit=PAGE_SIZE, now=utcnow()
        )

    return {
        "first page, by name": page("name"),
        "first page, by last seen (newest first)": page("last_seen", descending=True),
        "first page, by conversations (most first)": page("conversations", descending=True),
        "search a common name (`lena`)": page("name", search="lena"),
        "search two words (`lena schmidt`)": page("name", search="lena schmidt"),
        "search part of an email (`example.org`, every contact)": page(
            "name", search="example.org"
        ),
        "search a rare word / no match": page("name", search="qzxv"),
        "merge picker, nothing typed": lambda _n: merge_candidates(
            session, search="", exclude_id=1, now=utcnow()
        ),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    with Session(get_engine(), expire_on_commit=False) as session:
        contacts = session.exec(select(func.count()).select_from(Contact)).one()
        chats = session.exec(select(func.count()).select_from(Conversation)).one()
        print(f"{contacts:,} contacts, {chats:,} conversations; {args.runs} runs each")
        print("| case | p50 | p95 | target (p95) |\n| --- | ---: | ---: | ---: |")
        for name, call in cases(session).items():
            call(0)  # warm: the first call compiles the statement
            p50, p95 = measure(args.runs, call)
            print(f"| {name} | {p50:.2f} | {p95:.2f} | 50 |")


if __name__ == "__main__":
    main()
