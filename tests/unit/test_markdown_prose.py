"""Prose skips the Markdown parser (markdown_budget.is_prose): for any prose, what it shows is
exactly what the parser would have made of it, for an agent and for a visitor."""

from hypothesis import example, given, settings
from hypothesis import strategies as st

from inbox_app.services.markdown_budget import is_prose, parsed, plain_text_html, render_markdown

IN_A_LINE = st.characters(
    categories=["L", "N"], include_characters=" .,;:?!'\"()/%+=#-", exclude_characters="_"
)
LINE = st.builds(
    str.__add__, st.characters(categories=["L"]), st.text(IN_A_LINE, max_size=60)
) | st.just("")
PROSE = (
    st.lists(LINE, min_size=1, max_size=6)
    .map("\n".join)
    .filter(lambda text: "www." not in text.lower() and "://" not in text)  # addresses
)


@settings(max_examples=2000)
@given(PROSE)
@example("Your order 4711 has shipped.\nTracking: see the shop.\n\nThanks (the team)")
@example("Ärger? Nein: 50% + 3 = x/y - z, #1 'quoted' \"double\"!")
@example("a  \nb\n\n\nc")
def test_prose_renders_as_the_parser_would(text):
    assert is_prose(text)
    for by_agent in (True, False):
        assert plain_text_html(text) == parsed(text, by_agent=by_agent).html


@given(st.text(max_size=200))
def test_anything_else_is_parsed(text):
    rendered = render_markdown(text, by_agent=False)
    if not is_prose(text):
        assert rendered == parsed(text, by_agent=False)


def test_what_markdown_or_an_address_could_start_in_is_not_prose():
    for text in [
        "1. first",
        "- item",
        "# Title",
        "Title\n===",
        "  indented",
        "under_score",
        "a *b*",
        "see www.example.com",
        "at https://example.com",
        "a &amp; b",
        "a [link](x)",
        "a\ttab",
        "quote\n> reply",
    ]:
        assert not is_prose(text), text


def test_plain_messages_are_prose():
    assert is_prose("Your order has shipped: it arrives on Monday (probably).")
    assert is_prose("Hallo Jörg,\n\nvielen Dank! Grüße")
