"""Composition root: the app, its routes and their on_load guards."""

import faulthandler
import signal

import reflex as rx

from inbox_app.api.app import create_api
from inbox_app.logging_setup import configure_logging
from inbox_app.mail.lifespan import imap_poller, outbox_sender, smtp_receiver
from inbox_app.maintenance import purge_loop, warm_language_detector
from inbox_app.operations import in_flight
from inbox_app.operations.stop_notice import on_stop, stop_notice
from inbox_app.operations.worker_stop import kill_workers_that_do_not_stop
from inbox_app.pages.contacts import contact_page, contacts_page
from inbox_app.pages.inbox import inbox_page
from inbox_app.pages.login import login_page
from inbox_app.pages.profile import profile_page
from inbox_app.pages.settings import set_password_page, settings_page
from inbox_app.pages.statistics import statistics_page
from inbox_app.pages.visitors import visitors_page
from inbox_app.realtime import activity as live_activity
from inbox_app.realtime import hub, redis_outage
from inbox_app.realtime.clock import clock_loop
from inbox_app.realtime.events import Kind
from inbox_app.realtime.snooze_clock import snooze_loop
from inbox_app.realtime.transport import bus, sockets
from inbox_app.realtime.widget import invitations as visitor_invitations
from inbox_app.realtime.widget import waits as visitor_waits
from inbox_app.realtime.widget.clock import widget_clock_loop
from inbox_app.settings import get_settings
from inbox_app.state.actions import ActionsState  # noqa: F401  registers the substate
from inbox_app.state.api_keys import ApiKeysState
from inbox_app.state.auth import LoginState
from inbox_app.state.composer import ComposerState  # noqa: F401
from inbox_app.state.contact import ContactState  # noqa: F401
from inbox_app.state.contacts import ContactPageState, ContactsState
from inbox_app.state.email_settings import EmailSettingsState
from inbox_app.state.inbox import InboxState
from inbox_app.state.list_state import ListState  # noqa: F401
from inbox_app.state.new_email import NewEmailState  # noqa: F401
from inbox_app.state.notifications import NotificationsState
from inbox_app.state.open_conversation import OpenConversationState
from inbox_app.state.profile import ProfileState
from inbox_app.state.settings import SettingsState
from inbox_app.state.statistics import StatisticsState
from inbox_app.state.thread_tail import ThreadTailState
from inbox_app.state.visitors import VisitorsState
from inbox_app.state.webhooks import WebhooksState
from inbox_app.state.widget_settings import WidgetSettingsState
from inbox_app.webhooks.lifespan import webhook_sender

# Each worker imports this module: its log goes out in the chosen format from the start.
configure_logging(log_format=get_settings().log_format)
# `kill -USR1 <pid>` writes every thread's stack to the log: a worker that hangs (on stop, say)
# tells where, without a debugger on the machine.
faulthandler.register(signal.SIGUSR1, all_threads=True)
# Reflex imports this module before it makes granian's server: a worker that does not stop on
# SIGTERM is killed after 20 s, not waited for for ever (operations/worker_stop.py).
kill_workers_that_do_not_stop()

app = rx.App(
    api_transformer=create_api(),
    stylesheets=["/appearance.css"],
    head_components=[
        rx.el.script(src="/browser_zone.js"),  # before the app connects: no defer
        rx.el.script(src="/composer.js", defer=True),
        rx.el.script(src="/composer-files.js", defer=True),
        rx.el.script(src="/composer-mentions.js", defer=True),
        rx.el.script(src="/notify.js", defer=True),
        rx.el.script(src="/hydration_watch.js", defer=True),
        rx.el.script(src="/keyboard.js", defer=True),
        rx.el.script(src="/thread_scroll.js", defer=True),
    ],
)
app.register_lifespan_task(purge_loop)
app.register_lifespan_task(warm_language_detector)
app.register_lifespan_task(clock_loop)
app.register_lifespan_task(snooze_loop)  # snoozed conversations come back at their time
app.register_lifespan_task(widget_clock_loop)  # typing that ran out, visitors who left
app.register_lifespan_task(bus.listen)
app.register_lifespan_task(smtp_receiver)  # off without INBOX_SMTP_PORT
app.register_lifespan_task(imap_poller)  # off without INBOX_IMAP_URL
app.register_lifespan_task(outbox_sender)  # mail waits, visibly, without INBOX_SMTP_RELAY_URL
app.register_lifespan_task(webhook_sender)  # deliveries queued in the database, retried
# On SIGTERM granian drains every request in flight before the app hears of the stop: waiting
# long-polls answer at once instead of holding the stop up to 25 s.
app.register_lifespan_task(stop_notice)
# ...and the lifespan, on its way down, waits for requests whose clients hung up: stopped with
# the loop unfinished, they kept the process from exiting (operations/in_flight.py).
app.register_lifespan_task(in_flight.requests_end_before_the_loop)
on_stop(visitor_waits.stop_waiting)
on_stop(visitor_invitations.stop_waiting)
bus.after_outage(redis_outage.reload_lost_tabs)  # Redis may come back empty
sockets.attach(app)  # the hub and registries reach this worker's tabs through it
# A change's reads are made outside the tab's lock (prepare), then applied under it.
hub.on_change(
    OpenConversationState,
    OpenConversationState._live_refresh,
    prepare=OpenConversationState._live_reads,
)
hub.on_change(
    NotificationsState, NotificationsState._live_refresh, prepare=NotificationsState._live_reads
)
hub.on_change(InboxState, InboxState._live_activity, kind=Kind.activity)
hub.on_change(ThreadTailState, ThreadTailState._live_message, kind=Kind.message)
# A new message is appended only where its conversation is open; every other tab's list
# follows with the "change" fan-out after it (a tab that just opened it reloads it there too).
hub.audience(Kind.message, live_activity.showing)
hub.on_change(VisitorsState, VisitorsState._live_visitors, kind=Kind.visitors)

app.add_page(login_page, route="/login", title="Sign in · Inbox", on_load=LoginState.open_login)
app.add_page(lambda: rx.fragment(), route="/", on_load=rx.redirect("/inbox/mine"))
for route in ("/inbox/[view]", "/inbox/[view]/[conversation]"):
    app.add_page(inbox_page, route=route, title="Inbox", on_load=OpenConversationState.load_page)

app.add_page(
    statistics_page,
    route="/statistics",
    title="Statistics",
    on_load=StatisticsState.open_statistics,
)
app.add_page(
    contacts_page, route="/contacts", title="Contacts", on_load=ContactsState.open_contacts
)
app.add_page(
    contact_page,
    route="/contacts/[contact]",
    title="Contact",
    on_load=ContactPageState.open_contact,
)
app.add_page(
    visitors_page, route="/visitors", title="Visitors online", on_load=VisitorsState.open_visitors
)
app.add_page(
    settings_page,
    route="/settings",
    title="Settings",
    on_load=[
        SettingsState.open_settings,
        WidgetSettingsState.open_widget_settings,
        ApiKeysState.open_api_keys,
        WebhooksState.open_webhooks,
        EmailSettingsState.open_email_settings,
    ],
)
app.add_page(profile_page, route="/profile", title="Profile", on_load=ProfileState.open_profile)
app.add_page(set_password_page, route="/set-password", title="Set your password")
