"""Email templates: a subject and a body, with placeholders, that fill an email reply.

Everyone reads and renders them; only admins write them. Names are unique regardless of case.
An empty subject is allowed: rendering it gives "" and the caller keeps the thread's subject.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypedDict

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, func, select

from inbox_app.i18n import mark
from inbox_app.models.dto import AgentView
from inbox_app.models.tables import EmailTemplate
from inbox_app.services.composer.placeholders import fill_placeholders
from inbox_app.services.errors import DomainError
from inbox_app.services.team.permissions import require_admin

MAX_NAME_CHARS = 120
MAX_SUBJECT_CHARS = 300
MAX_BODY_CHARS = 20_000


class EmailTemplateError(DomainError):
    """Bad input for an email template; the text is safe to show and nothing changed."""


@dataclass(frozen=True)
class EmailTemplateView:
    id: int
    name: str
    subject: str
    body: str


def list_email_templates(session: Session) -> list[EmailTemplateView]:
    rows = session.exec(select(EmailTemplate).order_by(func.lower(EmailTemplate.name))).all()
    return [_view(row) for row in rows]


def render_template(
    session: Session, *, template_id: int, values: dict[str, str]
) -> tuple[str, str]:
    """The filled (subject, body). The subject stays one line whatever the values hold."""
    row = _existing(session, template_id)
    subject = " ".join(fill_placeholders(row.subject, values=values).split())
    return subject[:MAX_SUBJECT_CHARS], fill_placeholders(row.body, values=values)


def create_email_template(
    session: Session, *, actor: AgentView, name: str, subject: str, body: str
) -> EmailTemplateView:
    require_admin(actor)
    row = EmailTemplate(**_checked(name=name, subject=subject, body=body))
    _ensure_unique(session, row.name, own_id=None)
    return _save(session, row)


def update_email_template(
    session: Session, *, actor: AgentView, template_id: int, name: str, subject: str, body: str
) -> EmailTemplateView:
    require_admin(actor)
    fields = _checked(name=name, subject=subject, body=body)
    row = _existing(session, template_id)
    _ensure_unique(session, fields["name"], own_id=template_id)
    row.name, row.subject, row.body = fields["name"], fields["subject"], fields["body"]
    return _save(session, row)


def delete_email_template(session: Session, *, actor: AgentView, template_id: int) -> None:
    require_admin(actor)
    session.delete(_existing(session, template_id))
    session.commit()


class _Fields(TypedDict):
    name: str
    subject: str
    body: str


def _checked(*, name: str, subject: str, body: str) -> _Fields:
    name, subject, body = name.strip(), subject.strip(), body.strip()
    if not 1 <= len(name) <= MAX_NAME_CHARS:
        raise EmailTemplateError(
            mark("A name needs 1 to {max_name_chars} characters."), max_name_chars=MAX_NAME_CHARS
        )
    if len(subject) > MAX_SUBJECT_CHARS:
        raise EmailTemplateError(
            mark("The subject is too long (at most {max_subject_chars})."),
            max_subject_chars=MAX_SUBJECT_CHARS,
        )
    if "\n" in subject or "\r" in subject:
        raise EmailTemplateError(mark("The subject must be a single line."))
    if not 1 <= len(body) <= MAX_BODY_CHARS:
        raise EmailTemplateError(
            mark("The text needs 1 to {max_body_chars:,} characters."),
            max_body_chars=MAX_BODY_CHARS,
        )
    return {"name": name, "subject": subject, "body": body}


def _ensure_unique(session: Session, name: str, *, own_id: int | None) -> None:
    statement = select(EmailTemplate).where(func.lower(EmailTemplate.name) == name.lower())
    row = session.exec(statement).first()
    if row is not None and row.id != own_id:
        raise EmailTemplateError(mark("A template named {name} exists already."), name=name)


def _save(session: Session, row: EmailTemplate) -> EmailTemplateView:
    session.add(row)
    try:
        session.commit()
    except IntegrityError as error:  # another admin took the name a moment ago
        session.rollback()
        raise EmailTemplateError(
            mark("A template named {name} exists already."), name=row.name
        ) from error
    return _view(row)


def _existing(session: Session, template_id: int) -> EmailTemplate:
    row = session.get(EmailTemplate, template_id)
    if row is None:
        raise EmailTemplateError(mark("This email template no longer exists."))
    return row


def _view(row: EmailTemplate) -> EmailTemplateView:
    return EmailTemplateView(id=row.id or 0, name=row.name, subject=row.subject, body=row.body)
