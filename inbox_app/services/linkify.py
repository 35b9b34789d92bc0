"""Bare web addresses in rendered messages become links (before sanitising).

Works on the renderer's HTML: only text between tags changes, never a tag, and never text
inside a link or code. One pass of one regular expression over the text: its cost grows with
the length only, like the rest of rendering (markdown_budget.py).
"""

from __future__ import annotations

import re

_TAG = re.compile(r"(<[^>]*>)")
# http(s) or www. up to white space or markup; an entity for a quote or an angle bracket ends
# it too (text reaches here escaped).
_ADDRESS = re.compile(
    r"(?:https?://|www\.)(?:(?!&quot;|&lt;|&gt;|&#x27;|&#39;)[^\s<>\"'])+", re.IGNORECASE
)
_TRAILING = ".,;:!?*_~"  # sentence punctuation after an address is not part of it
_CLOSING = {")": "(", "]": "[", "}": "{"}
_NO_LINKS_INSIDE = {"a", "code", "pre"}


def linkify(markup: str) -> str:
    parts = _TAG.split(markup)
    inside: dict[str, int] = dict.fromkeys(_NO_LINKS_INSIDE, 0)
    for index, part in enumerate(parts):
        if index % 2:  # a tag
            name, closing = _tag_name(part)
            if name in inside:
                inside[name] = max(0, inside[name] + (-1 if closing else 1))
        elif part and not any(inside.values()):
            parts[index] = _ADDRESS.sub(_link, part)
    return "".join(parts)


def _tag_name(tag: str) -> tuple[str, bool]:
    body = tag[1:-1].strip()
    closing = body.startswith("/")
    name = body.lstrip("/").split(None, 1)[0].rstrip("/").lower() if body.lstrip("/") else ""
    return name, closing


def _link(match: re.Match[str]) -> str:
    address = match.group(0)
    kept = _without_trailing(address)
    rest = address[len(kept) :]
    href = kept if "://" in kept else f"https://{kept}"
    return f'<a href="{href}">{kept}</a>{rest}'


def _without_trailing(address: str) -> str:
    """Punctuation that ends the sentence, and brackets that close around the address (one
    that closes a bracket inside it, as in a wiki's /Page_(disambiguation), stays)."""
    while address:
        last = address[-1]
        if last == ";" and address.endswith("&amp;"):  # an entity, not punctuation
            return address
        unbalanced = last in _CLOSING and address.count(_CLOSING[last]) < address.count(last)
        if last not in _TRAILING and not unbalanced:
            return address
        address = address[:-1]
    return address
