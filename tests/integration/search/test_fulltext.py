"""Full-text search on a real database migrated by Alembic: SQLite's FTS5 tables kept by
triggers, or PostgreSQL's stored word vectors; both must find and mark the same things."""

import random
from datetime import timedelta

import pytest
from sqlalchemy import text
from sqlmodel import Session, select

from alembic import command
from inbox_app.db import make_engine
from inbox_app.demo.seed import seed_bulk
from inbox_app.migrations import alembic_config, upgrade_to_head
from inbox_app.models.enums import Channel, ConversationState, MessageKind
from inbox_app.models.tables import Contact, Conversation, Message
from inbox_app.services import counters
from inbox_app.services.conversations import overdue
from inbox_app.services.conversations.actions import (
    delete_conversation,
    purge_deleted,
    set_state,
    undo_delete,
)
from inbox_app.services.conversations.messages import post_agent_message, post_incoming
from inbox_app.services.search.fulltext import search_hits
from tests.integration.conftest import NOW, make_conversation


def found(session, words: str, **options) -> list[int]:
    return [hit.conversation_id for hit in search_hits(session, text=words, **options)]


def incoming(session, conversation, body: str) -> Message:
    return post_incoming(session, conversation_id=conversation.id, body=body, now=NOW)


def assert_index_consistent(session) -> None:
    """The index holds exactly what the tables hold: FTS5's own integrity check on SQLite; on
    PostgreSQL every stored word vector equals one made afresh from its row by the same rule."""
    if session.get_bind().dialect.name == "sqlite":
        for name in ("search_message", "search_contact"):
            session.exec(text(f"INSERT INTO {name}({name}, rank) VALUES ('integrity-check', 1)"))
        return
    for table, source in (("message", "body"), ("contact", _CONTACT_TEXT)):
        stale = f"SELECT count(*) FROM {table} WHERE search_words IS DISTINCT FROM {_words(source)}"
        assert session.exec(text(stale)).one()[0] == 0, table


_CONTACT_TEXT = "coalesce(name, '') || ' ' || coalesce(email, '')"


def _words(source: str) -> str:
    """Migration 0008's rule, written out again so a drift between the two shows."""
    punctuation = "".join(chr(c) for c in range(33, 127) if not chr(c).isalnum())
    quoted = punctuation.replace("'", "''")
    return f"to_tsvector('inbox_search', translate({source}, '{quoted}', '{' ' * 32}'))"


def test_better_match_ranks_first_and_ranks_descend(session, team):
    once = make_conversation(session, name="Ada")
    incoming(session, once, "Hello, I have a question about the refund for the blue shoes I got")
    twice = make_conversation(session, name="Bert")
    incoming(session, twice, "Refund please, refund now")
    make_conversation(session, name="Cleo")  # no match
    hits = search_hits(session, text="refund")
    assert [hit.conversation_id for hit in hits] == [twice.id, once.id]
    assert hits[0].rank > hits[1].rank


def test_last_word_is_a_prefix_and_every_word_must_match(session, team):
    both = make_conversation(session, name="Ada")
    incoming(session, both, "The invoice for my order is wrong")
    only_invoice = make_conversation(session, name="Bert")
    incoming(session, only_invoice, "Please send the invoice again")
    assert set(found(session, "invo")) == {both.id, only_invoice.id}
    assert found(session, "order invo") == [both.id]
    assert found(session, "invoice ord") == [both.id]
    assert found(session, "invo order") == []  # only the last word is a prefix


def test_diacritics_are_ignored_both_ways(session, team):
    conversation = make_conversation(session, name="Jonas Müller")
    incoming(session, conversation, "Grüße aus München")
    for words in ("Muller", "müller", "MÜLLER", "munchen", "Grüße aus Munchen", "gruße"):
        assert found(session, words) == [conversation.id], words


def test_contact_name_and_email_match(session, team):
    lena = make_conversation(session, name="Lena Fischer")
    contact = session.get(Contact, lena.contact_id)
    contact.email = "l.fischer@shop-owner.example"
    session.add(contact)
    session.commit()
    paul = make_conversation(session, name="Paul")
    assert found(session, "fischer") == [lena.id]
    assert found(session, "shop-owner") == [lena.id]
    assert found(session, "l.fischer@shop-owner.example") == [lena.id]
    assert found(session, "example.org") == [paul.id]  # Lena's old address left the index
    hit = search_hits(session, text="Lena")[0]
    assert hit.snippet_html == "<mark>Lena</mark> Fischer"


def test_one_hit_per_conversation_from_its_best_match(session, team):
    conversation = make_conversation(session, name="Tracking Tom")
    incoming(session, conversation, "Where is my tracking number?")
    post_agent_message(
        session,
        agent_id=team["anna"].id,
        conversation_id=conversation.id,
        kind=MessageKind.comment,
        body="tracking tracking tracking",
        now=NOW + timedelta(minutes=1),
    )
    hits = search_hits(session, text="tracking")
    assert [hit.conversation_id for hit in hits] == [conversation.id]


def test_event_lines_are_not_searched(session, team):
    conversation = make_conversation(session, name="Ada")
    incoming(session, conversation, "Hello")
    set_state(
        session,
        actor=team["anna"],
        conversation_id=conversation.id,
        state=ConversationState.closed,
        now=NOW,
    )
    assert session.exec(select(Message).where(Message.body.contains("closed"))).first()
    assert found(session, "closed") == []


def test_soft_deleted_conversations_are_left_out_and_purge_keeps_the_index(session, team):
    conversation = make_conversation(session, name="Ada")
    incoming(session, conversation, "My parcel is lost")
    actor = team["anna"]
    delete_conversation(session, actor=actor, conversation_id=conversation.id, now=NOW)
    assert found(session, "parcel") == []
    undo_delete(session, actor=actor, conversation_id=conversation.id)
    assert found(session, "parcel") == [conversation.id]
    delete_conversation(session, actor=actor, conversation_id=conversation.id, now=NOW)
    purge_deleted(session, now=NOW + timedelta(minutes=5))
    assert session.get(Message, 1) is None
    assert found(session, "parcel") == []
    assert_index_consistent(session)


def test_where_is_applied_before_the_limit(session, team):
    best = make_conversation(session, name="Ada")
    incoming(session, best, "voucher voucher")
    email = make_conversation(session, name="Bert", channel=Channel.email)
    incoming(session, email, "I tried to redeem a voucher code yesterday but it did not work")
    where = Conversation.channel == Channel.email
    assert found(session, "voucher", limit=1) == [best.id]
    assert found(session, "voucher", where=where, limit=1) == [email.id]
    closed = Conversation.state == ConversationState.closed
    assert found(session, "voucher", where=closed) == []


@pytest.mark.parametrize(
    "words",
    [
        '"',
        "*",
        "AND (",
        "<script>",
        "a OR b",
        "NEAR(x y)",
        "-",
        "body:x",
        "^x",
        "'",
        "\\",
        '"unclosed',
        "x*y",
        "😀",
        "😀 hi",
        "",
        "   ",
        "(",
        ")",
        "{}",
        "a" * 500,
        "word " * 100,
        "he\x00llo",
        "\x00",
        "a\ud800b",
        "\x01\x02",
        "ǅx",
        "ﬁ",
        "½",
        "東京",
        "\u200b",
        "NOT x",
    ],
)
def test_hostile_input_never_raises(session, team, words):
    conversation = make_conversation(session, name="Ada")
    incoming(session, conversation, "hi there, a body with words")
    assert isinstance(search_hits(session, text=words), list)


def test_random_unicode_never_raises(session, team):
    incoming(session, make_conversation(session, name="Ada"), "hello wörld ½ 東京 ﬁne")
    rng = random.Random(7)
    alphabet = [
        chr(c)
        for c in [
            *range(0, 0x250),
            *range(0x300, 0x370),
            *range(0x2000, 0x2070),
            *range(0x3000, 0x3100),
            *range(0x1F600, 0x1F610),
            0xE000,
            0xD800,
        ]
    ]
    for _ in range(300):
        words = "".join(rng.choice(alphabet) for _ in range(rng.randrange(1, 12)))
        assert isinstance(search_hits(session, text=words), list), repr(words)


def test_punctuation_only_or_empty_input_finds_nothing(session, team):
    conversation = make_conversation(session, name="Ada")
    incoming(session, conversation, "AND ( * - hello")
    for words in ("", "  ", '"', "*", "( )", "-", "😀"):
        assert search_hits(session, text=words) == [], words
    assert found(session, "AND (") == [conversation.id]  # a word, not an operator


def test_snippet_escapes_everything_but_the_marks(session, team):
    conversation = make_conversation(session, name="Ada")
    incoming(session, conversation, '<script>alert("x")</script> & <mark>fake</mark> refund <b>')
    (hit,) = search_hits(session, text="refund")
    assert hit.snippet_html == (
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;mark&gt;fake&lt;/mark&gt; "
        "<mark>refund</mark> &lt;b&gt;"
    )
    (hit,) = search_hits(session, text="script")
    assert hit.snippet_html.count("<mark>") == 2 == hit.snippet_html.count("</mark>")
    assert "<script" not in hit.snippet_html


def test_snippet_of_a_long_message_is_cut_around_the_match(session, team):
    conversation = make_conversation(session, name="Ada")
    filler = " ".join(f"word{n}" for n in range(200))
    incoming(session, conversation, f"{filler} unicorn {filler}")
    (hit,) = search_hits(session, text="unicorn")
    assert "<mark>unicorn</mark>" in hit.snippet_html
    assert len(hit.snippet_html) < 300


def test_edits_and_deletes_of_messages_are_reflected(session, team):
    conversation = make_conversation(session, name="Ada")
    message = incoming(session, conversation, "The zebra pattern is nice")
    message.body = "The leopard pattern is nice"
    session.add(message)
    session.commit()
    assert found(session, "zebra") == []
    assert found(session, "leopard") == [conversation.id]
    session.delete(message)
    session.commit()
    assert found(session, "leopard") == []
    assert_index_consistent(session)


def test_bulk_seeded_rows_are_searchable(engine, session):
    seed_bulk(engine, conversations=30, messages_per_conversation=4, now=NOW)
    contact = session.exec(select(Contact).order_by(Contact.id.desc())).first()
    mine = set(session.exec(select(Conversation.id).where(Conversation.contact_id == contact.id)))
    assert set(found(session, contact.email)) == mine
    message = session.exec(select(Message).order_by(Message.id.desc())).first()
    word = max(message.body.split(), key=len).strip(".,!?*")
    assert message.conversation_id in found(session, word, limit=100)
    assert_index_consistent(session)


def test_upgrade_indexes_rows_written_before_the_search_migration(empty_database_url, monkeypatch):
    url = empty_database_url
    command.upgrade(alembic_config(url), "0001")
    engine = make_engine(url)
    # Revision 0001 has no visitor_key column yet (0009 adds and fills it), nor priority
    # (0017, with a server default): insert neither.
    monkeypatch.setattr(Conversation.__table__.c.visitor_key, "default", None)
    monkeypatch.setattr(Conversation.__table__.c.priority, "default", None)
    monkeypatch.setattr(Conversation.__table__.c.overdue, "default", None)  # nor overdue (0021)
    # Nor snoozed_until or due_at, which today's recount reads: the counters are not what this
    # tests.
    monkeypatch.setattr(counters, "recount_all", lambda session: session.commit())
    monkeypatch.setattr(overdue, "restart_all", lambda session: session.commit())
    seed_bulk(engine, conversations=4, messages_per_conversation=2, now=NOW)
    upgrade_to_head(url)
    with Session(engine) as session:
        contact = session.exec(select(Contact)).first()
        assert len(found(session, contact.email)) == 2
        assert found(session, "the", limit=100)
        assert_index_consistent(session)
    engine.dispose()
