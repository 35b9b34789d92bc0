"""In-app notifications: assignments and mentions, per agent."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, func, select, update

from inbox_app.models.tables import Notification
from inbox_app.services.rendering import time_label


@dataclass(frozen=True)
class NotificationView:
    id: int
    text: str
    href: str
    time_label: str
    unread: bool


def unread_count(session: Session, *, agent_id: int) -> int:
    statement = (
        select(func.count())
        .select_from(Notification)
        .where(Notification.agent_id == agent_id, Notification.read_at.is_(None))
    )
    return session.exec(statement).one()


def recent(
    session: Session, *, agent_id: int, now: datetime, limit: int = 20
) -> list[NotificationView]:
    rows = session.exec(
        select(Notification)
        .where(Notification.agent_id == agent_id)
        .order_by(Notification.created_at.desc(), Notification.id.desc())
        .limit(limit)
    ).all()
    return [
        NotificationView(id=n.id or 0, text=n.text, time_label=time_label(n.created_at, now=now),
                         href=f"/inbox/all/{n.conversation_id}" if n.conversation_id else "/inbox/mine",
                         unread=n.read_at is None)
        for n in rows
    ]  # fmt: skip


def mark_all_read(session: Session, *, agent_id: int, now: datetime) -> None:
    session.exec(
        update(Notification)
        .where(Notification.agent_id == agent_id, Notification.read_at.is_(None))
        .values(read_at=now)
    )  # type: ignore[call-overload]
    session.commit()
