"""The costliest message bodies to render, and threads made of them, with a cold cache.

.venv/bin/python -m bench.worst_markdown --runs 30

Needs no server and no data: it migrates a throwaway SQLite database in a temporary folder.
Every run renders bodies nobody rendered before (a run number in front), so no cache helps.
Each conversation is opened twice: the first time (cold), then again (warm). Times are CPU
time of this process (what a request costs the server, whatever else the machine runs); a max
far above the p95 is a garbage collection of the whole process, not the rendering.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sqlmodel import Session

from inbox_app.db import make_engine
from inbox_app.migrations import upgrade_to_head
from inbox_app.models.enums import Channel, MessageKind
from inbox_app.models.tables import Contact, utcnow
from inbox_app.services.conversations.messages import post_agent_message, post_incoming
from inbox_app.services.conversations.opening import open_conversation
from inbox_app.services.conversations.start import start_conversation
from inbox_app.services.rendering import markdown_to_html
from inbox_app.services.team.agents import create_agent

WIDGET_LIMIT = 5000  # the longest body the chat widget accepts
THREAD = 30
# Each pattern repeated to 5,000 characters: the constructs that cost the parser the most per
# character (links and images that never close, emphasis runs, one block a line, nesting).
WORST = {
    "![ repeated": "![",
    "[ repeated": "[",
    "[! repeated": "[!",
    "![]( repeated": "![](",
    "[a]( repeated": "[a](",
    "*a repeated": "*a",
    "*_ repeated": "*_",
    "**a repeated": "**a",
    "~~a repeated": "~~a",
    "`a repeated": "`a",
    "& repeated": "&",
    "one heading a line (#)": "#\n",
    "one paragraph a line": "a\n\n",
    "one list item a line": "- a\n",
    "a bold list item a line": "- **a**\n",
    "a link definition a line": "[a]: b\n",
    "a line each": "a\n",
    "blank lines": "\n",
    "quotes 19 deep a line": "> " * 19 + "a\n",
}
_ROOT = Path(__file__).resolve().parent.parent
# Ordinary text of the same length, for scale.
ORDINARY = {
    "README.md (a document)": (_ROOT / "README.md").read_text(),
    "list items with bold": "".join(f"- item number {i} with **bold**\n" for i in range(200)),
}


def worst_body(pattern: str, *, run: int) -> str:
    """`pattern` to the widget's limit, made unique by the run number in front."""
    return (f"{run} " + pattern * (WIDGET_LIMIT // len(pattern) + 1))[:WIDGET_LIMIT]


def amplified_body(*, run: int) -> str:
    """One long link definition used many times: small input, large output."""
    definition = f"[a]: https://example.com/{run}/{'x' * 2000}\n\n"
    return (definition + "[a] " * WIDGET_LIMIT)[:WIDGET_LIMIT]


def timed(call: Callable[[], object]) -> float:
    started = time.process_time()
    call()
    return (time.process_time() - started) * 1000


def summary(samples: list[float]) -> str:
    samples = sorted(samples)
    p95 = samples[max(0, int(len(samples) * 0.95) - 1)]
    return f"{statistics.median(samples):8.2f} {p95:8.2f} {samples[-1]:8.2f}"


def single_renders(runs: int) -> None:
    print(f"one body of {WIDGET_LIMIT:,} characters, cold cache; ms (visitor | signed-in agent)")
    print(f"{'input':32} {'p50':>8} {'p95':>8} {'max':>8} | {'p50':>8} {'p95':>8} {'max':>8}")
    cases = {name: (lambda n, p=pattern: worst_body(p, run=n)) for name, pattern in WORST.items()}
    cases["one long link definition, reused"] = lambda n: amplified_body(run=n)
    for name, text in ORDINARY.items():
        cases[f"for scale: {name}"] = lambda n, t=text: (f"{n} " + t)[:WIDGET_LIMIT]
    for name, body_of in cases.items():
        figures = [summary(renders(body_of, runs=runs, by_agent=a)) for a in (False, True)]
        print(f"{name:32} {' | '.join(figures)}")


def renders(body_of: Callable[[int], str], *, runs: int, by_agent: bool) -> list[float]:
    return [timed(lambda n=n: markdown_to_html(body_of(n), by_agent=by_agent)) for n in range(runs)]


def thread_loads(runs: int, pattern: str, *, by_agent: bool) -> None:
    """Open conversations of THREAD worst messages each: first (cold), then again (warm)."""
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'inbox.db'}"
        upgrade_to_head(url)
        engine = make_engine(url)
        with Session(engine, expire_on_commit=False) as session:
            agent = create_agent(session, email="anna@example.com", password="bench-password")
            ids = []
            for run in range(runs):
                contact = Contact(name=f"Visitor {run}")
                session.add(contact)
                session.commit()
                conversation = start_conversation(
                    session, contact_id=contact.id, channel=Channel.chat, now=utcnow()
                )
                for n in range(THREAD):
                    body = worst_body(pattern, run=run * THREAD + n)
                    if by_agent:
                        post_agent_message(
                            session,
                            agent_id=agent.id,
                            conversation_id=conversation.id,
                            kind=MessageKind.reply,
                            body=body,
                            now=utcnow(),
                        )
                    else:
                        post_incoming(
                            session, conversation_id=conversation.id, body=body, now=utcnow()
                        )
                ids.append(conversation.id)

            def open_(conversation_id: int) -> None:
                open_conversation(
                    session,
                    agent_id=agent.id,
                    conversation_id=conversation_id,
                    view_slug="all",
                    now=utcnow(),
                )

            cold, warm = [], []
            for conversation_id in ids:
                cold.append(timed(lambda i=conversation_id: open_(i)))
                warm.append(timed(lambda i=conversation_id: open_(i)))
        engine.dispose()
    label = f"{THREAD} x '{pattern.strip()}' by {'an agent' if by_agent else 'a visitor'}"
    print(f"{label + ', cold':40} {summary(cold)}")
    print(f"{label + ', warm':40} {summary(warm)}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    single_renders(args.runs)
    print(f"\nopening a conversation (open_conversation), {args.runs} conversations; ms")
    print(f"{'case':40} {'p50':>8} {'p95':>8} {'max':>8}")
    for pattern in ("![", "*a", "**a"):
        thread_loads(args.runs, pattern, by_agent=False)
    thread_loads(args.runs, "**a", by_agent=True)


if __name__ == "__main__":
    main()
