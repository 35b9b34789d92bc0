"""The team's labels: admins add and delete them, everyone reads them."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, func, select

from inbox_app.i18n import mark
from inbox_app.models.dto import AgentView, LabelView
from inbox_app.models.tables import Label
from inbox_app.services.errors import DomainError
from inbox_app.services.team.permissions import require_admin

MAX_NAME = 50
# Radix colour names: the UI draws a label in its colour, the name stays readable as text.
COLOURS = ("blue", "green", "amber", "red", "violet", "cyan", "pink", "gray")


class LabelError(DomainError):
    """The label change cannot be made; the message is safe to show and nothing changed."""


def list_labels(session: Session) -> list[LabelView]:
    rows = session.exec(select(Label).order_by(func.lower(Label.name))).all()
    return [to_view(row) for row in rows]


def to_view(label: Label) -> LabelView:
    return LabelView(id=label.id or 0, name=label.name, colour=label.colour)


def create_label(session: Session, *, actor: AgentView, name: str, colour: str) -> LabelView:
    require_admin(actor)
    name = " ".join(name.split())
    if not name or len(name) > MAX_NAME:
        raise LabelError(
            mark("A label needs a name of 1 to {max_name} characters."), max_name=MAX_NAME
        )
    if colour not in COLOURS:
        raise LabelError(mark("Pick one of the offered colours."))
    if find_by_name(session, name=name) is not None:
        raise LabelError(mark("A label named {name} exists already."), name=name)
    label = Label(name=name, colour=colour)
    session.add(label)
    try:
        session.commit()
    except IntegrityError as error:  # another admin added the same name meanwhile
        session.rollback()
        raise LabelError(mark("A label named {name} exists already."), name=name) from error
    return to_view(label)


def delete_label(session: Session, *, actor: AgentView, label_id: int) -> None:
    """The label leaves every conversation with it (the database cascades)."""
    require_admin(actor)
    label = session.get(Label, label_id)
    if label is None:
        raise LabelError(mark("That label no longer exists."))
    session.delete(label)
    session.commit()


def find_by_name(session: Session, *, name: str) -> Label | None:
    """The label of this name, in any case ("vip" finds "VIP")."""
    wanted = " ".join(name.split()).lower()
    if not wanted:
        return None
    return session.exec(select(Label).where(func.lower(col(Label.name)) == wanted)).first()
