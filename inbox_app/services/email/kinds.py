"""Mail that is not a customer writing: auto-replies and bounces (delivery status reports)."""

from __future__ import annotations

from email.message import EmailMessage, Message
from email.utils import collapse_rfc2231_value

from inbox_app.models.mail import Bounce
from inbox_app.services.email.headers import header, message_ids

_BULK = {"bulk", "auto_reply", "junk", "list"}


def is_auto_reply(message: EmailMessage) -> bool:
    """RFC 3834's Auto-Submitted, and the older X-Autoreply / X-Autorespond / Precedence."""
    submitted = header(message, "Auto-Submitted").lower()
    if submitted and submitted != "no":
        return True
    if header(message, "X-Autoreply") or header(message, "X-Autorespond"):
        return True
    return header(message, "Precedence").lower() in _BULK


def bounce_of(message: EmailMessage) -> Bounce | None:
    """A `multipart/report; report-type=delivery-status`: the mails it returns and the reason."""
    if message.get_content_type() != "multipart/report":
        return None
    report_type = collapse_rfc2231_value(message.get_param("report-type", ""))
    if report_type.lower() != "delivery-status":
        return None
    ids: list[str] = []
    reason = ""
    for part in message.walk():
        kind = part.get_content_type()
        if kind in ("message/rfc822", "text/rfc822-headers"):
            ids += _returned_ids(part)
        elif kind == "message/delivery-status":
            reason = reason or _reason(part)
    return Bounce(message_ids=list(dict.fromkeys(ids)), reason=reason or "The mail bounced.")


def _returned_ids(part: EmailMessage) -> list[str]:
    if part.get_content_type() == "message/rfc822":
        inner = part.get_payload()
        inner = inner[0] if isinstance(inner, list) and inner else inner
        return message_ids(inner, "Message-ID") if isinstance(inner, EmailMessage) else []
    from email import message_from_bytes, policy

    payload = part.get_payload(decode=True)
    payload = payload if isinstance(payload, bytes) else b""
    return message_ids(message_from_bytes(payload, policy=policy.default), "Message-ID")


def _reason(part: EmailMessage) -> str:
    """The first recipient's Diagnostic-Code, else its Status and Action."""
    blocks = part.get_payload()
    fields: dict[str, str] = {}
    for block in blocks if isinstance(blocks, list) else []:
        if not isinstance(block, Message):
            continue
        for key in ("Diagnostic-Code", "Status", "Action"):
            if block.get(key) and key not in fields:
                fields[key] = " ".join(str(block.get(key)).split())
    if code := fields.get("Diagnostic-Code"):
        return code.split(";", 1)[-1].strip()[:500]
    return " ".join(fields.get(k, "") for k in ("Action", "Status")).strip()[:500]
