"""Who is calling: the JWT kept in the browser, checked on every page load and event."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from functools import partial

import reflex as rx

from inbox_app.db import session_scope
from inbox_app.i18n import gettext, pick_language
from inbox_app.models.dto import AgentView
from inbox_app.realtime import activity, events, live_tabs
from inbox_app.security import AgentClaim, agent_id_from_token, issue_token, read_agent_token
from inbox_app.services.client_address import client_address
from inbox_app.services.errors import DomainError
from inbox_app.services.rendering import Reader
from inbox_app.services.team import agents
from inbox_app.services.team import availability as availability_rules
from inbox_app.settings import get_settings
from inbox_app.state import agent_checks
from inbox_app.state.guards import HOME_ROUTE, LOGIN_ROUTE, agent_event


class AuthState(rx.State):
    # The token lives in localStorage so it survives reloads and server restarts; it is
    # signed, so a browser can present one but never forge one.
    auth_token: str = rx.LocalStorage("", name="inbox_token", sync=True)
    agent_name: str = ""
    agent_role: str = ""
    agent_availability: str = ""
    agent_colour: str = "indigo"
    ui_language: str = "en"  # every t("...") of the page follows it (components/i18n.py)
    session_ended: bool = False  # deactivated while signed in: the page leaves for /login
    _time_zone: str = ""  # the agent's profile's (IANA); "" is the browser's
    browser_zone: str = rx.Cookie("", name="inbox_tz")  # set by assets/browser_zone.js
    # The tab's own handlers that ran (guards.py): part of what a live refresh read for (_shows).
    _own_events: int = 0

    async def _authenticate(self) -> AgentView | None:
        """The signed-in agent, checked in the database on a worker thread: every handler and
        every hub refresh asks, and the event loop must never wait for a pooled connection."""
        return self._take_agent(await read_agent(self.auth_token))

    def _count_own_event(self) -> None:
        """A handler of this tab ended: whatever it changed, it showed from its own reads."""
        self._own_events += 1

    def _take_agent(self, agent: AgentView | None) -> AgentView | None:
        """The checked agent (read_agent) takes this tab: its name, language and time zone."""
        if agent is None:  # expired, forged, signed out or deactivated
            self._forget_tab()
            return None
        self.agent_name, self.agent_role = agent.name, agent.role
        self.agent_availability, self.agent_colour = agent.availability, agent.avatar_colour
        self._use_language(agent.language)
        if agent.time_zone != self._time_zone:  # as the language: only a change marks it dirty
            self._time_zone = agent.time_zone
        live_tabs.seen(token=self.router.session.client_token, agent_id=agent.id)
        return agent

    def _said(self, text: str, **values: object) -> str:
        """A toast's text in this tab's language: `self._said("Closed {count}", count=3)`
        (`make messages` extracts _said(...) as it does t(...))."""
        translated = gettext(self.ui_language, text)
        return translated.format(**values) if values else translated

    def _reader(self) -> Reader:
        """Times as this agent reads them: their language, their profile's time zone, else
        their browser's (an unknown name reads in UTC: Reader.tz)."""
        zone = self._time_zone or self.browser_zone[:64] or "UTC"
        return Reader(language=self.ui_language, zone=zone)

    def _use_language(self, chosen: str | None) -> None:
        language = pick_language(
            chosen=chosen,
            default=get_settings().language,
            accept_language=self.router.headers.accept_language,
        )
        if language != self.ui_language:  # assigning marks it dirty: only when it changes
            self.ui_language = language

    def _token_still_valid(self) -> bool:
        """Signature and expiry only, no database: for the live fast path. A deactivated
        agent's tabs lose their token with the change push that deactivation sends."""
        secret = get_settings().jwt_secret
        if agent_id_from_token(token=self.auth_token, secret=secret) is not None:
            return True
        self._forget_tab()
        return False

    def _forget_tab(self) -> None:
        """Signed out, expired or deactivated: this tab no longer counts as the agent being
        online, viewing or typing, and the others' labels lose it at once."""
        token = self.router.session.client_token
        live_tabs.gone(token=token)
        if activity.left(token=token):
            events.activity_changed()

    @agent_event
    def set_availability(self, agent: AgentView, availability: str):
        """My status: Online, Offline or Invisible; everyone's dots follow at once."""
        try:
            with session_scope() as session:
                self.agent_availability = availability_rules.set_availability(
                    session, agent_id=agent.id, availability=availability
                ).availability
        except DomainError as error:
            return rx.toast.error(error.said(self.ui_language))
        events.everything_changed()
        return None

    def _end_session(self) -> None:
        """A push found this tab's agent gone (deactivated): sign it out now, not at next load."""
        if self.auth_token:
            self.auth_token, self.session_ended = "", True

    def _sign_in_as(self, agent: AgentView) -> None:
        settings = get_settings()
        lifetime = timedelta(minutes=settings.token_lifetime_minutes)
        with session_scope() as session:
            version = agents.token_version(session, agent_id=agent.id)
        self.auth_token = issue_token(
            agent_id=agent.id, secret=settings.jwt_secret, lifetime=lifetime, version=version
        )
        self.agent_name, self.agent_role = agent.name, agent.role
        self.session_ended = False

    @rx.var
    def is_admin(self) -> bool:
        return self.agent_role == "admin"

    @agent_event
    def require_agent(self, agent: AgentView):
        """on_load guard of every signed-in page: the decorator does the checking."""

    @rx.event
    def sign_out(self):
        """Ends every session of this agent, so a copy of the token is worthless too."""
        claim = read_agent_token(token=self.auth_token, secret=get_settings().jwt_secret)
        if claim is not None:
            with session_scope() as session:
                agents.end_sessions(session, agent_id=claim.agent_id)
        self._forget_tab()
        self.reset()
        self.auth_token = ""
        return rx.redirect(LOGIN_ROUTE)


class LoginState(AuthState):
    error: str = ""

    @rx.event
    async def open_login(self):
        self.error = ""
        if await self._authenticate() is not None:
            return rx.redirect(HOME_ROUTE)
        self._use_language(None)  # signed out: INBOX_LANGUAGE, else the browser's

    @rx.event
    async def sign_in(self, form_data: dict):
        email, password = str(form_data.get("email", "")), str(form_data.get("password", ""))
        # argon2 takes over 0.1 s of CPU: in a thread, so the event loop goes on serving
        # every other tab (and other sign-ins) meanwhile.
        result = await asyncio.to_thread(
            _check_sign_in, email=email, password=password, address=self._client_address()
        )
        if result.agent is None:
            self.error = gettext(self.ui_language, result.error or "Sign-in failed.")
            return
        self.error = ""
        self._sign_in_as(result.agent)
        return rx.redirect(HOME_ROUTE)

    def _client_address(self) -> str:
        """The browser's address: the socket's peer (rxconfig leaves Reflex's
        trusted_proxy_hops at 0, so client_ip is the peer), or behind INBOX_TRUSTED_PROXIES the
        address they forwarded when the socket connected."""
        headers = self.router.headers.raw_headers
        return client_address(
            peer=self.router.session.client_ip,
            forwarded_for=headers.get("x-forwarded-for", ""),
            forwarded=headers.get("forwarded", ""),
            trusted=get_settings().trusted_proxies,
        )


async def read_agent(token: str) -> AgentView | None:
    """The active agent a token names, read on a worker thread (or kept from a read less than a
    second ago: agent_checks); None for any other token."""
    claim = read_agent_token(token=token, secret=get_settings().jwt_secret)
    if claim is None:
        return None
    read = partial(asyncio.to_thread, _active_agent, claim)
    return await agent_checks.checked(claim, read)


def _active_agent(claim: AgentClaim) -> AgentView | None:
    with session_scope() as session:
        return agents.active_agent(session, agent_id=claim.agent_id, token_version=claim.version)


def _check_sign_in(*, email: str, password: str, address: str) -> agents.SignInResult:
    with session_scope() as session:
        return agents.sign_in(session, email=email, password=password, address=address)
