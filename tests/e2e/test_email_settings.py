"""Settings → Email, as an admin uses it: what is configured (no password) and a test mail that
goes through the outbox to the relay; an invitation mailed to a new agent (issue 11)."""

from __future__ import annotations

import uuid

from playwright.sync_api import Page, expect

from tests.e2e.conftest import eventually, loaded, sign_in


def test_an_admin_sees_the_configuration_and_sends_a_test_email(page: Page, mail_relay):
    sink, port = mail_relay
    sign_in(page)
    page.goto("/settings")
    loaded(page)
    page.get_by_role("tab", name="Email", exact=True).click()
    configured = page.get_by_label("Email configuration")
    expect(configured).to_contain_text(f"smtp://127.0.0.1:{port}")
    expect(configured).to_contain_text("support@inbox.example")
    address = page.get_by_role("textbox", name="Send test email to")
    expect(address).to_have_value("admin@example.com")  # the admin's own, by default
    to = f"ops-{uuid.uuid4().hex[:6]}@example.org"
    address.fill(to)
    page.get_by_role("button", name="Send test email").click()
    result = page.get_by_role("status", name="Test email")
    expect(result.locator('[data-delivery="Sent"]')).to_have_text("Sent")
    eventually(lambda: any(m["To"] == to for m in sink.mails), what="the test mail at the relay")
    [mail] = [m for m in sink.mails if m["To"] == to]
    assert mail["Subject"] == "Test email from your inbox"


def test_an_invite_link_goes_out_by_email(page: Page, mail_relay):
    sink, _ = mail_relay
    sign_in(page)
    page.goto("/settings")
    loaded(page)
    email = f"dora-{uuid.uuid4().hex[:6]}@example.com"
    page.get_by_role("textbox", name="Email").fill(email)
    page.get_by_role("textbox", name="Name").fill("Dora")
    page.get_by_role("checkbox", name="Send invite by email").check()
    page.get_by_role("button", name="Invite").click()
    link = page.locator("code").filter(has_text="/set-password?token=")
    expect(link).to_be_visible()
    eventually(lambda: any(m["To"] == email for m in sink.mails), what="the invitation mailed")
    [mail] = [m for m in sink.mails if m["To"] == email]
    assert link.inner_text() in mail.get_body(("plain",)).get_content()
