"""Text from outside made storable: no NUL characters and no lone surrogates.

PostgreSQL refuses a NUL in text and UTF-8 cannot encode a lone surrogate (JSON's "\\ud800"
decodes to one): either would fail the statement, and with it whatever else shared the
transaction. Neither is ever part of real text, so both are dropped.
"""

from __future__ import annotations

import re
from typing import Any

_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def clean_text(text: str) -> str:
    return _UNSTORABLE.sub("", text)


def clean_values(value: Any) -> Any:
    """Every string inside a JSON-like value (dict keys and values, lists) cleaned."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {clean_values(key): clean_values(item) for key, item in value.items()}
    if isinstance(value, list):
        return [clean_values(item) for item in value]
    return value
