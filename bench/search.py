"""Full-text search timings on a big database: p50/p95 over N runs of each search.

export INBOX_DATA_DIR=/tmp/bench_search
.venv/bin/python -m inbox_app migrate
.venv/bin/python -m inbox_app seed-demo --conversations 100000 --messages-per-conversation 10
.venv/bin/python -m bench.search --runs 200
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

from sqlmodel import Session, func, select

from bench.server_side import measure
from inbox_app.db import get_engine
from inbox_app.models.enums import Channel, ConversationState
from inbox_app.models.tables import Contact, Conversation, Message
from inbox_app.services.search.fulltext import search_hits

OPEN_EMAIL = (Conversation.state == ConversationState.open) & (
    Conversation.channel == Channel.email
)


def rare_word(session: Session) -> str:
    """The numbered part of the newest contact's address (e.g. 'müller123'): a few contacts."""
    email = session.exec(select(Contact.email).order_by(Contact.id.desc())).first() or "nobody"
    return email.split("@")[0].split(".")[-1]


def cases(session: Session) -> dict[str, Callable[[int], object]]:
    def search(words: str, where=None):
        return lambda _n: search_hits(session, text=words, where=where)

    rare = rare_word(session)
    return {
        "common word 'order' (136k messages)": search("order"),
        f"rare word '{rare}'": search(rare),
        "very common 'the' (323k messages)": search("the"),
        "two words 'tracking numb'": search("tracking numb"),
        "short prefix 'th'": search("th"),
        "'paypal', open email only": search("paypal", OPEN_EMAIL),
        "no match 'xylophone'": search("xylophone"),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    with Session(get_engine(), expire_on_commit=False) as session:
        conversations = session.exec(select(func.count()).select_from(Conversation)).one()
        messages = session.exec(select(func.max(Message.id))).one()
        print(f"{conversations} conversations, ~{messages} messages; {args.runs} runs each; ms")
        print(f"{'case':44} {'hits':>5} {'p50':>8} {'p95':>8}")
        for name, call in cases(session).items():
            hits = len(call(0))
            p50, p95 = measure(args.runs, call)
            print(f"{name:44} {hits:5} {p50:8.2f} {p95:8.2f}")


if __name__ == "__main__":
    main()
