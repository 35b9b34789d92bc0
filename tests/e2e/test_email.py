"""Email both ways, as a team uses it: a customer's mail reaches the built-in receiver, the
agent sees it live, answers in the browser, the relay gets a threaded reply, and the
customer's answer to it joins the same conversation (issue 11)."""

from __future__ import annotations

import re
import smtplib
from email.message import EmailMessage

from playwright.sync_api import Page, expect

from tests.e2e.conftest import MAIL_FROM, eventually, loaded, sign_in


def send_to_inbox(server_env, *, subject: str, body: str, message_id: str, **headers) -> None:
    mail = EmailMessage()
    mail["From"], mail["To"] = "Greta Gruber <greta@example.net>", "support@inbox.example"
    mail["Subject"], mail["Message-ID"] = subject, message_id
    for name, value in headers.items():
        mail[name.replace("_", "-")] = value
    mail.set_content(body)
    with smtplib.SMTP("127.0.0.1", int(server_env["INBOX_SMTP_PORT"]), timeout=10) as smtp:
        smtp.send_message(mail)


def test_a_mail_comes_in_the_agent_replies_and_the_answer_joins_the_thread(
    page: Page, server_env, mail_relay
):
    sink, _port = mail_relay
    sign_in(page)
    page.goto("/inbox/all")
    loaded(page)
    send_to_inbox(
        server_env,
        subject="Zipper broke after a week",
        body="The zipper of my jacket broke. Can I get a new one?",
        message_id="<e2e-greta-1@example.net>",
    )
    region = page.get_by_role("region", name="Message list")
    card = region.get_by_role("listitem").filter(has_text="Greta Gruber")
    expect(card).to_be_visible()  # live, without a reload
    card.get_by_role("link").click()
    thread = page.get_by_role("log", name="Messages")
    expect(thread).to_contain_text("The zipper of my jacket broke.")

    page.get_by_role("textbox", name="Message").fill("Sorry about that! A new one is on its way.")
    page.get_by_role("button", name="Send", exact=True).click()
    sent = thread.get_by_role("article").filter(has_text="A new one is on its way.")
    expect(sent.locator('[data-delivery="Sent"]')).to_be_visible()  # Queued, then Sent, live

    eventually(
        lambda: any(m["To"] == "greta@example.net" for m in sink.mails),
        what="the reply reaching the relay",
    )
    [reply] = [m for m in sink.mails if m["To"] == "greta@example.net"]
    assert reply["From"] == MAIL_FROM
    assert reply["Subject"] == "Re: Zipper broke after a week"
    assert reply["In-Reply-To"] == "<e2e-greta-1@example.net>"
    assert reply["References"] == "<e2e-greta-1@example.net>"
    assert re.fullmatch(r"<[^<>@\s]+@inbox\.example>", reply["Message-ID"])
    assert "A new one is on its way." in reply.get_body(("plain",)).get_content()

    send_to_inbox(
        server_env,
        subject="Thanks!",
        body="Great, thank you!",
        message_id="<e2e-greta-2@example.net>",
        In_Reply_To=reply["Message-ID"],
        References=f"<e2e-greta-1@example.net> {reply['Message-ID']}",
    )
    expect(thread).to_contain_text("Great, thank you!")  # the same conversation, live
    expect(region.get_by_role("listitem").filter(has_text="Greta Gruber")).to_have_count(1)
