"""Events cross Redis as JSON: a live message arrives as the same view it left as, and a
pickled body (code a publisher could make every worker run) is never unpickled."""

import pickle

import pytest

from inbox_app.models.dto import AttachmentView, MessageView
from inbox_app.realtime.transport import bus


def test_a_live_message_comes_back_as_the_view_it_was():
    view = MessageView(
        id=7,
        kind="reply",
        author="Anna",
        body_html="<p>Hi</p>",
        time_label="12:00",
        attachments=[AttachmentView(id=1, filename="a.png", size=3, is_image=True)],
    )
    event = ("tab-1", 42, [("message", view), ("change", None)])
    assert bus.decode(bus.encode("hub", event)) == ("hub", event)


def test_other_topics_keep_their_plain_bodies():
    assert bus.decode(bus.encode("wake", 42)) == ("wake", 42)
    assert bus.decode(bus.encode("invitation", "v-1")) == ("invitation", "v-1")


def test_a_pickled_body_is_refused_not_run():
    with pytest.raises(ValueError):
        bus.decode(pickle.dumps(("hub", ("tab", 1, []))))
