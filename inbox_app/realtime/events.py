"""The live events, by name: the only module that calls the hub.

Each function says what happened; the hub carries it to every worker, and who receives it is
decided in one place each: a kind's refreshers and its audience are wired in the composition
root (`inbox_app/inbox_app.py`). `by` is the browser tab that caused it, which already shows it.
"""

from __future__ import annotations

from enum import StrEnum

from inbox_app.models.dto import MessageView
from inbox_app.realtime import hub

EVERY_CONVERSATION = hub.ANY_CONVERSATION


def touches(conversation_id: int, changed: frozenset[int]) -> bool:
    """Whether a "change" refresh, for the conversations `changed`, concerns this one."""
    return conversation_id in changed or EVERY_CONVERSATION in changed


class Kind(StrEnum):
    change = "change"  # data changed: lists, counts, dots, the open thread
    activity = "activity"  # only who views or types where
    message = "message"  # a new message, carried along, appended without a database read
    visitors = "visitors"  # who has the chat widget loaded (the Visitors online page)


def conversation_changed(
    conversation_id: int, *, by: str = "", this_worker_only: bool = False
) -> None:
    """Its list entry, counts and thread may look different now. this_worker_only: as for
    `everything_changed`."""
    hub.publish(
        sender_token=by,
        conversation_id=conversation_id,
        kind=Kind.change,
        this_worker_only=this_worker_only,
    )


def everything_changed(*, by: str = "", this_worker_only: bool = False) -> None:
    """Any conversation may look different (a bulk action, a team or presence change, a clock
    tick). this_worker_only: every worker finds out by itself (its own clock)."""
    hub.publish(
        sender_token=by,
        conversation_id=EVERY_CONVERSATION,
        kind=Kind.change,
        this_worker_only=this_worker_only,
    )


def message_added(conversation_id: int, message: MessageView, *, by: str = "") -> None:
    """Appended at once where the conversation is open; the full change follows it."""
    hub.publish(
        sender_token=by,
        conversation_id=conversation_id,
        kind=Kind.message,
        payload=message,
        then_change=True,
    )


def activity_changed(*, by: str = "") -> None:
    """Someone opened, left or typed in a conversation (an agent or a visitor)."""
    hub.publish(sender_token=by, kind=Kind.activity)


def visitors_changed(*, this_worker_only: bool = False) -> None:
    hub.publish(sender_token="", kind=Kind.visitors, this_worker_only=this_worker_only)
