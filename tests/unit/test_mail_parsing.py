"""Parsing real-world mail shapes (tests/mail/*.eml): issue 11, parsing."""

from pathlib import Path

import pytest

from inbox_app.services.email.parsing import parse_mail

CORPUS = Path(__file__).parent.parent / "mail"


def parsed(name: str):
    return parse_mail((CORPUS / name).read_bytes())


def test_a_reply_keeps_its_new_text_and_folds_the_quoted_history():
    mail = parsed("thunderbird_reply.eml")
    assert mail.message_id == "<3f1e9c2a-7d4b-4c1e-9f0a-2b6e8d1c5a77@example.net>"
    assert (mail.from_name, mail.from_address) == ("Paula Müller", "paula@example.net")
    assert mail.subject == "Re: Your order 1042"
    assert mail.in_reply_to == ["<out-2@example.com>"]
    assert mail.references == ["<out-1@example.com>", "<out-2@example.com>"]
    assert mail.thread_ids == ["<out-2@example.com>", "<out-1@example.com>"]
    assert mail.text == "Danke, das hat geklappt! Grüße aus Köln.\n\nPaula"
    assert "> Please try again with the new link." in mail.full_text
    assert (mail.auto_reply, mail.bounce, mail.files) == (False, None, [])


def test_legacy_charsets_and_encoded_words_are_decoded():
    mail = parsed("outlook_alternative_qp.eml")
    assert mail.subject == "Frage zur Rechnung über 50 €"  # windows-1252 labelled ISO-8859-1
    assert mail.cc == ["Renée Dupré <renee@example.org>"]
    assert mail.to == ["support@example.com <support@example.com>"]
    assert "die Rechnung über 50 € ist doppelt – bitte prüfen." in mail.text  # text/plain won
    assert "Grüße" in mail.text
    assert mail.files == []


def test_iso_2022_jp():
    mail = parsed("iso_2022_jp.eml")
    assert (mail.subject, mail.from_name) == ("注文について", "山田")
    assert mail.text == "お問い合わせありがとうございます。\n注文番号は1042です。"


def test_html_only_mail_is_made_safe_and_read_as_text():
    mail = parsed("html_only_hostile.eml")
    for hostile in ("<script", "onerror", "javascript:", "alert("):
        assert hostile not in mail.html
    assert '<a href="https://example.org/pay"' in mail.html
    assert mail.text == "Hello team\nClick herePay"
    assert "alert" not in mail.text and "body{}" not in mail.text


def test_nested_parts_keep_attachments_inline_images_and_non_ascii_names():
    mail = parsed("apple_mixed_inline.eml")
    assert mail.text == "The export fails, see the screenshot."
    assert 'src="cid:shot-1@example.com"' in mail.html
    shot, pdf, txt = mail.files
    assert (shot.filename, shot.content_type, shot.content_id, shot.inline) == (
        "shot.png",
        "image/png",
        "shot-1@example.com",
        True,
    )
    assert shot.data.startswith(b"\x89PNG")
    assert (pdf.filename, pdf.content_type, pdf.inline) == (
        "Übersicht März.pdf",
        "application/pdf",
        False,
    )
    assert pdf.data.startswith(b"%PDF-1.4")
    assert (txt.filename, txt.data.decode()) == ("пример.txt", "привет")


def test_a_broken_mail_is_read_as_well_as_it_can_be():
    mail = parsed("no_message_id_broken_headers.eml")
    assert mail.message_id == ""
    assert mail.identity == f"<sha256-{mail.content_hash}@inbox.invalid>"
    assert mail.from_address == ""  # no readable address: the caller decides
    assert "support@example.com" in mail.to
    assert mail.text.startswith("Caf")
    assert "au lait" in mail.text and "broken" in mail.text
    assert any("charset" in problem for problem in mail.problems)


def test_auto_replies_are_recognised():
    mail = parsed("auto_reply.eml")
    assert mail.auto_reply and mail.bounce is None
    assert mail.in_reply_to == ["<out-5@example.com>"]


def test_a_bounce_names_the_mail_it_returns_and_why():
    mail = parsed("bounce.eml")
    assert mail.bounce is not None
    assert mail.bounce.message_ids == ["<out-77@example.com>"]
    assert mail.bounce.reason.startswith("550 5.1.1 <nobody@example.net>: Recipient address")
    assert "User unknown" in mail.bounce.reason


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"\x00\xff\xfe garbage without headers",
        b"Content-Type: multipart/mixed; boundary=x\n\n--x\nContent-Type: text/plain\n\nhi",
        b"Subject: =?utf-8?q?unterminated\nFrom: <>\nMessage-ID: <<a>>\n\nbody",
        b"Content-Type: multipart/report; report-type=delivery-status\n\nno parts at all",
        b"Content-Type: message/rfc822\n\nnot a mail",
        b"Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\n!!!",
    ],
)
def test_garbage_never_raises(raw):
    mail = parse_mail(raw)
    assert isinstance(mail.text, str) and mail.content_hash
