"""An outgoing mail as MIME: From INBOX_MAIL_FROM, To the contact, threaded headers, the text
and its sanitised HTML as multipart/alternative, the files as attachments (CONTRACT.md, Email)."""

from __future__ import annotations

from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

from inbox_app.models.mail import OutgoingMail
from inbox_app.services.attachments.storage import open_path
from inbox_app.services.rendering import markdown_to_html

_HTML = '<!doctype html><html><body><div style="font-family:sans-serif">{}</div></body></html>'


def build_mime(
    mail: OutgoingMail, *, mail_from: str, upload_dir: Path, now: datetime
) -> EmailMessage:
    mime = EmailMessage()
    mime["From"], mime["To"], mime["Subject"] = mail_from, mail.to, mail.subject
    mime["Date"], mime["Message-ID"] = format_datetime(now), mail.rfc_message_id
    if mail.in_reply_to:
        mime["In-Reply-To"] = mail.in_reply_to
    if mail.references:
        mime["References"] = " ".join(mail.references)
    mime.set_content(mail.text or " ")
    mime.add_alternative(_HTML.format(markdown_to_html(mail.text, by_agent=True)), subtype="html")
    for file in mail.files:
        path = open_path(upload_dir=upload_dir, storage_key=file.storage_key)
        if path is not None:  # a file purged since: the mail goes without it
            _attach(mime, path.read_bytes(), file.content_type, file.filename)
    return mime


def _attach(mime: EmailMessage, data: bytes, content_type: str, filename: str) -> None:
    maintype, _, subtype = content_type.partition("/")
    if not subtype:
        maintype, subtype = "application", "octet-stream"
    mime.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
