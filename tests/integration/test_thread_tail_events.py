"""The live tail is filled by the server only: a browser can send any event name it likes."""

from inbox_app.state.thread_tail import ThreadTailState


def test_the_tail_offers_the_browser_no_event_of_its_own():
    assert set(ThreadTailState.event_handlers) <= {"setvar"}
    # setvar only calls a var's set_ handler, and the tail's vars have none
    assert not hasattr(ThreadTailState, "set_messages")
    assert not hasattr(ThreadTailState, "set_follows")
