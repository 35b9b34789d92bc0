"""Reading headers that may be broken: RFC 2047 words, bad addresses, odd Message-IDs.

`policy.default` decodes most of it; where its parser gives up (it raises on some malformed
headers), the raw value is decoded by hand. Never raises.
"""

from __future__ import annotations

import re
from email.header import decode_header
from email.message import MIMEPart
from email.utils import getaddresses

_ID = re.compile(r"<[^<>\s]+>")
_C1 = re.compile("[\x80-\x9f]")
_LATIN1 = {"iso-8859-1", "latin-1", "latin1", "us-ascii"}
MAX_IDS = 100  # a References header names at most this many of its last ids


def header(message: MIMEPart, name: str) -> str:
    """The decoded value, "" when absent; folded whitespace collapsed."""
    try:
        value = message.get(name)
        text = "" if value is None else str(value)
    except Exception:  # the header parser's own bugs on broken input
        text = _decode_raw(_raw(message, name))
    if _C1.search(text):  # windows-1252 labelled ISO-8859-1 (€, –, „ ...): read it as such
        text = _decode_raw(_raw(message, name))
    return " ".join(text.split())


def _raw(message: MIMEPart, name: str) -> str:
    for key, value in message.raw_items():
        if key.lower() == name.lower():
            return str(value)
    return ""


def _decode_raw(value: str) -> str:
    try:
        words = decode_header(value)
    except Exception:
        return value.encode("utf-8", "replace").decode("utf-8", "replace")
    return "".join(_word(chunk, charset) for chunk, charset in words)


def _word(chunk: bytes | str, charset: str | None) -> str:
    if isinstance(chunk, str):
        return chunk
    charset = (charset or "utf-8").lower()
    charset = "cp1252" if charset in _LATIN1 else charset
    try:
        return chunk.decode(charset)
    except (LookupError, UnicodeDecodeError):
        return chunk.decode("utf-8", "replace")


def addresses(message: MIMEPart, name: str) -> list[tuple[str, str]]:
    """(display name, lower-cased address) pairs; entries without an @ are left out."""
    pairs = getaddresses([header(message, name)])
    return [(label.strip(), address.strip().lower()) for label, address in pairs if "@" in address]


def formatted(pairs: list[tuple[str, str]]) -> list[str]:
    return [f"{label} <{address}>" if label else address for label, address in pairs]


def message_ids(message: MIMEPart, name: str) -> list[str]:
    """The `<id>`s in Message-ID, In-Reply-To or References, at most the last MAX_IDS."""
    found = _ID.findall(_raw(message, name) or header(message, name))
    return found[-MAX_IDS:]


def first_id(message: MIMEPart, name: str) -> str:
    found = message_ids(message, name)
    return found[0][:300] if found else ""
