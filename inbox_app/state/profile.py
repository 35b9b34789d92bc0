"""/profile: the signed-in agent's own name, email, language, time zone, colour and password."""

from __future__ import annotations

import asyncio

import reflex as rx

from inbox_app.db import session_scope
from inbox_app.models.dto import AgentView
from inbox_app.realtime import events
from inbox_app.services.errors import DomainError
from inbox_app.services.team import profile
from inbox_app.state.auth import AuthState
from inbox_app.state.guards import agent_event

PASSWORD_FIELDS = ("current-password", "new-password")


class ProfileState(AuthState):
    name: str = ""
    email: str = ""
    language: str = ""
    time_zone: str = ""
    avatar_colour: str = "indigo"
    loaded: bool = False

    def _show(self, view: profile.ProfileView) -> None:
        self.name, self.email, self.language = view.name, view.email, view.language
        self.time_zone, self.avatar_colour = view.time_zone, view.avatar_colour
        self.agent_name, self.agent_colour = view.name, view.avatar_colour
        self._use_language(view.language)  # the page switches at once
        self.loaded = True

    @agent_event
    def open_profile(self, agent: AgentView):
        with session_scope() as session:
            self._show(profile.profile_of(session, agent_id=agent.id))

    @agent_event
    def save_profile(self, agent: AgentView, form_data: dict):
        fields = {key: str(form_data.get(key, "")) for key in _PROFILE_FIELDS}
        try:
            with session_scope() as session:
                self._show(profile.update_profile(session, agent_id=agent.id, **fields))
        except DomainError as error:
            return rx.toast.error(error.said(self.ui_language))
        return rx.toast(self._said("Profile saved"))

    @agent_event
    async def change_password(self, agent: AgentView, form_data: dict):
        current, new = (str(form_data.get(key, "")) for key in PASSWORD_FIELDS)
        try:  # argon2 twice: off the event loop, like sign-in
            await asyncio.to_thread(_change_password, agent_id=agent.id, current=current, new=new)
        except DomainError as error:
            return rx.toast.error(error.said(self.ui_language))
        self._sign_in_as(agent)  # this tab stays signed in with a token of the new version
        events.everything_changed()  # the agent's other tabs find their token stale and leave
        done = rx.toast(self._said("Password changed: your other sessions are signed out."))
        return [*(rx.set_value(key, "") for key in PASSWORD_FIELDS), done]


_PROFILE_FIELDS = ("name", "email", "language", "time_zone", "avatar_colour")


def _change_password(*, agent_id: int, current: str, new: str) -> None:
    with session_scope() as session:
        profile.change_password(session, agent_id=agent_id, current=current, new=new)
