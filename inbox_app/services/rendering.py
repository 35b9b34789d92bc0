"""Markdown to sanitised HTML, and the small labels cards show. Visitor text can never run script,
and no text can make rendering slow (markdown_budget.py)."""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel.dates import format_skeleton

from inbox_app.services.markdown_budget import render_markdown


class HtmlCache:
    """Rendered HTML by a digest of what was rendered, least recently used out first. Bounded
    in entries and in characters, so bodies of any length can be kept. Threads share it."""

    def __init__(self, *, entries: int, chars: int) -> None:
        self._entries, self._chars = entries, chars
        self._items: OrderedDict[bytes, str] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def get(self, key: bytes) -> str | None:
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
            return found

    def put(self, key: bytes, value: str) -> None:
        if len(value) > self._chars:
            return
        with self._lock:
            if key in self._items:
                return
            self._items[key] = value
            self._size += len(value)
            while len(self._items) > self._entries or self._size > self._chars:
                _, dropped = self._items.popitem(last=False)
                self._size -= len(dropped)

    def __len__(self) -> int:
        return len(self._items)

    @property
    def chars(self) -> int:
        return self._size


# A thread renders once, however long its messages. The first cache kept only bodies of up to
# 4,000 characters, and the widget accepts 5,000: longer ones were rendered on every load.
# 8 M characters of HTML are at most about 32 MB.
_cache = HtmlCache(entries=4096, chars=8_000_000)


def markdown_to_html(body: str, *, by_agent: bool = False) -> str:
    """by_agent: written by a signed-in agent, who gets a larger budget than anyone on the
    internet (markdown_budget.py). Every thread reload renders the same bodies again: they come
    from the cache."""
    key = hashlib.blake2b(
        body.encode("utf-8", "surrogatepass"), digest_size=20, person=b"agent" if by_agent else b""
    ).digest()
    found = _cache.get(key)
    if found is None:
        found = render_markdown(body, by_agent=by_agent).html
        _cache.put(key, found)
    return found


def preview_of(body: str, *, limit: int = 140) -> str:
    flat = " ".join(body.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


@dataclass(frozen=True)
class Reader:
    """Who reads a time: their UI language and their time zone (an IANA name)."""

    language: str = "en"
    zone: str = "UTC"

    @property
    def tz(self) -> ZoneInfo:
        try:
            return ZoneInfo(self.zone or "UTC")
        except (ZoneInfoNotFoundError, ValueError):
            return ZoneInfo("UTC")


IN_UTC = Reader()


def time_label(moment: datetime, *, now: datetime, reader: Reader = IN_UTC) -> str:
    """Short, stable label in the reader's zone: the time today, else the date, with the
    month as their language writes it ("01 Dec" / "1. Dez.")."""
    here, today = (_aware(t).astimezone(reader.tz) for t in (moment, now))
    if here.date() == today.date():
        return here.strftime("%H:%M")
    if reader.language == "en":  # as the English UI has always shown it
        return here.strftime("%d %b" if here.year == today.year else "%d %b %Y")
    skeleton = "MMMd" if here.year == today.year else "yMMMd"
    return format_skeleton(skeleton, here, locale=reader.language)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def contact_display_name(*, name: str | None, email: str | None, contact_id: int) -> str:
    return name or email or f"Visitor #{contact_id}"
