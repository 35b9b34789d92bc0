"""An HTML mail as an agent sees it: sanitised HTML with its inline (`cid:`) image shown from the
mail's own file, the quoted history one click away, and none of the mail's script running
(issue 11)."""

from __future__ import annotations

import re
import smtplib
import uuid
from email.message import EmailMessage

from playwright.sync_api import Page, expect

from tests.e2e.conftest import eventually, loaded, sign_in

# A 1×1 PNG: the receiver keeps only image types the bytes prove, and the browser must draw it.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)
HOSTILE = (
    "<script>window.pwned = 'script'</script>"
    "<img src=x onerror=\"window.pwned = 'onerror'\">"
    "<a href=\"javascript:window.pwned = 'link'\">Click me</a>"
)


def send_html_mail(server_env, *, sender: str, subject: str) -> None:
    mail = EmailMessage()
    mail["From"], mail["To"] = sender, "support@inbox.example"
    mail["Subject"], mail["Message-ID"] = subject, f"<{uuid.uuid4().hex}@example.net>"
    mail.set_content("The plain text part.")
    mail.add_alternative(
        '<p>The handle <b>snapped</b> off:</p><img src="cid:handle@example.net" alt="Handle">'
        f"{HOSTILE}<blockquote><p>Earlier question about delivery</p></blockquote>",
        subtype="html",
    )
    mail.get_payload()[1].add_related(PNG, "image", "png", cid="<handle@example.net>")
    with smtplib.SMTP("127.0.0.1", int(server_env["INBOX_SMTP_PORT"]), timeout=10) as smtp:
        smtp.send_message(mail)


def test_an_html_mail_shows_its_inline_image_and_runs_no_script(page: Page, server_env):
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    name = f"Hanna {uuid.uuid4().hex[:6]}"
    subject = f"Broken handle {uuid.uuid4().hex[:4]}"
    sign_in(page)
    page.goto("/inbox/all")
    loaded(page)
    send_html_mail(server_env, sender=f"{name} <hanna@example.net>", subject=subject)
    region = page.get_by_role("region", name="Message list")
    region.get_by_role("listitem").filter(has_text=name).get_by_role("link").click()
    mail = page.get_by_role("log", name="Messages").get_by_role("article").first
    expect(mail).to_contain_text("snapped")
    expect(mail).to_contain_text(f"Subject: {subject}")
    image = mail.locator(".mail-html").get_by_role("img", name="Handle")
    expect(image).to_have_attribute("src", re.compile(r"^/api/attachments/\d+\?"))
    eventually(
        lambda: image.evaluate("img => img.complete && img.naturalWidth") == 1,
        what="the inline image drawn from the mail's own file",
    )
    expect(mail.locator(".mail-html")).not_to_contain_text("Earlier question")
    mail.get_by_text("Show the whole mail").click()
    expect(mail).to_contain_text("Earlier question about delivery")
    mail.get_by_text("Click me").first.click()
    assert page.evaluate("window.pwned") is None
    assert dialogs == []
    expect(mail.locator("script")).to_have_count(0)
