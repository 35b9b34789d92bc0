"""Files in the widget as a visitor sends them: each chosen file shows its progress, and one
still waiting can be removed before it is sent (it never reaches the server), and one whose
bytes are all on their way can no longer be."""

from playwright.sync_api import Browser, expect
from sqlmodel import select

from inbox_app.models.tables import Attachment
from tests.e2e.conftest import static_site
from tests.e2e.slow_line import slow_line
from tests.e2e.test_composer import PNG
from tests.e2e.test_widget import say, start
from tests.e2e.test_widget_live import site, visit  # noqa: F401  (fixture)

TEXT = "text/plain"
WHOLE = b"w" * 500_000
SECOND = {"name": "second-choice.txt", "mimeType": TEXT, "buffer": b"not this one"}


def test_each_file_shows_its_progress_and_a_waiting_one_can_be_removed(
    browser: Browser,
    site,  # noqa: F811
    db,
):
    visitor, chat = visit(browser, f"{site}/files.html")
    start(chat, "Ulla Uploads")
    say(chat, "Two files coming")
    log = chat.get_by_role("log", name="Chat messages")
    expect(log).to_contain_text("Two files coming")
    held = []  # the first upload waits here, so the second is still queued behind it
    visitor.context.route("**/api/widget/attachments", lambda route: held.append(route))

    with visitor.expect_file_chooser() as chooser:
        chat.get_by_role("button", name="Attach a file").click()
    first = {"name": "first-choice.png", "mimeType": "image/png", "buffer": PNG}
    chooser.value.set_files([first, SECOND])
    expect(chat.get_by_role("progressbar", name="Sending first-choice.png")).to_be_visible()
    expect(chat.get_by_role("progressbar", name="Sending second-choice.txt")).to_be_visible()
    chat.get_by_role("button", name="Remove second-choice.txt").click()
    expect(chat.get_by_role("progressbar", name="Sending second-choice.txt")).to_have_count(0)

    while not held:
        visitor.wait_for_timeout(50)
    held[0].continue_()
    expect(log.get_by_role("img", name="first-choice.png")).to_be_visible()
    expect(chat.get_by_role("progressbar")).to_have_count(0)
    say(chat, "That was all")  # the queue has moved past the removed file by now
    expect(log).to_contain_text("That was all")
    assert len(held) == 1
    expect(log).not_to_contain_text("second-choice.txt")
    names = db.exec(select(Attachment.filename)).all()
    assert "first-choice.png" in names and "second-choice.txt" not in names
    visitor.context.close()


def test_a_file_handed_over_whole_can_no_longer_be_taken_back(browser: Browser, server, tmp_path):
    port = int(server.env["INBOX_PORT"])
    with slow_line(upstream_port=port, bytes_per_second=1_000_000) as line:
        (tmp_path / "shop.html").write_text(
            f'<!doctype html><title>Slow shop</title><script src="{line.url}/widget.js"></script>'
        )
        with static_site(tmp_path) as shop:
            visitor, chat = visit(browser, f"{shop}/shop.html")
            start(chat, "Sam Slowline")
            with visitor.expect_file_chooser() as chooser:
                chat.get_by_role("button", name="Attach a file").click()
            # The system takes all of it at once: stopping the upload would not stop the bytes.
            chooser.value.set_files([{"name": "whole.txt", "mimeType": TEXT, "buffer": WHOLE}])
            expect(chat.get_by_role("progressbar", name="Sending whole.txt")).to_be_visible()
            expect(chat.get_by_role("button", name="Remove whole.txt")).to_be_hidden()
            log = chat.get_by_role("log", name="Chat messages")
            expect(log.get_by_role("link", name="whole.txt")).to_be_visible()
