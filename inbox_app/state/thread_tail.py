"""The live tail under the open thread: messages that arrived after the thread was loaded."""

from __future__ import annotations

from dataclasses import replace

from inbox_app.models.dto import MessageView
from inbox_app.models.tables import utcnow
from inbox_app.services.rendering import time_label
from inbox_app.state.open_conversation import OpenConversationState


class ThreadTailState(OpenConversationState):
    """Messages that arrived live after the open thread was loaded, in a state of their own.

    The thread re-rendering took the receiving browser about 100 ms; a live message changes
    only this small state, so only the few messages of the tail render again. The full reload
    that follows still updates OpenConversationState, after the message is on screen."""

    messages: list[MessageView] = []
    # The thread_key these messages follow: a reloaded thread holds them itself, and then the
    # tail is hidden (the key changed) until the next live message resets it.
    follows: str = ""

    def _add(self, *, conversation_id: int, message: MessageView) -> None:
        """Append a message to the open thread, unless another conversation is open or it is
        shown already. Underscored: a public method would be an event any browser could send."""
        opened = self.parent_state
        if (
            not isinstance(opened, OpenConversationState)
            or opened.conversation_id != conversation_id
        ):
            return
        if self.follows != opened.thread_key:
            self.messages, self.follows = [], opened.thread_key
        shown = (*opened.thread, *self.messages)
        if all(m.id != message.id for m in shown):
            self.messages = [*self.messages, message]

    async def _live_message(self, conversation_id: int, message: MessageView) -> None:
        """The hub's fast path: no database work, only this state changes. A tab whose
        sign-in ran out (or was ended) gets nothing, and the tail it showed goes."""
        if not self._token_still_valid():
            self.messages, self.follows = [], ""
            self._end_session()
            return
        # It was written just now; its label is this agent's clock, not the writer's.
        now = utcnow()
        shown = replace(message, time_label=time_label(now, now=now, reader=self._reader()))
        self._add(conversation_id=conversation_id, message=shown)
