"""`Start an email` from a contact, as an agent uses it: from the contact panel of a chat and
from the contact's page, the New email dialog opens with their address and the mail reaches
the relay; a contact without an address says why it cannot (issue 11)."""

from __future__ import annotations

import re
import uuid

from playwright.sync_api import Page, expect

from tests.e2e.conftest import (
    eventually,
    loaded,
    make_agent,
    make_conversation,
    open_conversation,
    sign_in,
)


def send_from_dialog(page: Page, *, to: str, subject: str, text: str) -> None:
    dialog = page.get_by_role("dialog", name="New email")
    expect(dialog.get_by_role("textbox", name="To")).to_have_value(to)
    dialog.get_by_role("textbox", name="Subject").fill(subject)
    dialog.get_by_role("textbox", name="Message").fill(text)
    dialog.get_by_role("button", name="Send email").click()
    expect(page).to_have_url(re.compile(r"/inbox/all/\d+/?$"))
    expect(page.get_by_role("log", name="Messages")).to_contain_text(text)


def test_an_agent_starts_an_email_from_the_contact_panel(page: Page, db, mail_relay):
    sink, _ = mail_relay
    email = f"paula-{uuid.uuid4().hex[:6]}@example.net"
    chat = make_conversation(db, email=email, messages=("Can you send me the invoice?",))
    anna = make_agent(db, "Anna")
    sign_in(page, anna.email, anna.password)
    open_conversation(page, chat)
    panel = page.get_by_role("region", name="Contact details")
    panel.get_by_role("button", name="Start an email").click()
    send_from_dialog(page, to=email, subject="Your invoice", text="Here is your invoice.")
    eventually(lambda: any(m["To"] == email for m in sink.mails), what="the mail at the relay")
    [mail] = [m for m in sink.mails if m["To"] == email]
    assert mail["Subject"] == "Your invoice"
    assert "Here is your invoice." in mail.get_body(("plain",)).get_content()


def test_start_an_email_from_the_contact_page_and_its_reason_without_an_address(
    page: Page, db, mail_relay
):
    sink, _ = mail_relay
    nameless = make_conversation(db, email=None)
    sign_in(page)
    page.goto(f"/contacts/{nameless.contact_id}")
    loaded(page)
    expect(page.get_by_role("button", name="Start an email")).to_be_disabled()
    expect(page.get_by_role("button", name="Start an email")).to_have_accessible_description(
        "This contact has no email address."
    )
    email = f"max-{uuid.uuid4().hex[:6]}@example.org"
    known = make_conversation(db, email=email)
    page.goto(f"/contacts/{known.contact_id}")
    loaded(page)
    page.get_by_role("button", name="Start an email").click()
    send_from_dialog(page, to=email, subject="Welcome", text="Welcome aboard.")
    eventually(lambda: any(m["To"] == email for m in sink.mails), what="the mail at the relay")
