"""Mail of no conversation (Settings → Email's test mail, an agent's invitation) goes through the
same durable outbox to a real relay (an aiosmtpd sink on loopback) (issue 11)."""

from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from sqlmodel import select

from inbox_app.mail.lifespan import WAITING_NOTE
from inbox_app.models.enums import Role
from inbox_app.models.outbox import OutboxEmail
from inbox_app.services.email import outbox_sending, standalone
from inbox_app.services.errors import DomainError
from inbox_app.services.team.agents import create_agent
from tests.integration.conftest import NOW
from tests.integration.test_mail_sending import FROM, send_round
from tests.mail_sink import Sink, free_port, mail_sink


@pytest.fixture()
def admin(session):
    return create_agent(
        session, email="ada@example.com", password="password-9", name="Ada", role=Role.admin
    )


def test_a_test_mail_reaches_the_relay_and_reads_sent(engine, session, admin, tmp_path):
    outbox_id = standalone.queue_test_mail(
        session, actor=admin, to_address="ops@example.org", now=NOW
    )
    assert standalone.mail_status(session, outbox_id=outbox_id) == standalone.MailStatus(
        "queued", ""
    )
    with mail_sink() as (sink, port):
        assert send_round(engine, tmp_path, port) == []  # no conversation changed
    [mail] = sink.mails
    assert (mail["From"], mail["To"]) == (FROM, "ops@example.org")
    assert mail["Subject"] == standalone.TEST_SUBJECT
    assert mail["In-Reply-To"] is None and mail["References"] is None
    assert mail["Message-ID"] == f"<outbox-{outbox_id}.{int(NOW.timestamp())}@example.com>"
    assert "sent by Ada from Settings" in mail.get_body(("plain",)).get_content()
    session.expire_all()
    assert standalone.mail_status(session, outbox_id=outbox_id) == standalone.MailStatus(
        "sent", "OK queued"
    )
    assert standalone.last_problem(session) == ""


def test_only_admins_send_test_mail_and_only_to_an_address(session, admin, team):
    with pytest.raises(DomainError):
        standalone.queue_test_mail(
            session, actor=team["anna"], to_address="ops@example.org", now=NOW
        )
    for bad in ("", "not an address", "a@b"):
        with pytest.raises(DomainError):
            standalone.queue_test_mail(session, actor=admin, to_address=bad, now=NOW)
    assert session.exec(select(OutboxEmail)).all() == []


def test_a_refused_test_mail_fails_and_is_the_outboxs_last_error(engine, session, admin, tmp_path):
    outbox_id = standalone.queue_test_mail(
        session, actor=admin, to_address="nobody@example.org", now=NOW
    )
    with mail_sink() as (sink, port):
        sink.answer = "550 5.1.1 No such user"
        send_round(engine, tmp_path, port)
    session.expire_all()
    assert standalone.mail_status(session, outbox_id=outbox_id) == standalone.MailStatus(
        "failed", "550 5.1.1 No such user"
    )
    assert standalone.last_problem(session) == "550 5.1.1 No such user (mail to nobody@example.org)"


def test_a_relay_that_is_down_leaves_it_queued_with_the_reason(engine, session, admin, tmp_path):
    outbox_id = standalone.queue_test_mail(
        session, actor=admin, to_address="ops@example.org", now=NOW
    )
    send_round(engine, tmp_path, free_port())  # nothing listens there
    session.expire_all()
    status = standalone.mail_status(session, outbox_id=outbox_id)
    assert status is not None and status.status == "queued" and "Connect" in status.note
    assert standalone.last_problem(session).endswith("(mail to ops@example.org)")


def test_without_a_relay_it_waits_and_says_why(session, admin):
    outbox_id = standalone.queue_test_mail(
        session, actor=admin, to_address="ops@example.org", now=NOW
    )
    assert outbox_sending.note_waiting(session, note=WAITING_NOTE) == 1
    assert standalone.mail_status(session, outbox_id=outbox_id) == standalone.MailStatus(
        "queued", WAITING_NOTE
    )
    assert standalone.last_problem(session) == ""  # waiting for a relay is no error of one


def test_sent_again_after_a_lost_lease_it_is_the_same_mail(session, admin):
    standalone.queue_test_mail(session, actor=admin, to_address="ops@example.org", now=NOW)
    [first] = outbox_sending.claim_due(session, now=NOW, limit=5, domain="example.com")
    later = NOW + outbox_sending.LEASE + timedelta(seconds=1)
    [again] = outbox_sending.claim_due(session, now=later, limit=5, domain="example.com")
    assert again.rfc_message_id == first.rfc_message_id


def test_an_invitation_mails_the_link(engine, session, admin, tmp_path):
    link = "https://inbox.example/set-password?token=abc"
    standalone.queue_invitation(
        session, actor=admin, to_address="newbie@example.org", link=link, now=NOW
    )
    with mail_sink() as (sink, port):
        send_round(engine, tmp_path, port)
    [mail] = sink.mails
    assert (mail["To"], mail["Subject"]) == ("newbie@example.org", standalone.INVITE_SUBJECT)
    assert link in mail.get_body(("plain",)).get_content()
    assert "Ada invited you" in mail.get_body(("plain",)).get_content()


class RefusingNobody(Sink):
    """Refuses one recipient, as a relay does for a mailbox that does not exist."""

    async def handle_RCPT(self, server, session, envelope, address, options):  # noqa: N802
        if address.startswith("nobody@"):
            return "550 5.1.1 No such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"


def test_mails_sharing_a_relay_session_are_answered_each_on_its_own(
    engine, session, admin, tmp_path
):
    """A round sends several mails over one session: a refused one fails alone."""
    addresses = [f"a{n}@example.org" for n in range(7)] + ["nobody@example.org"]
    ids = {
        to: standalone.queue_test_mail(session, actor=admin, to_address=to, now=NOW)
        for to in addresses
    }
    sink, port = RefusingNobody(), free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        send_round(engine, tmp_path, port)
    finally:
        controller.stop()
    assert sorted(m["To"] for m in sink.mails) == addresses[:-1]
    session.expire_all()
    states = {to: standalone.mail_status(session, outbox_id=i).status for to, i in ids.items()}
    assert states == {**dict.fromkeys(addresses[:-1], "sent"), "nobody@example.org": "failed"}
