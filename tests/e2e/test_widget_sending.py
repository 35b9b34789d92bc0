"""A visitor who sends quickly, or on a bad connection, loses nothing and duplicates nothing:
each text has a key of its own, texts go out in order, a failed send is retried by itself."""

from playwright.sync_api import Browser, Route, expect
from sqlmodel import select

from inbox_app.models.tables import Message
from tests.e2e.test_widget import host_page, open_widget, say, start  # noqa: F401  (fixture)


def chat_frame(visitor):
    return next(frame for frame in visitor.frames if "widget-frame" in frame.url)


def stored(db, *bodies: str) -> list[str]:
    db.expire_all()
    rows = db.exec(select(Message.body).where(Message.body.in_(bodies)).order_by(Message.id))
    return list(rows)


def test_two_messages_sent_in_one_tick_are_both_kept_in_order(browser: Browser, host_page, db):  # noqa: F811
    visitor, chat = open_widget(browser, host_page)
    start(chat, "Quick Quentin")
    say(chat, "Hello")
    log = chat.get_by_role("log", name="Chat messages")
    expect(log.locator("article:not(.pending)")).to_have_count(1)
    chat_frame(visitor).evaluate(
        """() => {
            const form = document.getElementById("compose"), box = form.elements.body;
            box.value = "first of two"; form.requestSubmit();
            box.value = "second of two"; form.requestSubmit();
        }"""
    )
    expect(log.locator("article:not(.pending)")).to_have_count(3)
    expect(log.locator("article.pending")).to_have_count(0)
    assert stored(db, "first of two", "second of two") == ["first of two", "second of two"]
    visitor.context.close()


def test_a_send_that_fails_on_the_way_is_retried_and_stored_once(
    browser: Browser,
    host_page,  # noqa: F811
    db,
):
    visitor, chat = open_widget(browser, host_page)
    start(chat, "Patchy Pat")
    attempts: list[str] = []

    def flaky(route: Route) -> None:  # the first try never reaches the server
        attempts.append(route.request.post_data or "")
        route.abort() if len(attempts) == 1 else route.continue_()

    visitor.route("**/api/widget/messages", flaky)
    say(chat, "through the tunnel")
    expect(chat.get_by_role("textbox", name="Type your message")).to_have_value("")
    log = chat.get_by_role("log", name="Chat messages")
    expect(log.locator("article.pending")).to_contain_text("through the tunnel")
    expect(log.locator("article:not(.pending)")).to_contain_text("through the tunnel")
    assert len(attempts) == 2 and attempts[0] == attempts[1]  # same text, same key
    assert stored(db, "through the tunnel") == ["through the tunnel"]
    visitor.context.close()
