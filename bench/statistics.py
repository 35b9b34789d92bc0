"""Statistics timings on a big database: p50/p95 of the whole Statistics page's figures
(statistics_report: totals, per agent/group/channel, per day, busiest hours) for the last 30
days and the last year, without and with a filter.

export INBOX_DATA_DIR=/tmp/bench_statistics
.venv/bin/python -m inbox_app migrate
.venv/bin/python -m inbox_app create-agent ...   (optional: agents and groups to spread rows)
.venv/bin/python -m inbox_app seed-demo --conversations 100000 --messages-per-conversation 10 \
    --spread-days 365
.venv/bin/python -m bench.statistics --runs 50
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date, timedelta

from sqlmodel import Session, func, select

from bench.server_side import measure
from inbox_app.db import get_engine
from inbox_app.models.statistics_tables import ConversationFact
from inbox_app.models.tables import Conversation, Message
from inbox_app.services.statistics.periods import Period
from inbox_app.services.statistics.report import statistics_report
from inbox_app.services.statistics.sql import Filters

ZONE = "Europe/Berlin"


def cases(session: Session, today: date) -> dict[str, Callable[[int], object]]:
    def report(days: int, filters: Filters):
        period = Period(today - timedelta(days=days - 1), today, ZONE)
        return lambda _n: statistics_report(session, period=period, filters=filters)

    chat = Filters(channel="chat")
    return {
        "last 30 days": report(30, Filters()),
        "last 30 days, chat only": report(30, chat),
        "last 365 days": report(365, Filters()),
        "last 365 days, chat only": report(365, chat),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    with Session(get_engine(), expire_on_commit=False) as session:

        def count(table) -> int:
            return session.exec(select(func.count()).select_from(table)).one()

        print(
            f"{count(Conversation)} conversations, {count(Message)} messages,"
            f" {count(ConversationFact)} facts; {args.runs} runs each; ms"
        )
        print(f"{'case':30} {'p50':>8} {'p95':>8}")
        for name, call in cases(session, date.today()).items():
            call(0)  # warm the page cache once
            p50, p95 = measure(args.runs, call)
            print(f"{name:30} {p50:8.2f} {p95:8.2f}")


if __name__ == "__main__":
    main()
