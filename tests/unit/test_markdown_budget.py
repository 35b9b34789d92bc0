"""Rendering within a budget: ordinary Markdown exactly as before, text built to be slow cut off
after a number of parser steps that depends on its length only. Pure: no database, no Reflex.
Speed itself is measured by bench/worst_markdown.py, not here."""

import re

import pytest

from inbox_app.services import markdown_budget, rendering
from inbox_app.services.markdown_budget import plain_text_html, render_markdown, step_budget
from inbox_app.services.rendering import HtmlCache, markdown_to_html

# Rendered by the renderer before the budget (markdown-it-py and nh3 alone): the same must come
# out now, for visitors and agents alike.
BEFORE = {
    "Hello, my order #1234 is late :(": "<p>Hello, my order #1234 is late :(</p>",
    "**bold** and *italic* and ~~struck~~ and `code`": "<p><strong>bold</strong> and <em>italic</em> and <s>struck</s> and <code>code</code></p>",
    "Line one\nline two\n\nNew paragraph": "<p>Line one<br>\nline two</p>\n<p>New paragraph</p>",
    "- one\n- two\n  - nested\n\n1. first\n2. second": "<ul>\n<li>one</li>\n<li>two\n<ul>\n<li>nested</li>\n</ul>\n</li>\n</ul>\n<ol>\n<li>first</li>\n<li>second</li>\n</ol>",
    "> quoted text\n> more\n\nmy answer": "<blockquote>\n<p>quoted text<br>\nmore</p>\n</blockquote>\n<p>my answer</p>",
    "[docs](https://example.com/a_b?c=1&d=2) and <https://example.org>": '<p><a href="https://example.com/a_b?c=1&amp;d=2" target="_blank" rel="noopener noreferrer">docs</a> and <a href="https://example.org" target="_blank" rel="noopener noreferrer">https://example.org</a></p>',
    "```\nprint('hi') # <b>\n```": "<pre><code>print('hi') # &lt;b&gt;\n</code></pre>",
    "# Title\n\n## Sub\n\ntext under it": "<h1>Title</h1>\n<h2>Sub</h2>\n<p>text under it</p>",
    "Price: 5 * 3 = 15, a_b_c, 2 < 3 > 1 & done": "<p>Price: 5 * 3 = 15, a_b_c, 2 &lt; 3 &gt; 1 &amp; done</p>",
    "<script>alert(1)</script> [x](javascript:alert(1)) ![img](https://example.com/a.png)": "<p>&lt;script&gt;alert(1)&lt;/script&gt; [x](javascript:alert(1)) </p>",
    "Thanks!\n\n--\nAnna Weber\nExample Ltd, Main St 1\n+49 30 1234567": "<p>Thanks!</p>\n<p>--<br>\nAnna Weber<br>\nExample Ltd, Main St 1<br>\n+49 30 1234567</p>",
    "On Tue, Paula wrote:\n> Hi,\n> where is my **parcel**?\n>\n> > older quote\n\nIt left today.": "<p>On Tue, Paula wrote:</p>\n<blockquote>\n<p>Hi,<br>\nwhere is my <strong>parcel</strong>?</p>\n<blockquote>\n<p>older quote</p>\n</blockquote>\n</blockquote>\n<p>It left today.</p>",
    '***\n\nSee [the FAQ][faq].\n\n[faq]: https://example.com/faq "FAQ"': '<hr>\n<p>See <a href="https://example.com/faq" title="FAQ" target="_blank" rel="noopener noreferrer">the FAQ</a>.</p>',
    "Escapes: \\*not italic\\* &amp; &copy; &#35;": "<p>Escapes: *not italic* &amp; © #</p>",
    "    indented code\n    block": "<pre><code>indented code\nblock\n</code></pre>",
    "a  \nhard break and trailing spaces   ": "<p>a<br>\nhard break and trailing spaces</p>",
    '[[nested] brackets] and [empty]() and ![alt](x.png "t")': '<p>[[nested] brackets] and <a href="" target="_blank" rel="noopener noreferrer">empty</a> and </p>',
    "Mixed *emphasis **strong inside** back* and _under_score_": "<p>Mixed <em>emphasis <strong>strong inside</strong> back</em> and <em>under_score</em></p>",
}
EMAIL = (
    "Hello team,\n\nI ordered the **blue** model on 3 May (order 1234) and it has not arrived. "
    "The tracking page says *in transit* since last week.\n\n> Your parcel is on its way.\n\n"
)
# Each to 5,000 characters (the widget's limit): what costs the parser most per character.
WORST = [
    "![",
    "[",
    "[!",
    "![](",
    "[a](",
    "*a",
    "*_",
    "**a",
    "~~a",
    "`a",
    "&",
    "#\n",
    "a\n\n",
    "- a\n",
    "- **a**\n",
    "[a]: b\n",
    "> " * 19 + "a\n",
    "[" * 50 + "]" * 50,
]
LIMIT = 5000


def _to_limit(pattern: str) -> str:
    return (pattern * (LIMIT // len(pattern) + 1))[:LIMIT]


@pytest.fixture()
def attempts(monkeypatch):
    """How many times the parser was charged (each rule attempt, each check): its work."""
    calls = []
    spend = markdown_budget._spend

    def counted(env: dict, steps: int) -> None:
        calls.append(steps)
        spend(env, steps)

    monkeypatch.setattr(markdown_budget, "_spend", counted)
    return calls


@pytest.mark.parametrize("by_agent", [False, True])
@pytest.mark.parametrize("body", list(BEFORE))
def test_ordinary_markdown_renders_exactly_as_before(body, by_agent):
    rendered = render_markdown(body, by_agent=by_agent)
    assert not rendered.as_text
    assert rendered.html == BEFORE[body]


def test_a_long_email_keeps_its_formatting():
    email = EMAIL * 4  # about 700 characters
    rendered = render_markdown(email, by_agent=False)
    assert not rendered.as_text
    assert rendered.html.count("<strong>blue</strong>") == 4
    assert rendered.html.count("<blockquote>") == 4


@pytest.mark.parametrize("by_agent", [False, True])
@pytest.mark.parametrize("pattern", WORST)
def test_text_built_to_be_slow_stops_within_its_budget(pattern, by_agent, attempts):
    body = _to_limit(pattern)
    rendered = render_markdown(body, by_agent=by_agent)
    budget = step_budget(len(body), by_agent=by_agent)
    assert len(attempts) <= budget + 1  # each attempt is charged at least one step
    if rendered.as_text:
        assert rendered.html == plain_text_html(body)
    else:  # it fitted: then it cost no more than ordinary text of its length may
        assert rendered.steps <= budget


def test_without_the_budget_the_same_text_takes_many_times_the_work(monkeypatch, attempts):
    body = _to_limit("![")
    bounded = render_markdown(body, by_agent=False)
    bounded_attempts = len(attempts)
    monkeypatch.setattr(markdown_budget, "BASE_STEPS", 10**9)
    unbounded = render_markdown(body, by_agent=False)
    assert bounded.as_text and not unbounded.as_text
    assert len(attempts) - bounded_attempts > 10 * bounded_attempts


def test_the_budget_depends_on_the_length_only():
    assert step_budget(LIMIT, by_agent=False) == step_budget(LIMIT, by_agent=False)
    assert step_budget(0, by_agent=False) == markdown_budget.BASE_STEPS
    assert step_budget(2 * LIMIT, by_agent=False) > step_budget(LIMIT, by_agent=False)
    assert step_budget(LIMIT, by_agent=True) > step_budget(LIMIT, by_agent=False)


def test_a_long_formatted_list_keeps_its_formatting_for_agents_only():
    """The trade-off: visitors' text gets the density of a document, agents' that of a list."""
    items = "".join(
        f"- step {i}: open **Settings**, then [help](https://example.com/{i})\n" for i in range(40)
    )
    assert render_markdown(items, by_agent=True).html.count("<strong>Settings</strong>") == 40
    as_visitor = render_markdown(items, by_agent=False)
    assert as_visitor.as_text and as_visitor.html == plain_text_html(items)


def test_plain_text_looks_the_same_either_way():
    """For text without markup the fallback is exactly what Markdown makes of it."""
    for body in [
        "Hello\n\n\nWorld  \n  indented\n\n",
        "a & b < c > d \"q\" 'x'",
        "tab\there\r\nwin",
        "x\0y",
        "Line 1: item\n" * 50,
        "  \n \n",
    ]:
        assert plain_text_html(body) == render_markdown(body, by_agent=True).html


def test_the_fallback_holds_only_escaped_text_in_paragraphs():
    body = _to_limit('<script>alert(1)</script> <a href="javascript:x">![')
    rendered = render_markdown(body, by_agent=False)
    assert rendered.as_text
    assert set(re.findall(r"</?([a-z]+)", rendered.html)) <= {"p", "br"}
    assert "&lt;script&gt;" in rendered.html


def test_one_link_used_everywhere_does_not_multiply_the_output():
    body = ("[a]: https://example.com/" + "x" * 2000 + "\n\n" + "[a] " * 1000)[:LIMIT]
    for by_agent in (False, True):
        rendered = render_markdown(body, by_agent=by_agent)
        assert rendered.as_text
        assert len(rendered.html) < 2 * len(body)


def test_a_few_uses_of_a_long_link_are_fine():
    body = "[a] [a] [a]\n\n[a]: https://example.com/" + "x" * 500
    assert render_markdown(body, by_agent=False).html.count("<a href=") == 3


@pytest.mark.parametrize("by_agent", [False, True])
def test_script_never_survives_either_budget(by_agent):
    html = markdown_to_html(
        "**b** <script>alert(1)</script> [x](javascript:alert(1))", by_agent=by_agent
    )
    assert "<strong>b</strong>" in html and "<script>" not in html and "href" not in html


def test_long_bodies_are_rendered_once(monkeypatch):
    """The first cache skipped bodies over 4,000 characters: those were rendered on every load."""
    renders = []
    render = rendering.render_markdown

    def counted(body: str, *, by_agent: bool):
        renders.append(body)
        return render(body, by_agent=by_agent)

    monkeypatch.setattr(rendering, "render_markdown", counted)
    monkeypatch.setattr(rendering, "_cache", HtmlCache(entries=10, chars=10**6))
    body = "A long message. " * 3000  # 48,000 characters
    first = markdown_to_html(body)
    assert markdown_to_html(body) == first
    assert len(renders) == 1
    markdown_to_html(body, by_agent=True)  # agents' budget: rendered (and kept) on its own
    assert len(renders) == 2


def test_the_cache_is_bounded_in_entries_and_in_characters():
    cache = HtmlCache(entries=2, chars=10)
    cache.put(b"a", "1234")
    cache.put(b"b", "1234")
    cache.get(b"a")  # used: b is now the oldest
    cache.put(b"c", "12")
    assert (cache.get(b"a"), cache.get(b"b"), cache.get(b"c")) == ("1234", None, "12")
    cache.put(b"d", "123456789")  # 9 characters: the others go to make room
    assert len(cache) == 1 and cache.chars == 9
    cache.put(b"e", "x" * 11)  # larger than the whole cache: not kept
    assert cache.get(b"e") is None and cache.get(b"d") == "123456789"
