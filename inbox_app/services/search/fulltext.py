"""Full-text search: conversations whose messages or contact match the words typed.

SQLite uses the FTS5 tables of migration 0002 (bm25), PostgreSQL the stored word vectors of
migration 0008 (ts_rank, see search_postgresql). Each source ranks at most RANKED_MATCHES of
its newest matches inside the caller's filter, so a word found in half the messages costs
about what a rare one does; below that many matches the ranking is exact.
"""

from __future__ import annotations

import html
import re
import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    TableClause,
    and_,
    bindparam,
    column,
    literal_column,
    table,
    union_all,
)
from sqlalchemy import select as sa_select
from sqlalchemy import text as sql_text
from sqlmodel import Session, col, func, select

from inbox_app.models.enums import MessageKind
from inbox_app.models.tables import Conversation, Message
from inbox_app.services.query_planning import opaque
from inbox_app.services.search import postgresql as search_postgresql

RANKED_MATCHES = 5_000
MAX_WORDS = 12
SNIPPET_WORDS = 16
_ALNUM_RUN = re.compile(r"[^\W_]+")
_UNSENDABLE = re.compile("[\x00\ud800-\udfff]")
_SNIPPETS = {
    "message": "SELECT rowid, snippet(search_message, 0, :open, :close, '…', :words) "
    "FROM search_message WHERE search_message MATCH :query AND rowid BETWEEN :low AND :high "
    "AND +rowid IN :ids",
    "contact": "SELECT rowid, snippet(search_contact, -1, :open, :close, '…', :words) "
    "FROM search_contact WHERE search_contact MATCH :query AND rowid BETWEEN :low AND :high "
    "AND +rowid IN :ids",
}


@dataclass(frozen=True)
class SearchHit:
    conversation_id: int
    snippet_html: str  # escaped text; only the matched words are wrapped in <mark>
    rank: float  # higher is better (bm25 negated on SQLite, ts_rank on PostgreSQL)


def query_words(*, text: str) -> list[str]:
    """The whitespace-separated words that hold a letter or digit; the rest cannot match."""
    text = _UNSENDABLE.sub(" ", text)  # NUL ends an SQLite string; surrogates do not encode
    return [word for word in text.split() if _ALNUM_RUN.search(word)][:MAX_WORDS]


def _is_prefix(word: str) -> bool:
    """A one-character prefix would match most of the index: it is matched as a whole word."""
    return len(_ALNUM_RUN.findall(word)[-1]) >= 2


def fts5_query(*, words: list[str], prefix: bool) -> str:
    """Every word as a quoted FTS5 string (so no operators), the last one as a prefix."""
    quoted = ['"' + word.replace('"', '""') + '"' for word in words]
    return " ".join(quoted) + ("*" if prefix else "")


def _fts5(name: str) -> TableClause:
    return table(name, column("rowid"), column("rank"), column(name))


def _sqlite_sources(*, query: str) -> dict[str, Select[*tuple[Any, ...]]]:
    found, person = _fts5("search_message"), _fts5("search_contact")
    messages = (
        select(Message.conversation_id, (-found.c.rank).label("rank"), found.c.rowid)
        .select_from(found)
        .join(Message, col(Message.id) == found.c.rowid)
        .join(Conversation, col(Conversation.id) == Message.conversation_id)
        .where(found.c.search_message.op("MATCH")(query), Message.kind != MessageKind.event)
        .order_by(found.c.rowid.desc())
    )
    contacts = (
        select(Conversation.id, (-person.c.rank).label("rank"), person.c.rowid)
        .select_from(person)
        .join(Conversation, col(Conversation.contact_id) == person.c.rowid)
        .where(person.c.search_contact.op("MATCH")(query))
        .order_by(person.c.rowid.desc())
    )
    return {"message": messages, "contact": contacts}


def _newest_matches(
    *, name: str, source: Select[*tuple[Any, ...]], wanted: ColumnElement[bool]
) -> Select[*tuple[Any, ...]]:
    """The source's newest RANKED_MATCHES hits (as it orders them) in the conversations wanted."""
    newest = source.where(wanted).limit(RANKED_MATCHES).subquery()
    conversation_id, rank, source_id = newest.c
    return select(
        conversation_id.label("conversation_id"),
        rank.label("rank"),
        literal_column(f"'{name}'").label("source"),
        source_id.label("source_id"),
    )


def _best_hits(
    session: Session, *, parts: list[Select[*tuple[Any, ...]]], limit: int
) -> list[tuple[Any, ...]]:
    """(conversation_id, rank, source, source_id) of each conversation's best hit, best first."""
    hits = union_all(*parts).subquery("hits")
    order = (hits.c.rank.desc(), hits.c.source.desc())
    number = func.row_number().over(partition_by=hits.c.conversation_id, order_by=order)
    ranked = sa_select(hits, number.label("n")).subquery("ranked")
    statement = (
        select(ranked.c.conversation_id, ranked.c.rank, ranked.c.source, ranked.c.source_id)
        .where(ranked.c.n == 1)
        .order_by(ranked.c.rank.desc(), ranked.c.conversation_id.desc())
        .limit(limit)
    )
    return [tuple(row) for row in session.exec(statement)]


def _sqlite_snippets(
    session: Session, *, source: str, ids: list[int], query: str
) -> dict[int, str]:
    """Matched words between private per-call sentinels, escaped, then turned into <mark>."""
    if not ids:
        return {}
    nonce = secrets.token_hex(8)
    opening, closing = f"\ue000{nonce}\ue001", f"\ue002{nonce}\ue001"
    statement = sql_text(_SNIPPETS[source]).bindparams(bindparam("ids", expanding=True))
    values = {"open": opening, "close": closing, "words": SNIPPET_WORDS}
    # One pass over the matches in the ids' rowid range: a rowid lookup per id would redo
    # the prefix expansion of the query every time.
    values |= {"query": query, "ids": ids, "low": min(ids), "high": max(ids)}
    rows = session.connection().execute(statement, values)
    marked: dict[int, str] = {}
    for row_id, raw in rows:
        escaped = html.escape(raw or "")
        marked[row_id] = escaped.replace(opening, "<mark>").replace(closing, "</mark>")
    return marked


def _wanted(*, where: ColumnElement[bool] | None, hidden: bool) -> ColumnElement[bool]:
    """Live conversations passing `where`. SQLite has no statistics (no ANALYZE): seeing
    `state = ?` it would look conversations up by that index for every matching contact, so
    there the filter is an opaque CASE, checked only on the rows the full-text index found."""
    wanted: ColumnElement[bool] = col(Conversation.deleted_at).is_(None)
    wanted = wanted if where is None else and_(wanted, where)
    return opaque(wanted) if hidden else wanted


# query builder, candidate sources, filter as an opaque CASE (see _wanted)
_DIALECTS = {
    "sqlite": (fts5_query, _sqlite_sources, True),
    "postgresql": (search_postgresql.tsquery, search_postgresql.sources, False),
}


def search_hits(
    session: Session, *, text: str, where: ColumnElement[bool] | None = None, limit: int = 50
) -> list[SearchHit]:
    """Live conversations matching every word (the last as a prefix), best first, one each."""
    words = query_words(text=text)
    if not words or limit <= 0:
        return []
    dialect = session.get_bind().dialect.name
    to_query, sources, hidden = _DIALECTS[dialect]
    prefix = _is_prefix(words[-1])
    query, wanted = to_query(words=words, prefix=prefix), _wanted(where=where, hidden=hidden)
    parts = [
        _newest_matches(name=name, source=source, wanted=wanted)
        for name, source in sources(query=query).items()
    ]
    best = _best_hits(session, parts=parts, limit=min(limit, RANKED_MATCHES))
    snippets = {}
    for source in ("message", "contact"):
        ids = [source_id for _, _, kind, source_id in best if kind == source]
        if dialect == "sqlite":
            snippets[source] = _sqlite_snippets(session, source=source, query=query, ids=ids)
        else:  # words (not the query) so the matched ones can be found again in Python
            snippets[source] = search_postgresql.snippets(
                session, source=source, ids=ids, words=words, prefix=prefix, length=SNIPPET_WORDS
            )
    return [
        SearchHit(conversation_id=cid, snippet_html=snippets[source].get(sid, ""), rank=float(rank))
        for cid, rank, source, sid in best
    ]
