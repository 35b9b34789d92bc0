"""Settings → Email (admins): what the email channel is configured with (never a password), the
last error of the outbox and of IMAP polling, and `Send test email` through the durable outbox.

The test mail's state is watched for a few seconds after the click, until the sender has an
answer (sent, failed, or queued with the reason it waits); the relay is never in the click's
path itself: the handler only queues the mail and wakes the sender.
"""

from __future__ import annotations

import asyncio
import time

import reflex as rx

from inbox_app.db import session_scope
from inbox_app.mail import lifespan as mail_lifespan
from inbox_app.mail.config import get_mail_settings
from inbox_app.mail.overview import email_overview, imap_problem
from inbox_app.models.dto import AgentView
from inbox_app.models.tables import utcnow
from inbox_app.services.email import standalone
from inbox_app.services.email.delivery import EMAIL_LABELS
from inbox_app.services.errors import DomainError
from inbox_app.state.guards import admin_event
from inbox_app.state.settings import SettingsState

WATCH_SECONDS, WATCH_STEP = 15.0, 0.25


class EmailSettingsState(SettingsState):
    mail_from: str = ""
    receiver: str = ""
    relay: str = ""
    imap_mailbox: str = ""
    imap_user: str = ""
    outbox_problem: str = ""
    imap_problem: str = ""
    test_status: str = ""  # "", Queued, Sent or Failed (CONTRACT.md's delivery words)
    test_note: str = ""  # the relay's answer, or why the mail waits
    default_to: str = ""  # the admin's own address, the test mail's default recipient

    def _load_overview(self) -> None:
        shown = email_overview(get_mail_settings())
        self.mail_from, self.receiver, self.relay = shown.mail_from, shown.receiver, shown.relay
        self.imap_mailbox, self.imap_user = shown.imap_mailbox, shown.imap_user
        with session_scope() as session:
            self.outbox_problem = standalone.last_problem(session)
        self.imap_problem = imap_problem()

    @admin_event
    def open_email_settings(self, admin: AgentView):
        self._load_overview()
        self.default_to, self.test_status, self.test_note = admin.email, "", ""

    @admin_event
    async def send_test_email(self, admin: AgentView, form_data: dict):
        to = str(form_data.get("to", "")).strip() or admin.email
        try:
            with session_scope() as session:
                outbox_id = standalone.queue_test_mail(
                    session, actor=admin, to_address=to, now=utcnow(), language=self.ui_language
                )
        except DomainError as error:
            yield rx.toast.error(error.said(self.ui_language))
            return
        mail_lifespan.wake()
        self.test_status, self.test_note = "Queued", f"Test email to {to}"
        yield
        async for _ in self._watch(outbox_id, to=to):
            yield
        self._load_overview()

    async def _watch(self, outbox_id: int, *, to: str):
        """Until the sender has an answer for this mail, or WATCH_SECONDS have passed."""
        deadline = time.monotonic() + WATCH_SECONDS
        while time.monotonic() < deadline:
            await asyncio.sleep(WATCH_STEP)
            found = await asyncio.to_thread(_status, outbox_id)
            if found is None or not (found.status != "queued" or found.note):
                continue
            self.test_status = EMAIL_LABELS.get(found.status, found.status)
            self.test_note = found.note or f"Test email to {to}"
            yield
            return


def _status(outbox_id: int) -> standalone.MailStatus | None:
    with session_scope() as session:
        return standalone.mail_status(session, outbox_id=outbox_id)
