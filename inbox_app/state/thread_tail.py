"""Messages that arrived live after the open thread was loaded, in a state of their own.

Every component that reads a state re-renders when that state changes. The thread and the list
read InboxState, and re-rendering them took the receiving browser about 100 ms; a live message
changes only this small state, so only the few messages of the tail render again. The full
reload that follows (lists, counts) still updates InboxState, after the message is on screen.
"""

from __future__ import annotations

from inbox_app.models.dto import MessageView
from inbox_app.state.inbox import InboxState


class ThreadTailState(InboxState):
    messages: list[MessageView] = []
    # The InboxState.thread_key these messages follow: a reloaded thread holds them itself,
    # and then the tail is hidden (the key changed) until the next live message resets it.
    follows: str = ""

    def _add(self, *, conversation_id: int, message: MessageView) -> None:
        """Append a message to the open thread, unless another conversation is open or it is
        shown already. Underscored: a public method would be an event any browser could send."""
        inbox = self.parent_state
        if not isinstance(inbox, InboxState) or inbox.conversation_id != conversation_id:
            return
        if self.follows != inbox.thread_key:
            self.messages, self.follows = [], inbox.thread_key
        shown = (*inbox.thread, *self.messages)
        if all(m.id != message.id for m in shown):
            self.messages = [*self.messages, message]

    async def _live_message(self, conversation_id: int, message: MessageView) -> None:
        """The hub's fast path: no database work, only this state changes. A tab whose
        sign-in ran out (or was ended) gets nothing, and the tail it showed goes."""
        if not self._token_still_valid():
            self.messages, self.follows = [], ""
            self._end_session()
            return
        self._add(conversation_id=conversation_id, message=message)
