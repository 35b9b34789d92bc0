"""The composer as an agent uses it: formatting, drafts, saved replies, templates, files, limits."""

import re

from playwright.sync_api import Page, expect
from sqlmodel import select

from inbox_app.models.tables import Draft
from inbox_app.services.composer.email_templates import create_email_template
from inbox_app.services.composer.saved_replies import create_saved_reply
from tests.e2e.conftest import (
    admin_view,
    eventually,
    make_agent,
    make_conversation,
    open_conversation,
    sign_in,
)

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def articles(page: Page):
    return page.get_by_role("log", name="Messages").get_by_role("article")


def test_bold_button_formats_and_links_open_safely(page: Page, db):
    made = make_conversation(db)
    sign_in(page)
    box = open_conversation(page, made)
    box.fill("important")
    box.select_text()
    page.get_by_role("button", name="Bold").click()
    expect(box).to_have_value("**important**")
    box.press("End")
    box.type(" see docs")
    box.evaluate("el => el.setSelectionRange(el.value.length - 4, el.value.length)")
    page.get_by_role("button", name="Insert link").click()
    page.keyboard.type("https://example.com/help")
    expect(box).to_have_value("**important** see [docs](https://example.com/help)")
    page.get_by_role("button", name="Send", exact=True).click()
    sent = articles(page).filter(has_text="important see docs")
    expect(sent.locator("strong")).to_have_text("important")
    link = sent.get_by_role("link", name="docs")
    expect(link).to_have_attribute("target", "_blank")
    expect(link).to_have_attribute("rel", re.compile("noopener"))


def test_shift_enter_adds_a_line_and_the_draft_survives_reload_and_switching(page: Page, db):
    made, other = make_conversation(db), make_conversation(db)
    sign_in(page)
    box = open_conversation(page, made)
    box.type("first line")
    box.press("Shift+Enter")
    box.type("second line")
    expect(box).to_have_value("first line\nsecond line")

    def saved() -> bool:  # half a second after typing stops
        db.expire_all()
        drafts = db.exec(select(Draft.body).where(Draft.conversation_id == made.id)).all()
        return "first line\nsecond line" in drafts

    eventually(saved, what="the draft on the server")
    page.reload()
    expect(page.get_by_role("textbox", name="Message")).to_have_value("first line\nsecond line")
    open_conversation(page, other)
    expect(page.get_by_role("textbox", name="Message")).to_have_value("")
    box = open_conversation(page, made)
    expect(box).to_have_value("first line\nsecond line")


def test_saved_reply_picker_and_shortcut_fill_placeholders(page: Page, db):
    create_saved_reply(
        db,
        actor=admin_view(db),
        shortcut="thanks",
        title="Thank you",
        body="Thanks {{contact.first_name}}, {{agent.name}} here.",
    )
    made = make_conversation(db, name="Hanna Hollis")
    sign_in(page)
    box = open_conversation(page, made)
    page.get_by_role("button", name="Saved replies").click()
    page.get_by_role("dialog", name="Saved replies").get_by_role(
        "button", name=re.compile("Thank you")
    ).click()
    expect(box).to_have_value("Thanks Hanna, Admin here.")
    box.fill("")
    box.type("/thanks")
    expect(box).to_have_value("Thanks Hanna, Admin here.")


def test_email_template_fills_subject_and_body(page: Page, db):
    create_email_template(
        db,
        actor=admin_view(db),
        name="Quote",
        subject="Your quote, {{contact.name}}",
        body="Dear {{contact.name}}, here it is.",
    )
    made = make_conversation(
        db,
        channel="email",
        name="Edgar Email",
        email="edgar@example.net",
        messages=["Could you send me a quote?"],
    )
    sign_in(page)
    box = open_conversation(page, made)
    page.get_by_role("button", name="Email templates").click()
    page.get_by_role("dialog", name="Email templates").get_by_role("button", name="Quote").click()
    expect(page.get_by_role("textbox", name="Subject")).to_have_value("Your quote, Edgar Email")
    expect(box).to_have_value("Dear Edgar Email, here it is.")


def test_attach_an_image_and_see_its_preview(page: Page, db):
    made = make_conversation(db)
    sign_in(page)
    open_conversation(page, made)
    page.locator("#composer-file-input").set_input_files(
        [{"name": "photo.png", "mimeType": "image/png", "buffer": PNG}]
    )
    expect(page.get_by_role("list", name="Files to send")).to_contain_text("photo.png")
    page.get_by_role("textbox", name="Message").fill("Here is the photo")
    page.get_by_role("button", name="Send", exact=True).click()
    image = articles(page).filter(has_text="Here is the photo").get_by_role("img", name="photo.png")
    expect(image).to_be_visible()
    expect(image).to_have_js_property("naturalWidth", 1)  # the checked route served the bytes


def test_a_file_over_10_mb_is_refused_and_nothing_is_sent(page: Page, db):
    made = make_conversation(db)
    sign_in(page)
    open_conversation(page, made)
    before = articles(page).count()
    page.locator("#composer-file-input").set_input_files(
        [
            {
                "name": "big.bin",
                "mimeType": "application/octet-stream",
                "buffer": b"x" * (10 * 1024 * 1024 + 1),
            }
        ]
    )
    expect(page.locator("#composer-upload-error")).to_contain_text("at most 10 MB")
    expect(page.get_by_role("list", name="Files to send")).not_to_contain_text("big.bin")
    expect(articles(page)).to_have_count(before)


def test_the_box_stops_at_50000_characters(page: Page, db):
    made = make_conversation(db)
    sign_in(page)
    box = open_conversation(page, made)
    expect(box).to_have_attribute("maxlength", "50000")
    box.fill("x" * 50_010)
    assert len(box.input_value()) == 50_000  # the server refuses more: test_socket_security


def test_mention_in_a_comment_notifies_that_agent(page: Page, browser, base_url, db):
    made = make_conversation(db)
    agent = make_agent(db, "Ben")  # after the conversation: only the mention tells him
    sign_in(page)
    box = open_conversation(page, made)
    page.get_by_role("tab", name="Comment").click()
    box.fill("@Ben can you take this one?")
    box.press("Enter")
    expect(articles(page).filter(has_text="can you take this one")).to_contain_text("Internal note")
    ben = browser.new_context(base_url=base_url).new_page()
    sign_in(ben, agent.email, agent.password)
    bell = ben.get_by_role("navigation", name="Main").get_by_role("button", name="Notifications")
    expect(bell).to_have_text("1")
    bell.click()
    expect(ben.get_by_role("dialog", name="Notifications")).to_contain_text(
        "Admin mentioned you in a note"
    )
    ben.context.close()


def test_drop_and_paste_files_onto_the_composer(page: Page, db):
    made = make_conversation(db)
    sign_in(page)
    open_conversation(page, made)
    page.evaluate(
        """() => {
            const files = new DataTransfer();
            files.items.add(new File(["dropped bytes"], "dropped.txt", {type: "text/plain"}));
            const form = document.getElementById("composer-form");
            form.dispatchEvent(new DragEvent("drop", {dataTransfer: files, bubbles: true, cancelable: true}));
            const pasted = new DataTransfer();
            pasted.items.add(new File(["pasted bytes"], "pasted.txt", {type: "text/plain"}));
            const box = document.getElementById("composer-body");
            box.dispatchEvent(new ClipboardEvent("paste", {clipboardData: pasted, bubbles: true, cancelable: true}));
        }"""
    )
    files = page.get_by_role("list", name="Files to send")
    expect(files).to_contain_text("dropped.txt")
    expect(files).to_contain_text("pasted.txt")
    page.get_by_role("button", name="Send", exact=True).click()
    sent = articles(page).last
    expect(sent.get_by_role("link", name="dropped.txt")).to_be_visible()
    expect(sent.get_by_role("link", name="pasted.txt")).to_be_visible()
