"""How a delivery is signed (CONTRACT.md): `X-Inbox-Signature: t=<unix seconds>,v1=<hex
HMAC-SHA256 of "<t>.<raw body>">` with the webhook's secret. The timestamp is inside the signed
text, so a receiver that refuses old timestamps cannot be fed a recorded delivery again."""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any


def body_of(payload: dict[str, Any]) -> bytes:
    """The exact bytes sent, and signed: compact JSON, keys in a stable order."""
    return json.dumps(payload, separators=(",", ":"), sort_keys=True).encode()


def signature(*, secret: str, body: bytes, timestamp: int) -> str:
    """The X-Inbox-Signature header's value."""
    signed = f"{timestamp}.".encode() + body
    digest = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def verify(*, secret: str, body: bytes, header: str, now: int, tolerance: int = 300) -> bool:
    """What a receiver does (the README's example does the same): recompute, compare in
    constant time, refuse a timestamp further than `tolerance` seconds from now."""
    parts = dict(item.split("=", 1) for item in header.split(",") if "=" in item)
    try:
        timestamp = int(parts.get("t", ""))
    except ValueError:
        return False
    if abs(now - timestamp) > tolerance:
        return False
    expected = signature(secret=secret, body=body, timestamp=timestamp)
    return hmac.compare_digest(expected, f"t={timestamp},v1={parts.get('v1', '')}")
