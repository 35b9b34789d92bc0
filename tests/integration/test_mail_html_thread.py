"""An HTML mail with an inline image, sent over SMTP to the built-in receiver on loopback: the
thread shows its sanitised HTML with the `cid:` image pointing at the file kept from that same
mail, never another message's, and its quoted history folded away (issue 11)."""

import smtplib
from email.message import EmailMessage as Mime

from sqlmodel import Session, select

from inbox_app.models.tables import Attachment
from inbox_app.services.conversations.detail import thread
from tests.integration.conftest import NOW
from tests.integration.test_smtp_receiver import receiver

# The smallest PNG there is: the receiver keeps only image types the bytes prove.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def html_mail(*, message_id: str, html: str, image_cid: str | None, **headers) -> Mime:
    mail = Mime()
    mail["From"], mail["To"] = "Paula <paula@example.net>", "support@example.com"
    mail["Subject"], mail["Message-ID"] = "The broken part", message_id
    for name, value in headers.items():
        mail[name.replace("_", "-")] = value
    mail.set_content("See the picture.")
    mail.add_alternative(html, subtype="html")
    if image_cid:
        mail.get_payload()[1].add_related(PNG, "image", "png", cid=f"<{image_cid}>")
    return mail


def shown_thread(engine):
    with Session(engine) as session:
        files = session.exec(select(Attachment).order_by(Attachment.id)).all()
        conversation_id = files[0].conversation_id
        shown = thread(
            session,
            conversation_id=conversation_id,
            contact_name="Paula",
            now=NOW,
            attachment_url=lambda i: f"/files/{i}?sig=x",
        )
    return files, shown


def test_a_cid_image_shows_its_own_file_and_history_is_folded(engine, tmp_path):
    first = html_mail(
        message_id="<html-1@example.net>",
        html='<p>It broke <b>here</b>:</p><img src="cid:part@example.net" alt="The part">'
        "<script>alert(1)</script><blockquote><p>Old question</p></blockquote>",
        image_cid="part@example.net",
    )
    # An answer that names the same cid but carries no such file: it gets no other's image.
    second = html_mail(
        message_id="<html-2@example.net>",
        html='<p>Again:</p><img src="cid:part@example.net" alt="Same name">',
        image_cid=None,
        In_Reply_To="<html-1@example.net>",
    )
    with receiver(engine, tmp_path, []) as port, smtplib.SMTP("127.0.0.1", port) as smtp:
        smtp.send_message(first)
        smtp.send_message(second)
    [image], shown = shown_thread(engine)
    assert [m.kind for m in shown] == ["incoming", "incoming"]
    one, two = shown
    assert f'<img src="/files/{image.id}?sig=x" alt="The part">' in one.mail_html
    assert "<b>here</b>" in one.mail_html and "Old question" not in one.mail_html
    assert "<script" not in one.mail_html and "alert" not in one.mail_html
    assert "Old question" in one.whole_html and f"/files/{image.id}" in one.whole_html
    assert '<img alt="Same name">' in two.mail_html and two.whole_html == ""


def test_a_plain_text_mail_has_no_html_to_show(engine, tmp_path):
    mail = Mime()
    mail["From"], mail["To"] = "Paula <paula@example.net>", "support@example.com"
    mail["Subject"], mail["Message-ID"] = "Plain", "<plain-1@example.net>"
    mail.set_content("Only text.")
    mail.add_attachment(PNG, maintype="image", subtype="png", filename="photo.png")
    with receiver(engine, tmp_path, []) as port, smtplib.SMTP("127.0.0.1", port) as smtp:
        smtp.send_message(mail)
    _, [shown] = shown_thread(engine)
    assert (shown.mail_html, shown.whole_html) == ("", "")
    assert "Only text." in shown.body_html
