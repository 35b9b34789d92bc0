"""The contact directory and a contact's page as an agent uses them, erasure included."""

import re
import uuid
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.e2e.conftest import eventually, loaded, sign_in
from tests.e2e.test_widget import host_page, open_widget, start  # noqa: F401  (host_page: fixture)


def _contact_with_a_chat(db, name: str, company: str) -> tuple[int, int]:
    from inbox_app.models.enums import Channel
    from inbox_app.models.tables import Contact, utcnow
    from inbox_app.services.conversations.messages import post_incoming
    from inbox_app.services.conversations.start import start_conversation

    contact = Contact(
        name=name,
        email=f"{uuid.uuid4().hex[:8]}@example.org",
        company=company,
        field_sources={"name": "form", "company": "manual"},
    )
    db.add(contact)
    db.commit()
    conversation = start_conversation(db, contact_id=contact.id, channel=Channel.chat, now=utcnow())
    post_incoming(db, conversation_id=conversation.id, body=f"Hello, {name} here", now=utcnow())
    return contact.id, conversation.id


def test_find_open_and_erase_a_contact(page: Page, db):
    tag = uuid.uuid4().hex[:6]
    erased_id, conversation_id = _contact_with_a_chat(db, f"Erin {tag}", f"Erasure {tag} Ltd")
    _contact_with_a_chat(db, f"Anton {tag}", f"Erasure {tag} Ltd")
    sign_in(page)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Contacts").click()
    expect(page).to_have_url(re.compile(r"/contacts/?$"))
    page.get_by_role("searchbox", name="Search contacts").fill(f"erasure {tag}")
    table = page.get_by_role("table", name="Contacts")
    expect(table.get_by_role("row")).to_have_count(3)  # the header and two contacts
    expect(table.get_by_role("row").nth(1)).to_contain_text(f"Anton {tag}")
    with page.expect_download() as download:
        page.get_by_role("button", name="Export CSV").click()
    exported = Path(download.value.path()).read_text()
    assert exported.splitlines()[0].startswith("id,name,email")
    assert f"Erin {tag}" in exported and f"Anton {tag}" in exported
    page.get_by_role("button", name="Sort by Name").click()  # again: Z to A
    expect(table.get_by_role("row").nth(1)).to_contain_text(f"Erin {tag}")

    table.get_by_role("link", name=f"Erin {tag}").click()
    expect(page).to_have_url(re.compile(rf"/contacts/{erased_id}/?$"))
    expect(page.get_by_role("heading", name=f"Erin {tag}")).to_be_visible()
    details = page.get_by_label("Details")
    expect(details).to_contain_text(f"Erasure {tag} Ltd")
    expect(details).to_contain_text("form")
    conversations = page.get_by_role("list", name="Conversations")
    expect(conversations.get_by_role("link")).to_have_count(1)

    page.get_by_role("button", name="Delete contact").click()
    dialog = page.get_by_role("alertdialog")
    expect(dialog).to_contain_text("cannot be undone")
    dialog.get_by_role("button", name="Delete").click()
    expect(page).to_have_url(re.compile(r"/contacts/?$"))
    page.get_by_role("searchbox", name="Search contacts").fill(f"erasure {tag}")
    expect(table.get_by_role("row")).to_have_count(2)  # Anton only
    page.goto(f"/inbox/all/{conversation_id}")
    loaded(page)
    expect(page.get_by_text("Select a conversation.")).to_be_visible()
    page.goto(f"/contacts/{erased_id}")
    expect(page.get_by_text("This contact does not exist")).to_be_visible()


def test_add_a_contact_by_hand_then_block_them(page: Page):
    email = f"{uuid.uuid4().hex[:8]}@example.org"
    sign_in(page)
    page.goto("/contacts")
    page.get_by_role("button", name="New contact").click()
    dialog = page.get_by_role("dialog", name="New contact")
    dialog.get_by_role("button", name="Create contact").click()
    expect(dialog.get_by_role("alert")).to_contain_text("Enter a name or an email address")
    dialog.get_by_role("textbox", name="Name").fill("Nadia Newman")
    dialog.get_by_role("textbox", name="Email").fill(email)
    dialog.get_by_role("button", name="Create contact").click()
    expect(page).to_have_url(re.compile(r"/contacts/\d+/?$"))
    expect(page.get_by_role("heading", name="Nadia Newman")).to_be_visible()
    expect(page.get_by_label("Details")).to_contain_text("manual")

    page.get_by_role("button", name="Block contact").click()
    expect(page.get_by_role("button", name="Unblock contact")).to_be_visible()
    page.reload()
    expect(page.get_by_role("button", name="Unblock contact")).to_be_visible()
    page.get_by_role("button", name="Unblock contact").click()
    expect(page.get_by_role("button", name="Block contact")).to_be_visible()


def test_import_a_csv_with_one_bad_row(page: Page, tmp_path):
    tag = uuid.uuid4().hex[:6]
    csv_file = tmp_path / "contacts.csv"
    csv_file.write_text(
        "Name,Email,Company,Plan\n"
        f"Ada {tag},ada-{tag}@example.org,Import {tag} Ltd,gold\n"
        f"Bob {tag},bob-{tag}@example.org,Import {tag} Ltd,\n"
        f"Broken {tag},not-an-email,Import {tag} Ltd,\n"
    )
    sign_in(page)
    page.goto("/contacts")
    loaded(page)
    page.get_by_role("button", name="Import CSV").click()
    dialog = page.get_by_role("dialog", name="Import CSV")
    dialog.locator("input[type=file]").set_input_files(csv_file)
    preview = dialog.get_by_role("table", name="Import preview")
    expect(preview.get_by_role("row")).to_have_count(5)  # the header and four columns
    expect(dialog.get_by_role("combobox", name="Field for Email")).to_have_text("Email")
    expect(dialog.get_by_role("combobox", name="Field for Plan")).to_have_text("Custom attribute")
    dialog.get_by_role("button", name="Import contacts").click()
    expect(dialog.get_by_role("status")).to_have_text(
        "2 contacts imported (2 new, 0 updated). 1 row refused:"
    )
    refused = dialog.get_by_role("table", name="Refused rows")
    expect(refused.get_by_role("row")).to_have_count(2)
    expect(refused.get_by_role("row").nth(1)).to_contain_text("4")
    expect(refused.get_by_role("row").nth(1)).to_contain_text("Not a valid email address")
    dialog.get_by_role("button", name="Close").click()

    page.get_by_role("searchbox", name="Search contacts").fill(f"import {tag}")
    table = page.get_by_role("table", name="Contacts")
    expect(table.get_by_role("row")).to_have_count(3)  # the header, Ada and Bob
    table.get_by_role("link", name=f"Ada {tag}").click()
    expect(page.get_by_role("heading", name=f"Ada {tag}")).to_be_visible()
    expect(page.get_by_label("Details")).to_contain_text("manual")
    expect(page.get_by_label("Attributes")).to_contain_text("gold")


def test_merge_an_anonymous_visitor_into_a_contact(page: Page, db):
    from inbox_app.models.enums import Channel
    from inbox_app.models.tables import Contact, utcnow
    from inbox_app.services.conversations.messages import post_incoming
    from inbox_app.services.conversations.start import start_conversation

    tag = uuid.uuid4().hex[:6]
    kept_id, _ = _contact_with_a_chat(db, f"Mia {tag}", f"Merge {tag} Ltd")
    visitor = Contact(browser="Firefox 133", operating_system="Ubuntu")
    db.add(visitor)
    db.commit()
    chat = start_conversation(db, contact_id=visitor.id, channel=Channel.chat, now=utcnow())
    post_incoming(db, conversation_id=chat.id, body=f"Anonymous {tag} asking", now=utcnow())

    sign_in(page)
    page.goto(f"/contacts/{kept_id}")
    loaded(page)
    expect(page.get_by_role("list", name="Conversations").get_by_role("link")).to_have_count(1)
    page.get_by_role("button", name="Merge", exact=True).click()
    dialog = page.get_by_role("dialog", name="Merge contacts")
    dialog.get_by_role("searchbox", name="Search contacts to merge").fill(f"#{visitor.id}")
    choices = dialog.get_by_role("list", name="Contacts to merge")
    choices.get_by_role("button", name=re.compile(rf"^Visitor #{visitor.id}\b")).click()
    expect(dialog).to_contain_text(f"Merge Visitor #{visitor.id} into Mia {tag}?")
    dialog.get_by_role("button", name="Merge contacts").click()
    expect(dialog).to_be_hidden()

    conversations = page.get_by_role("list", name="Conversations")
    expect(conversations.get_by_role("link")).to_have_count(2)  # both contacts' chats
    expect(conversations).to_contain_text(f"Anonymous {tag} asking")
    expect(page.get_by_label("Visitor facts")).to_contain_text("Firefox 133")
    page.goto(f"/contacts/{visitor.id}")
    expect(page.get_by_text("This contact does not exist")).to_be_visible()


def test_a_widget_chat_records_the_visitors_browser_and_system(page: Page, browser, host_page, db):  # noqa: F811
    from sqlmodel import select

    from inbox_app.models.tables import Contact

    email = f"{uuid.uuid4().hex[:8]}@example.org"
    visitor, chat = open_widget(browser, host_page)
    start(chat, "Wanda Widget", email)
    expect(chat.get_by_role("textbox", name="Type your message")).to_be_visible()
    eventually(
        lambda: db.exec(select(Contact.id).where(Contact.email == email)).first() is not None,
        what="the widget's contact",
    )
    contact_id = db.exec(select(Contact.id).where(Contact.email == email)).one()
    visitor.close()

    sign_in(page)
    page.goto(f"/contacts/{contact_id}")
    loaded(page)
    facts = page.get_by_label("Visitor facts")
    expect(facts).to_contain_text(re.compile(r"Browser\s*(Headless)?Chrome \d+"))
    expect(facts).to_contain_text(re.compile(r"Operating system\s*Linux"))
