"""Server-side timings on a big database: p50/p95 over N runs of each service call.

INBOX_DATA_DIR=/tmp/bench .venv/bin/python -m inbox_app migrate
INBOX_DATA_DIR=/tmp/bench .venv/bin/python -m inbox_app seed-demo --conversations 100000 --messages-per-conversation 10
INBOX_DATA_DIR=/tmp/bench .venv/bin/python -m bench.organise_data   # labels, priorities, snoozes
INBOX_DATA_DIR=/tmp/bench .venv/bin/python -m bench.server_side --runs 200
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from datetime import timedelta

from sqlmodel import Session, func, select

from inbox_app.db import get_engine
from inbox_app.models.enums import MessageKind
from inbox_app.models.tables import Agent, Conversation, Label, utcnow
from inbox_app.services.conversations import attention, messages, overdue
from inbox_app.services.conversations import listing as conversation_list
from inbox_app.services.conversations.listing import PAGE_SIZE
from inbox_app.services.conversations.opening import open_conversation
from inbox_app.services.conversations.snooze import wake_due
from inbox_app.services.conversations.views import parse_view

MISSED_AFTER = timedelta(seconds=30)


def measure(runs: int, call: Callable[[int], object]) -> tuple[float, float]:
    samples = []
    for n in range(runs):
        started = time.perf_counter()
        call(n)
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1]


def cases(session: Session, agent_id: int, top_id: int) -> dict[str, Callable[[int], object]]:
    label_id = session.exec(select(Label.id)).first() or 0

    def first_page(slug: str, **options):
        query = conversation_list.ListQuery(view=parse_view(slug), **options)
        return lambda _n: conversation_list.list_cards(
            session, query=query, viewer_id=agent_id, now=utcnow(), missed_after=MISSED_AFTER
        )

    def next_page(pages_before: int):
        """The page after the last card of `pages_before` pages of All messages."""
        view = parse_view("all")
        shown = conversation_list.ListQuery(view=view, limit=pages_before * PAGE_SIZE)
        cards = conversation_list.list_cards(
            session, query=shown, viewer_id=agent_id, now=utcnow(), missed_after=MISSED_AFTER
        )
        query = conversation_list.ListQuery(view=view, after_id=cards[-1].id)
        return lambda _n: conversation_list.list_cards(
            session, query=query, viewer_id=agent_id, now=utcnow(), missed_after=MISSED_AFTER
        )

    def reply(n: int):
        messages.post_agent_message(
            session,
            agent_id=agent_id,
            conversation_id=top_id - n % 1000,
            kind=MessageKind.reply,
            body=f"bench reply {n}",
            now=utcnow(),
        )

    return {
        "first page, All messages": first_page("all"),
        "first page, Unassigned": first_page("unassigned"),
        "first page, My messages": first_page("mine"),
        "first page, All, by priority": first_page("all", by_priority=True),
        "first page, All, one label": first_page("all", label_id=label_id),
        "first page, Snoozed": first_page("snoozed"),
        "snooze clock tick (nothing due)": lambda _n: wake_due(session, now=utcnow()),
        "navigation counts": lambda _n: conversation_list.nav_counts(session, viewer_id=agent_id),
        "attention counts (the rail)": lambda _n: attention.attention_counts(
            session, viewer_id=agent_id, now=utcnow(), missed_after=MISSED_AFTER
        ),
        "Load more, page 2 (keyset)": next_page(1),
        "Load more, page 100 (keyset)": next_page(99),
        # a live change re-reads every card a tab has loaded (they must stay right)
        "live refresh, 10 pages loaded": first_page("all", limit=10 * PAGE_SIZE),
        "live refresh, 100 pages loaded": first_page("all", limit=100 * PAGE_SIZE),
        "attention clock tick (nothing due)": lambda _n: overdue.flag_due(
            session, now=utcnow(), threshold=MISSED_AFTER
        ),
        "open conversation (last 50 messages)": lambda n: open_conversation(
            session,
            agent_id=agent_id,
            conversation_id=top_id - n * 97 % 90_000,
            view_slug="all",
            now=utcnow(),
        ),
        "store a reply": reply,
    }


def wait_again(session: Session, *, top_id: int, count: int) -> int:
    """Contacts of the newest conversations write now: the rail reads them by due_at."""
    for n in range(count):
        messages.post_incoming(
            session, conversation_id=top_id - 2000 - n, body="Are you there?", now=utcnow()
        )
    return count


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--waiting", type=int, default=200, help="contacts writing right now")
    args = parser.parse_args()
    with Session(get_engine(), expire_on_commit=False) as session:
        agent_id = (
            session.exec(select(Agent.id).where(Agent.email == "anna@example.com")).first() or 1
        )
        total = session.exec(select(func.count()).select_from(Conversation)).one()
        top_id = session.exec(select(func.max(Conversation.id))).one()
        # the first tick after migration 0021 flags every overdue conversation (one statement)
        overdue.flag_due(session, now=utcnow(), threshold=MISSED_AFTER)
        waiting = wait_again(session, top_id=top_id, count=args.waiting)
        print(f"{total} conversations ({waiting} waiting); {args.runs} runs each; times in ms")
        print(f"{'case':40} {'p50':>8} {'p95':>8}")
        for name, call in cases(session, agent_id, top_id).items():
            p50, p95 = measure(args.runs, call)
            print(f"{name:40} {p50:8.2f} {p95:8.2f}")


if __name__ == "__main__":
    main()
