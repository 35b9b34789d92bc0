"""Bytes of a mail → ParsedMail. Pure, and never raises: a broken mail is read as well as it can
be, and what could not be read is named in `problems` (issue 11, parsing)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from email import message_from_bytes, policy
from email.headerregistry import HeaderRegistry
from email.message import EmailMessage, Message, MIMEPart

from inbox_app.models.mail import MailFile, ParsedMail
from inbox_app.services.email import headers as h
from inbox_app.services.email.html_text import html_to_text, safe_html
from inbox_app.services.email.kinds import bounce_of, is_auto_reply
from inbox_app.services.email.quoting import new_text


class _Headers(HeaderRegistry):
    """The standard registry makes a new class for every header it parses (a third of the
    parsing time); the class depends only on the header's name, so each is made once."""

    def __init__(self) -> None:
        super().__init__()
        self._made: dict[str, type] = {}

    def __getitem__(self, name: str) -> type:
        key = name.lower()
        if key not in self._made:
            self._made[key] = super().__getitem__(name)
        return self._made[key]


POLICY = policy.default.clone(header_factory=_Headers())
# Mislabelled cp1252 is everywhere: read ISO-8859-1 as its superset, as browsers do.
_CHARSET_ALIASES = {"iso-8859-1": "cp1252", "latin1": "cp1252", "us-ascii": "cp1252"}


def parse_mail(raw: bytes) -> ParsedMail:
    message = message_from_bytes(raw, policy=POLICY)
    problems = [type(defect).__name__ for defect in message.defects]
    text, html, body_parts = _bodies(message, problems)
    sender = (h.addresses(message, "From") or [("", "")])[0]
    return ParsedMail(
        message_id=h.first_id(message, "Message-ID"),
        content_hash=hashlib.sha256(raw).hexdigest(),
        subject=h.header(message, "Subject")[:300],
        from_address=sender[1],
        from_name=sender[0],
        to=h.formatted(h.addresses(message, "To")),
        cc=h.formatted(h.addresses(message, "Cc")),
        in_reply_to=h.message_ids(message, "In-Reply-To"),
        references=h.message_ids(message, "References"),
        text=new_text(text),
        full_text=text,
        html=html,
        files=_files(message, body_parts, problems),
        auto_reply=is_auto_reply(message),
        bounce=bounce_of(message),
        problems=problems,
    )


def _bodies(message: EmailMessage, problems: list[str]) -> tuple[str, str, list[int]]:
    """(text, sanitised html, ids of the parts that were the body). Text/plain preferred;
    an HTML-only mail gets its text from the HTML."""
    plain = _find_body(message, "plain")
    rich = _find_body(message, "html")
    html = safe_html(decoded_text(rich, problems)) if rich is not None else ""
    text = decoded_text(plain, problems) if plain is not None else html_to_text(html)
    used = [id(part) for part in (plain, rich) if part is not None]
    return text.replace("\r\n", "\n").strip(), html, used


def _find_body(message: EmailMessage, subtype: str) -> MIMEPart | None:
    try:
        return message.get_body(preferencelist=(subtype,))
    except Exception:
        return None


def decoded_text(part: MIMEPart, problems: list[str]) -> str:
    """The part's text in its charset; an unknown or lying charset is read as well as it can be."""
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return str(part.get_payload() or "")
    charset = (part.get_content_charset() or "us-ascii").lower()
    charset = _CHARSET_ALIASES.get(charset, charset)
    try:
        return payload.decode(charset)
    except (LookupError, UnicodeDecodeError):
        problems.append(f"charset {charset} could not be read")
    try:
        return payload.decode("utf-8")
    except UnicodeDecodeError:
        return payload.decode("cp1252", "replace")


def _files(message: EmailMessage, body_parts: list[int], problems: list[str]) -> list[MailFile]:
    files: list[MailFile] = []
    for part in _leaves(message):
        if id(part) in body_parts or _is_alternative_text(part):
            continue
        try:
            files.append(_file(part, len(files) + 1))
        except Exception as error:  # a part that cannot be decoded is named, not fatal
            problems.append(f"attachment {len(files) + 1} unreadable: {type(error).__name__}")
    return files


def _leaves(part: MIMEPart) -> Iterator[MIMEPart]:
    """Every non-multipart part; a forwarded mail (message/rfc822) stays one file."""
    if part.get_content_type() == "message/rfc822" or not part.is_multipart():
        yield part
        return
    for child in part.iter_parts():
        yield from _leaves(child)


def _is_alternative_text(part: MIMEPart) -> bool:
    return (
        part.get_content_maintype() == "text"
        and part.get_content_subtype() in ("plain", "html")
        and not part.get_filename()
        and part.get_content_disposition() != "attachment"
    )


def _file(part: MIMEPart, number: int) -> MailFile:
    kind = part.get_content_type()
    if kind == "message/rfc822":
        inner = part.get_payload()
        inner = inner[0] if isinstance(inner, list) else inner
        if not isinstance(inner, Message):
            raise TypeError("a message/rfc822 part without a message")
        data = inner.as_bytes()
    else:
        payload = part.get_payload(decode=True)
        data = payload if isinstance(payload, bytes) else b""
    name = part.get_filename() or f"attachment-{number}{_extension(kind)}"
    content_id = h.first_id(part, "Content-ID").strip("<>")
    inline = part.get_content_disposition() == "inline" or bool(content_id)
    return MailFile(
        filename=name.strip()[:255],
        content_type=kind,
        data=data,
        content_id=content_id,
        inline=inline,
    )


def _extension(kind: str) -> str:
    return {"message/rfc822": ".eml", "image/png": ".png", "image/jpeg": ".jpg"}.get(kind, ".bin")
