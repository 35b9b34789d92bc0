"""The composer as people expect it (issue 15): `@` suggests agents in a comment, and each file
shows its upload progress and can be removed before sending."""

import re
from collections.abc import Iterator
from contextlib import contextmanager

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect
from sqlmodel import select

from inbox_app.models.tables import Attachment, Notification
from tests.e2e.conftest import eventually, make_agent, make_conversation, open_conversation, sign_in
from tests.e2e.slow_line import SlowLine, slow_line

TEXT = "text/plain"
LINE_RATE = 1_000_000  # bytes a second


def articles(page: Page):
    return page.get_by_role("log", name="Messages").get_by_role("article")


def handle(name: str) -> str:
    return "@" + name.replace(" ", ".")


def severe_findings(page: Page) -> list[str]:
    found = Axe().run(page).response["violations"]
    return [f"{v['id']}: {v['help']}" for v in found if v["impact"] in ("serious", "critical")]


def mentioned(db, agent_id: int) -> bool:
    db.expire_all()
    rows = db.exec(
        select(Notification.id).where(
            Notification.agent_id == agent_id, Notification.kind == "mention"
        )
    )
    return bool(rows.all())


def test_at_in_a_comment_suggests_agents_picked_by_keyboard_or_mouse(
    page: Page, browser, base_url, db
):
    made = make_conversation(db)
    made_two = (make_agent(db, "Mirella"), make_agent(db, "Mirella"))
    first, second = sorted(made_two, key=lambda agent: agent.name)  # the list's order
    sign_in(page)
    box = open_conversation(page, made)
    suggestions = page.get_by_role("listbox", name="Mention an agent")
    box.type("@Mire")
    expect(suggestions).to_have_count(0)  # a reply to the contact: no suggestions
    box.fill("")
    page.get_by_role("tab", name="Comment").click()
    box.type("Please look @mire")
    options = suggestions.get_by_role("option")
    expect(options).to_have_count(2)
    expect(options.first).to_have_attribute("aria-selected", "true")
    assert severe_findings(page) == []
    box.press("ArrowDown")
    chosen = suggestions.get_by_role("option", name=second.name, exact=True)
    expect(chosen).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", chosen.get_attribute("id") or "?")
    box.press("Escape")
    expect(suggestions).to_have_count(0)
    box.type("l")  # typing on asks again
    box.press("ArrowDown")
    box.press("Enter")  # picks, does not send
    expect(box).to_have_value(f"Please look {handle(second.name)} ")
    box.type("and @Mirel")
    suggestions.get_by_role("option", name=first.name, exact=True).click()  # the mouse
    expect(box).to_have_value(f"Please look {handle(second.name)} and {handle(first.name)} ")
    expect(box).to_be_focused()
    box.press("Enter")
    expect(articles(page).filter(has_text="Please look")).to_contain_text("Internal note")
    eventually(lambda: mentioned(db, first.id), what="the mouse-picked agent's mention")
    mira = browser.new_context(base_url=base_url).new_page()
    sign_in(mira, second.email, second.password)
    bell = mira.get_by_role("navigation", name="Main").get_by_role("button", name="Notifications")
    expect(bell).to_have_text("1")
    bell.click()
    expect(mira.get_by_role("dialog", name="Notifications")).to_contain_text(
        "Admin mentioned you in a note"
    )
    mira.context.close()


def test_tab_picks_the_highlighted_agent(page: Page, db):
    made = make_conversation(db)
    agent = make_agent(db, "Tabitha")
    sign_in(page)
    box = open_conversation(page, made)
    page.get_by_role("tab", name="Comment").click()
    box.type(f"@{agent.name.split(' ')[1][:3]}")  # the surname's first letters find her too
    expect(page.get_by_role("option", name=agent.name, exact=True)).to_be_visible()
    box.press("Tab")
    expect(box).to_have_value(f"{handle(agent.name)} ")
    expect(box).to_be_focused()


def test_each_file_shows_its_progress_and_a_removed_one_is_never_sent(page: Page, db):
    made = make_conversation(db)
    sign_in(page)
    box = open_conversation(page, made)
    page.locator("#composer-file-input").set_input_files(
        [
            {"name": "keep.txt", "mimeType": TEXT, "buffer": b"kept bytes"},
            {"name": "drop.txt", "mimeType": TEXT, "buffer": b"x" * 300_000},
        ]
    )
    files = page.get_by_role("list", name="Files to send")
    for name in ("keep.txt", "drop.txt"):
        bar = files.get_by_role("progressbar", name=f"Upload of {name}")
        expect(bar).to_have_js_property("value", 100)

    def stored(name: str) -> list[int]:
        db.expire_all()
        rows = db.exec(select(Attachment.id).where(Attachment.conversation_id == made.id))
        return [i for i in rows.all() if db.get(Attachment, i).filename == name]

    eventually(lambda: stored("drop.txt"), what="the upload on the server")
    files.get_by_role("button", name="Remove drop.txt").click()
    expect(files).not_to_contain_text("drop.txt")
    expect(files.get_by_role("button", name="Remove keep.txt")).to_be_focused()
    eventually(lambda: not stored("drop.txt"), what="the removed upload forgotten")
    assert severe_findings(page) == []
    box.fill("Only one file")
    page.get_by_role("button", name="Send", exact=True).click()
    sent = articles(page).filter(has_text="Only one file")
    expect(sent.get_by_role("link", name="keep.txt")).to_be_visible()
    expect(sent.get_by_role("link", name="drop.txt")).to_have_count(0)
    expect(files.get_by_role("listitem")).to_have_count(0)


def test_send_during_an_upload_waits_for_the_file(page: Page, db):
    made = make_conversation(db)
    sign_in(page)
    box = open_conversation(page, made)
    held = []
    page.route("**/api/conversations/*/attachments", lambda route: held.append(route))  # held
    page.locator("#composer-file-input").set_input_files(
        [{"name": "slow.txt", "mimeType": TEXT, "buffer": b"y" * 100_000}]
    )
    bar = page.get_by_role("progressbar", name="Upload of slow.txt")
    expect(bar).to_be_visible()
    while not held:
        page.wait_for_timeout(50)
    assert bar.evaluate("el => el.value") < 100
    box.fill("The file follows")
    page.get_by_role("button", name="Send", exact=True).click()
    expect(box).to_have_value("The file follows")  # not sent (a sent form is emptied)
    held[0].continue_()
    sent = articles(page).filter(has_text="The file follows")
    expect(sent.get_by_role("link", name="slow.txt")).to_be_visible()
    expect(bar).to_have_count(0)


@contextmanager
def on_a_slow_line(browser: Browser, server) -> Iterator[tuple[SlowLine, Page]]:
    """A tab whose uploads go up at LINE_RATE, as on a slow connection."""
    port = int(server.env["INBOX_PORT"])
    with slow_line(upstream_port=port, bytes_per_second=LINE_RATE) as line:
        context = browser.new_context(base_url=line.url)
        context.set_default_timeout(15_000)
        yield line, context.new_page()


def choose_and_remove(page: Page, *, name: str, size: int) -> None:
    page.locator("#composer-file-input").set_input_files(
        [{"name": name, "mimeType": "application/octet-stream", "buffer": b"z" * size}]
    )
    bar = page.get_by_role("progressbar", name=f"Upload of {name}")
    expect(bar).not_to_have_js_property("value", 0)  # on its way
    assert bar.evaluate("el => el.value") < 100
    page.get_by_role("button", name=f"Remove {name}").click()
    expect(bar).to_have_count(0)


def stored_files(db, conversation_id: int) -> list[int]:
    db.expire_all()
    return db.exec(select(Attachment.id).where(Attachment.conversation_id == conversation_id)).all()


def test_a_file_removed_while_uploading_stops_and_leaves_nothing(browser, server, db):
    made = make_conversation(db)
    size = 8_000_000  # more than the system takes from the browser at once: it goes up for seconds
    with on_a_slow_line(browser, server) as (line, page):
        sign_in(page)
        box = open_conversation(page, made)
        choose_and_remove(page, name="huge.bin", size=size)
        expect(box).to_be_focused()
        box.fill("Nothing attached")
        page.get_by_role("button", name="Send", exact=True).click()
        expect(articles(page).filter(has_text="Nothing attached")).to_be_visible()
        upload = line.busiest()
        assert upload.ended.wait(15)  # stopped: the connection ends ...
        assert upload.sent < size  # ... before the whole file went up, so none can be stored
    assert stored_files(db, made.id) == []


def test_a_file_removed_once_handed_over_whole_is_deleted_when_it_arrives(browser, server, db):
    made = make_conversation(db)
    with on_a_slow_line(browser, server) as (line, page):
        sign_in(page)
        open_conversation(page, made)
        with page.expect_response(lambda answer: answer.request.method == "DELETE") as answer:
            # The system takes all of it at once: stopping the upload would not stop the bytes.
            choose_and_remove(page, name="small.bin", size=500_000)
        assert answer.value.status == 204
    assert stored_files(db, made.id) == []


def test_files_chosen_for_one_conversation_never_go_with_another(page: Page, db):
    first, second = make_conversation(db), make_conversation(db)
    sign_in(page)
    open_conversation(page, first)
    page.locator("#composer-file-input").set_input_files(
        [{"name": "for-the-first.txt", "mimeType": TEXT, "buffer": b"first"}]
    )
    bar = page.get_by_role("progressbar", name="Upload of for-the-first.txt")
    expect(bar).to_have_js_property("value", 100)
    page.get_by_role("region", name="Message list").locator(f'a[href="{second.url}"]').click()
    expect(page).to_have_url(re.compile(f"/{second.id}$"))
    expect(page.get_by_role("list", name="Files to send")).not_to_contain_text("for-the-first")

    def forgotten() -> bool:
        db.expire_all()
        return not db.exec(
            select(Attachment.id).where(Attachment.conversation_id == first.id)
        ).all()

    eventually(forgotten, what="the upload of the conversation left behind")
    page.get_by_role("textbox", name="Message").fill("No files here")
    page.get_by_role("button", name="Send", exact=True).click()
    sent = articles(page).filter(has_text="No files here")
    expect(sent).to_be_visible()
    expect(sent.get_by_role("link")).to_have_count(0)
