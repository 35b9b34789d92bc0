"""Shared by the widget integration tests: an admin, and the form rules set through the service."""

from sqlmodel import func, select

from inbox_app.models.enums import Role
from inbox_app.models.tables import Contact, Conversation
from inbox_app.services.team.agents import create_agent
from inbox_app.services.widget.config import WidgetForm, save_widget_form


def an_admin(session):
    return create_agent(
        session, email="root@example.com", password="password-9", name="Root", role=Role.admin
    )


def set_form(session, **rules):
    save_widget_form(session, actor=an_admin(session), form=WidgetForm(**rules))


def counts(session) -> tuple[int, int]:
    """(contacts, conversations): to show a refused request created nothing."""
    return (
        session.exec(select(func.count()).select_from(Contact)).one(),
        session.exec(select(func.count()).select_from(Conversation)).one(),
    )
