"""Markdown rendered within a budget of work that grows with the text's length only.

markdown-it-py is linear, but each step of its parser costs a few microseconds, and text can be
built to need many steps a character: 5,000 characters of `![` took 100-150 ms, every time a
thread showed it. A body that needs more steps than its length allows (or whose tokens would
hold far more text than the body, like one long link used in every word) is shown as its plain
text instead. Measured with bench/worst_markdown.py (figures in docs/PERFORMANCE.md).
"""

from __future__ import annotations

import html
import re
from collections.abc import MutableMapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import nh3
from markdown_it import MarkdownIt

from inbox_app.services.linkify import linkify

if TYPE_CHECKING:
    from markdown_it.rules_block import StateBlock
    from markdown_it.rules_core import StateCore
    from markdown_it.rules_inline import StateInline

# Steps, each up to a few microseconds: one each time the inline rules are tried at a position
# (two at emphasis marks, four at `[` and `!`, where links and images scan ahead for the end of
# their label), two each time the block rules are tried at a line and one each time a
# paragraph, quote or list checks a line for its end, two for every five lines or `>` (the
# parser measures each line, and each quote level again), four for every `](` (a link target
# is read to its end), and one for every two tokens (each is rendered and sanitised).
#
# Ordinary text takes few steps a character: prose about 0.01, this repository's documents up
# to 0.19, an email with quoted replies 0.3, a list of bold items 0.5. Text built to be slow
# takes one to four. Visitors (anyone on the internet) get 0.125, what a typical document
# takes; signed-in agents, whose replies are often lists, get 0.5, what a list takes.
BASE_STEPS = 150
VISITOR_CHARS_PER_STEP = 8
AGENT_CHARS_PER_STEP = 2
_INLINE_STEPS = {"[": 4, "!": 4, "*": 2, "_": 2, "~": 2}
# The text and attributes the tokens may hold beyond the body's length (a link's address is
# repeated wherever the link is used: 5,000 characters made 1.5 MB of HTML).
BASE_OUTPUT_CHARS = 2000
OUTPUT_CHARS_PER_CHAR = 2

# html=False: raw HTML in a message is shown as text, never interpreted.
_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "breaks": True}).enable(
    "strikethrough"
)
# With html=False these two rules never match, but each still costs a call at every position.
_markdown.disable(["html_inline", "html_block"])
# Plain text runs up to the next character an inline rule may start at (or `]`, which ends a
# link's label). The default list also stops at `# $ % + - : = @ ^ { } >` for extensions this
# parser does not have; at each of those every rule was tried in vain.
_markdown.inline.terminator_re = re.compile(r"[\n!&*<\[\\\]_`~]")
_ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "del",
    "s",  # markdown-it writes ~~struck~~ as <s>
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "h1",
    "h2",
    "h3",
    "h4",
    "hr",
}


@dataclass(frozen=True)
class Rendered:
    html: str
    steps: int  # steps charged (over the budget: up to the charge that went over it)
    as_text: bool  # over its budget: shown as its plain text


def step_budget(length: int, *, by_agent: bool) -> int:
    """The steps a body of `length` characters may take: its cost grows with its length,
    never with what it is made of."""
    per_step = AGENT_CHARS_PER_STEP if by_agent else VISITOR_CHARS_PER_STEP
    return BASE_STEPS + length // per_step


def render_markdown(body: str, *, by_agent: bool) -> Rendered:
    """Sanitised HTML of the Markdown within the body's budget; past it, the escaped text
    with its line and paragraph breaks."""
    if is_prose(body):
        return Rendered(html=plain_text_html(body), steps=0, as_text=False)
    return parsed(body, by_agent=by_agent)


# Prose: letters, digits, spaces and sentence punctuation, every line starting with a letter.
# No Markdown rule and no web address can start in it, so the parser would render it exactly
# as its plain text (tests/unit/test_markdown_prose.py checks that against it). Most messages
# are prose: they take a regular expression's time instead of the parser's third of a
# millisecond, on every message stored.
_PROSE = re.compile(r"(?:[^\W_]|[ \n.,;:?!'\"()/%+=#-])*")
_LINE_NOT_PROSE = re.compile(r"^(?![^\W\d_]|$)", re.MULTILINE)


def is_prose(body: str) -> bool:
    lowered = body.lower()
    return (
        _PROSE.fullmatch(body) is not None
        and _LINE_NOT_PROSE.search(body) is None
        and "://" not in lowered
        and "www." not in lowered
    )


def parsed(body: str, *, by_agent: bool) -> Rendered:
    """What the Markdown parser makes of the body, within its budget."""
    steps = step_budget(len(body), by_agent=by_agent)
    budget = _Budget(
        steps=steps - _upfront_steps(body),
        output_chars=BASE_OUTPUT_CHARS + OUTPUT_CHARS_PER_CHAR * len(body),
    )
    try:
        if budget.steps < 0:  # not worth starting
            raise _OverBudget
        markup = _markdown.render(body, {"budget": budget})
    except _OverBudget:
        return Rendered(html=plain_text_html(body), steps=steps - budget.steps, as_text=True)
    return Rendered(html=_sanitised(linkify(markup)), steps=steps - budget.steps, as_text=False)


_BLANK_LINES = re.compile(r"\n[ \t]*\n\s*")


def plain_text_html(body: str) -> str:
    """Escaped text in <p> and <br> only, laid out as Markdown lays out plain prose. No tag or
    attribute comes from the body, so it needs no sanitiser."""
    text = body.replace("\r\n", "\n").replace("\r", "\n").replace("\0", "\ufffd").strip()
    paragraphs = (
        "<br>\n".join(
            html.escape(line.strip(), quote=False) for line in block.split("\n") if line.strip()
        )
        for block in _BLANK_LINES.split(text)
    )
    return "\n".join(f"<p>{paragraph}</p>" for paragraph in paragraphs if paragraph)


def _sanitised(markup: str) -> str:
    return nh3.clean(
        markup,
        tags=_ALLOWED_TAGS,
        attributes={"a": {"href", "title"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
        set_tag_attribute_values={"a": {"target": "_blank"}},
    ).strip()


class _OverBudget(Exception):
    """The body needs more work, or makes more output, than its length allows."""


@dataclass
class _Budget:
    steps: int
    output_chars: int


def _upfront_steps(body: str) -> int:
    return (body.count("\n") + body.count(">")) * 2 // 5 + body.count("](") * 4


def _spend(env: MutableMapping[str, Any], steps: int) -> None:
    budget: _Budget = env["budget"]
    budget.steps -= steps
    if budget.steps < 0:
        raise _OverBudget


def _inline_step(state: StateInline, silent: bool) -> bool:
    _spend(state.env, _INLINE_STEPS.get(state.src[state.pos], 1))
    return False  # only counts: the real rules follow


def _block_step(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    _spend(state.env, 1 if silent else 2)
    return False


def _token_check(state: StateCore) -> None:
    """After parsing, before any HTML is written: the tokens and what they hold."""
    tokens = size = 0
    for block in state.tokens:
        for token in block.children or (block,):
            tokens += 1
            size += len(token.content) + sum(len(str(v)) for v in token.attrs.values())
    _spend(state.env, tokens // 2)
    if size > state.env["budget"].output_chars:
        raise _OverBudget


# First in each chain, so that every attempt is counted; "alt" also counts the lines a
# paragraph, quote or list checks for its end.
_markdown.inline.ruler.before("text", "budget", _inline_step)
_markdown.block.ruler.before(
    "code", "budget", _block_step, {"alt": ["paragraph", "reference", "blockquote", "list"]}
)
_markdown.core.ruler.after("inline", "token_budget", _token_check)
