"""Bare addresses in messages become links; nothing else changes, and nothing unsafe comes of
it (issue 15)."""

import pytest

from inbox_app.services.markdown_budget import render_markdown


def html(text: str) -> str:
    return render_markdown(text, by_agent=False).html


def test_a_bare_address_becomes_a_link_that_opens_apart():
    assert html("See https://example.com/help for more") == (
        '<p>See <a href="https://example.com/help" target="_blank" '
        'rel="noopener noreferrer">https://example.com/help</a> for more</p>'
    )


def test_www_gets_https_and_sentence_punctuation_stays_outside():
    out = html("Try www.example.org.")
    assert '<a href="https://www.example.org"' in out and "www.example.org</a>.</p>" in out


def test_brackets_around_an_address_stay_outside_and_those_inside_it_stay_in():
    out = html("(see https://en.wikipedia.org/wiki/Mercury_(planet))")
    assert 'href="https://en.wikipedia.org/wiki/Mercury_(planet)"' in out
    assert out.endswith("Mercury_(planet)</a>)</p>")


def test_query_strings_keep_their_ampersands():
    out = html("https://example.com/?a=1&b=2")
    assert 'href="https://example.com/?a=1&amp;b=2"' in out


@pytest.mark.parametrize(
    "text",
    [
        "[the docs](https://example.com/docs)",  # already a link: not linked twice
        "`https://example.com/code`",  # code stays code
    ],
)
def test_links_and_code_are_left_alone(text):
    assert html(text).count("<a ") == (1 if text.startswith("[") else 0)


@pytest.mark.parametrize(
    "text",
    [
        'https://example.com/"onmouseover="alert(1)',
        "https://example.com/<script>alert(1)</script>",
        "javascript:alert(1)",
        "https://example.com/' onclick='alert(1)",
    ],
)
def test_nothing_unsafe_comes_of_it(text):
    out = html(text)
    assert "onmouseover=" not in out.split(">")[0] and "<script" not in out
    assert "onclick" not in "".join(part.split('"')[0] for part in out.split("<a ")[1:])
    assert 'href="javascript' not in out
