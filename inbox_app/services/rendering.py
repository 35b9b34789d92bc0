"""Markdown to sanitised HTML, and the small labels cards show. Visitor text can never run script."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache

import nh3
from markdown_it import MarkdownIt

# html=False: raw HTML in a message is shown as text, never interpreted.
_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "breaks": True}).enable(
    "strikethrough"
)
_ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "del",
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


CACHED_BODY_CHARS = 4000  # bounds the cache: at most ~4,096 x 10 KB however long messages get


def markdown_to_html(body: str) -> str:
    """Every thread reload renders the same bodies again: short ones come from a cache."""
    return _cached_render(body) if len(body) <= CACHED_BODY_CHARS else _render(body)


@lru_cache(maxsize=4096)
def _cached_render(body: str) -> str:
    return _render(body)


def _render(body: str) -> str:
    return nh3.clean(
        _markdown.render(body),
        tags=_ALLOWED_TAGS,
        attributes={"a": {"href", "title"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
        set_tag_attribute_values={"a": {"target": "_blank"}},
    ).strip()


def preview_of(body: str, *, limit: int = 140) -> str:
    flat = " ".join(body.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def time_label(moment: datetime, *, now: datetime) -> str:
    """Short, stable label: the time today, else the date (UTC)."""
    if moment.date() == now.date():
        return moment.strftime("%H:%M")
    if moment.year == now.year:
        return moment.strftime("%d %b")
    return moment.strftime("%d %b %Y")


def contact_display_name(*, name: str | None, email: str | None, contact_id: int) -> str:
    return name or email or f"Visitor #{contact_id}"
