"""PostgreSQL's half of full-text search (inbox_app.services.search.fulltext holds the shared part).

Migration 0008 stores each message's and contact's words as a tsvector, split at every
character that is not a letter or digit and folded by case and accents, as SQLite's FTS5
tokenizer does. Snippets are cut here in Python rather than by ts_headline, which drops
anything that looks like an HTML tag from the text it shows.
"""

from __future__ import annotations

import html
import re
import unicodedata
from typing import Any

from sqlalchemy import ColumnClause, Select, literal_column
from sqlmodel import Session, col, func, select

from inbox_app.models.enums import MessageKind
from inbox_app.models.tables import Contact, Conversation, Message

_ALNUM_RUN = re.compile(r"[^\W_]+")
_MESSAGE_WORDS: ColumnClause[Any] = literal_column("message.search_words")
_CONTACT_WORDS: ColumnClause[Any] = literal_column("contact.search_words")


def tsquery(*, words: list[str], prefix: bool) -> str:
    """Every word as a phrase of its letter-and-digit runs (as FTS5 reads a quoted string),
    all words required, the very last run as a prefix. Runs hold no quote or backslash."""
    phrases = [" <-> ".join(f"'{run}'" for run in _ALNUM_RUN.findall(word)) for word in words]
    return " & ".join(phrases) + (":*" if prefix else "")


def sources(*, query: str) -> dict[str, Select[*tuple[Any, ...]]]:
    wanted = func.to_tsquery(literal_column("'inbox_search'"), query)
    messages = (
        select(Message.conversation_id, func.ts_rank(_MESSAGE_WORDS, wanted), Message.id)
        .join(Conversation, col(Conversation.id) == Message.conversation_id)
        .where(_MESSAGE_WORDS.op("@@")(wanted), Message.kind != MessageKind.event)
        # "+ 0": walking the primary key backwards, testing every row until enough match,
        # is what the planner picks otherwise, and it takes seconds for a rarer word.
        .order_by((col(Message.id) + 0).desc())
    )
    contacts = (
        select(Conversation.id, func.ts_rank(_CONTACT_WORDS, wanted), Contact.id)
        .select_from(Contact)
        .join(Conversation, col(Conversation.contact_id) == Contact.id)
        .where(_CONTACT_WORDS.op("@@")(wanted))
        .order_by((col(Contact.id) + 0).desc())
    )
    return {"message": messages, "contact": contacts}


def _folded(word: str) -> str:
    """Lower case without accents, as the index stores it (unaccent also turns ß into ss)."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


class _Matcher:
    """Which words of a text the query matched: any run typed, the last one as a prefix."""

    def __init__(self, words: list[str], prefix: bool) -> None:
        runs = [_folded(run) for word in words for run in _ALNUM_RUN.findall(word)]
        self.prefix = runs.pop() if prefix else None
        self.whole = set(runs)

    def __call__(self, token: str) -> bool:
        folded = _folded(token)
        return folded in self.whole or bool(self.prefix and folded.startswith(self.prefix))


def _snippet(text: str, matches: _Matcher, length: int) -> tuple[int, str]:
    """(number of matched words, escaped text of `length` words around the first match with
    the matched words in <mark>); the whole text when it is that short."""
    tokens = list(_ALNUM_RUN.finditer(text))
    hits = [n for n, token in enumerate(tokens) if matches(token.group())]
    start = max(0, min((hits or [0])[0] - 2, len(tokens) - length))
    window = tokens[start : start + length]
    begin = window[0].start() if start else 0
    end = window[-1].end() if start + length < len(tokens) else len(text)
    pieces, at = ["…" if begin else ""], begin
    for token in window:
        if matches(token.group()):
            pieces += [html.escape(text[at : token.start()]), "<mark>"]
            pieces += [html.escape(token.group()), "</mark>"]
            at = token.end()
    pieces += [html.escape(text[at:end]), "…" if end < len(text) else ""]
    return len(hits), "".join(pieces)


def snippets(
    session: Session, *, source: str, ids: list[int], words: list[str], prefix: bool, length: int
) -> dict[int, str]:
    """The snippet of each message, or of the contact field (name, email) matched most."""
    if not ids:
        return {}
    matches = _Matcher(words, prefix)
    if source == "message":
        rows = session.exec(select(Message.id, Message.body).where(col(Message.id).in_(ids)))
        return {
            row_id: _snippet(body, matches, length)[1]
            for row_id, body in rows
            if row_id is not None
        }
    people = session.exec(
        select(Contact.id, Contact.name, Contact.email).where(col(Contact.id).in_(ids))
    )
    best: dict[int, str] = {}
    for row_id, *fields in people:
        if row_id is None:
            continue
        cuts = [_snippet(field, matches, length) for field in fields if field]
        best[row_id] = max(cuts, key=lambda cut: cut[0])[1] if cuts else ""
    return best
