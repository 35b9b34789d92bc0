"""HTML mail made safe (nh3) and turned into plain text for the thread, previews and search."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import nh3

# `cid:` names an inline image of the same mail; everything else nh3 allows by default.
URL_SCHEMES = nh3.ALLOWED_URL_SCHEMES | {"cid"}
_BLOCKS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "hr"}
_SKIPPED = {"script", "style", "head", "title"}


def safe_html(html: str) -> str:
    """No script, no event handlers, no `javascript:` links; links open without an opener."""
    return nh3.clean(html, url_schemes=URL_SCHEMES, link_rel="noopener noreferrer nofollow")


class _TextOf(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self.skipping += 1
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(re.sub(r"\s+", " ", data))


def html_to_text(html: str) -> str:
    """The readable text of an HTML body: paragraphs kept, markup and script dropped."""
    parser = _TextOf()
    try:
        parser.feed(html)
        parser.close()
    except Exception:  # HTMLParser copes with nearly anything; be sure all the same
        return re.sub(r"<[^>]*>", " ", html)
    lines = (" ".join(line.split()) for line in "".join(parser.parts).splitlines())
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
