"""Signed values the widget carries: the anonymous visitor id and visitor download links.

The visitor id is random and signed (not guessable, not forgeable) and says when the browser
was first seen, so the Visitors online page can tell new from returning visitors.
Download links name one attachment and one conversation: an `<img src>` sends no headers.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import UTC, datetime, timedelta

from inbox_app.security import small_int

LINK_LIFETIME = timedelta(hours=1)


def _mac(secret: str, text: str) -> str:
    return hmac.new(secret.encode(), text.encode(), hashlib.sha256).hexdigest()[:32]


def issue_visitor_id(*, secret: str, now: datetime) -> str:
    body = f"{secrets.token_urlsafe(12)}.{int(now.timestamp())}"
    return f"{body}.{_mac(secret, 'visitor-id:' + body)}"


def read_visitor_id(*, signed: str, secret: str) -> tuple[str, datetime] | None:
    """(the random id, first seen) of a genuine visitor id; None for anything else."""
    random_part, _, rest = signed.partition(".")
    seen, _, mac = rest.partition(".")
    first_seen = small_int(seen) if seen else None
    if not random_part or first_seen is None or len(signed) > 200:
        return None
    expected = _mac(secret, f"visitor-id:{random_part}.{seen}")
    if not hmac.compare_digest(expected.encode(), mac.encode("utf-8", "replace")):
        return None
    return random_part, datetime.fromtimestamp(first_seen, UTC)


def visitor_file_url(
    *, attachment_id: int, conversation_id: int, secret: str, now: datetime
) -> str:
    expires = int((now + LINK_LIFETIME).timestamp())
    sig = _mac(secret, f"widget-file:{attachment_id}:{conversation_id}:{expires}")
    return f"/api/widget/files/{attachment_id}?c={conversation_id}&exp={expires}&sig={sig}"


def verified_file_conversation(
    *, attachment_id: int, c: str, exp: str, sig: str, secret: str, now: datetime
) -> int | None:
    """The conversation a visitor link was signed for; None if forged, altered or expired."""
    conversation_id, expires = small_int(c), small_int(exp)
    if conversation_id is None or expires is None or now.timestamp() > expires:
        return None
    expected = _mac(secret, f"widget-file:{attachment_id}:{conversation_id}:{expires}")
    ok = hmac.compare_digest(expected.encode(), sig.encode("utf-8", "replace"))
    return conversation_id if ok else None
