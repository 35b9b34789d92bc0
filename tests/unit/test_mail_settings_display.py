"""Settings → Email shows the mail servers' URLs, never a password (issue 11)."""

import pytest

from inbox_app.mail.config import MailSettings, parse_imap, parse_relay, without_password
from inbox_app.mail.overview import email_overview, imap_problem, record_imap_round


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        (
            "smtp://user:p%40ss@mail.example.com:587?starttls=1",
            "smtp://user@mail.example.com:587?starttls=1",
        ),
        ("imaps://bob:secret@imap.example.com/Support", "imaps://bob@imap.example.com/Support"),
        ("smtp://127.0.0.1:2525", "smtp://127.0.0.1:2525"),
        ("smtps://relay.example.com", "smtps://relay.example.com"),
        # a user that is an address, unescaped: kept whole, the password after it dropped
        (
            "imaps://bob@example.com:pw@imap.example.com/INBOX",
            "imaps://bob@example.com@imap.example.com/INBOX",
        ),
        # characters a password should have escaped must not leak a piece of it
        ("smtp://u:pa#ss/?x=1@relay.example.com:25", "smtp://u@relay.example.com:25"),
        ("smtps://a:b:c@d@relay.example.com", "smtps://a@relay.example.com"),
        (
            "smtp://u@relay.example.com?password=x&starttls=1",
            "smtp://u@relay.example.com?starttls=1",
        ),
        ("smtp://relay.example.com?api_key=k", "smtp://relay.example.com"),
        ("", ""),
        ("relay.example.com:25", "relay.example.com:25"),
    ],
)
def test_without_password_keeps_the_user_and_drops_the_password(url, shown):
    assert without_password(url) == shown


@pytest.mark.parametrize("secret", ["hunter2", "p@ss:w/o?rd#1", "s%65cret"])
def test_no_piece_of_a_password_is_shown(secret):
    for scheme in ("smtp", "smtps", "imap", "imaps"):
        assert secret not in without_password(f"{scheme}://anna:{secret}@host.example:99/INBOX")


def test_the_overview_names_servers_and_users_but_no_password(monkeypatch):
    relay_url = "smtp://relay-user:relay-secret@relay.example.com:587?starttls=1"
    monkeypatch.setenv("INBOX_SMTP_RELAY_URL", relay_url)
    mail = MailSettings(
        mail_from="Support <support@example.com>",
        smtp_port=2525,
        smtp_host="0.0.0.0",
        relay=parse_relay(relay_url),
        imap=parse_imap("imaps://imap-user:imap-secret@imap.example.com/Support", poll_seconds=30),
    )
    shown = email_overview(mail)
    assert shown.receiver == "port 2525 on 0.0.0.0"
    assert shown.relay == "smtp://relay-user@relay.example.com:587?starttls=1"
    assert shown.imap_mailbox == "imap.example.com:993/Support, every 30 s"
    assert shown.imap_user == "imap-user"
    assert "secret" not in repr(shown)


def test_the_overview_says_what_is_off(monkeypatch):
    monkeypatch.delenv("INBOX_SMTP_RELAY_URL", raising=False)
    mail = MailSettings(
        mail_from="Inbox <inbox@localhost>", smtp_port=None, smtp_host="0.0.0.0", relay=None
    )
    shown = email_overview(mail)
    assert shown.receiver.startswith("off")
    assert shown.relay.startswith("none: outgoing mail waits")
    assert shown.imap_mailbox.startswith("off") and shown.imap_user == ""


def test_the_imap_pollers_last_error_is_kept_until_a_round_goes_well():
    record_imap_round("ConnectionRefusedError: [Errno 111] Connection refused")
    assert imap_problem() == "ConnectionRefusedError: [Errno 111] Connection refused"
    record_imap_round(None)
    assert imap_problem() == ""
