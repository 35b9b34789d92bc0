"""Settings (admins only): agents, groups, saved replies, email templates, the missed threshold.

Every handler re-reads the caller from the token and the services refuse non-admins again.
"""

from __future__ import annotations

import reflex as rx

from inbox_app.db import session_scope
from inbox_app.models.dto import AgentView
from inbox_app.models.tables import utcnow
from inbox_app.realtime import events
from inbox_app.services import app_settings, email_templates, groups, saved_replies, team
from inbox_app.services.email_templates import EmailTemplateView
from inbox_app.services.errors import DomainError
from inbox_app.services.groups import GroupView
from inbox_app.services.saved_replies import SavedReplyView
from inbox_app.settings import get_settings
from inbox_app.state.auth import HOME_ROUTE, LOGIN_ROUTE, AuthState


class SettingsState(AuthState):
    active_agents: list[AgentView] = []
    inactive_agents: list[AgentView] = []
    groups: list[GroupView] = []
    replies: list[SavedReplyView] = []
    templates: list[EmailTemplateView] = []
    missed_after: int = 30
    invite_link: str = ""

    async def _admin(self) -> AgentView | None:
        agent = await self._authenticate()
        return agent if agent is not None and agent.role == "admin" else None

    def _reload(self) -> None:
        with session_scope() as session:
            self.active_agents = team.list_agents(session)
            self.inactive_agents = team.list_agents(session, active=False)
            self.groups = groups.list_groups(session)
            self.replies = saved_replies.list_saved_replies(session)
            self.templates = email_templates.list_email_templates(session)
            default = get_settings().missed_after_seconds
            self.missed_after = app_settings.missed_after_seconds(session, default=default)

    async def _call(self, service, done: str, **arguments):
        """Run one admin service; a refusal shows its message and changes nothing. The
        one-time invite link is shown until the admin's next action, not kept in the state."""
        self.invite_link = ""
        admin = await self._admin()
        if admin is None:
            return rx.redirect(LOGIN_ROUTE if await self._authenticate() is None else HOME_ROUTE)
        try:
            with session_scope() as session:
                service(session, actor=admin, **arguments)
        except DomainError as error:
            return rx.toast.error(str(error))
        self._reload()
        return rx.toast(done)

    @rx.event
    async def open_settings(self):
        if await self._admin() is None:
            return rx.redirect(LOGIN_ROUTE if await self._authenticate() is None else HOME_ROUTE)
        self.invite_link = ""
        self._reload()
        return None

    @rx.event
    async def invite(self, form_data: dict):
        admin = await self._admin()
        if admin is None:
            return rx.redirect(HOME_ROUTE)
        try:
            with session_scope() as session:
                _, token = team.invite_agent(
                    session, actor=admin, email=str(form_data.get("email", "")), now=utcnow(),
                    name=str(form_data.get("name", "")), role=str(form_data.get("role", "agent")),
                )  # fmt: skip
        except DomainError as error:
            return rx.toast.error(str(error))
        url = self.router.url
        self.invite_link = f"{url.scheme}://{url.netloc}/set-password?token={token}"
        self._reload()
        return rx.toast("Agent invited: send them the link below.")

    @rx.event
    async def change_role(self, agent_id: int, role: str):
        return await self._call(team.change_role, "Role changed", agent_id=int(agent_id), role=role)

    @rx.event
    async def set_active(self, agent_id: int, active: bool):
        done = "Agent reactivated" if active else "Agent deactivated and signed out"
        outcome = await self._call(
            team.set_active, done, agent_id=int(agent_id), active=bool(active)
        )
        events.everything_changed()  # their tabs close
        return outcome

    @rx.event
    async def create_group(self, form_data: dict):
        return await self._call(
            groups.create_group, "Group created", name=str(form_data.get("name", ""))
        )

    @rx.event
    async def delete_group(self, group_id: int):
        return await self._call(groups.delete_group, "Group deleted", group_id=int(group_id))

    @rx.event
    async def toggle_member(self, group_id: int, agent_id: int, checked: bool):
        group = next((g for g in self.groups if g.id == int(group_id)), None)
        if group is None:
            return None
        members = set(group.member_ids)
        members = members | {int(agent_id)} if checked else members - {int(agent_id)}
        return await self._call(
            groups.set_members, "Members saved", group_id=group.id, agent_ids=sorted(members)
        )

    @rx.event
    async def add_saved_reply(self, form_data: dict):
        fields = {name: str(form_data.get(name, "")) for name in ("shortcut", "title", "body")}
        return await self._call(saved_replies.create_saved_reply, "Saved reply added", **fields)

    @rx.event
    async def delete_saved_reply(self, reply_id: int):
        return await self._call(
            saved_replies.delete_saved_reply, "Saved reply deleted", reply_id=int(reply_id)
        )

    @rx.event
    async def add_template(self, form_data: dict):
        fields = {name: str(form_data.get(name, "")) for name in ("name", "subject", "body")}
        return await self._call(email_templates.create_email_template, "Template added", **fields)

    @rx.event
    async def delete_template(self, template_id: int):
        return await self._call(
            email_templates.delete_email_template, "Template deleted", template_id=int(template_id)
        )

    @rx.event
    async def save_threshold(self, form_data: dict):
        raw = str(form_data.get("seconds", "")).strip()
        if not raw.isdigit():
            return rx.toast.error("Enter a whole number of seconds.")
        return await self._call(
            app_settings.set_missed_after_seconds, "Threshold saved", seconds=int(raw)
        )


class SetPasswordState(AuthState):
    password_error: str = ""

    @rx.event
    def set_password(self, form_data: dict):
        password, again = str(form_data.get("password", "")), str(form_data.get("again", ""))
        if password != again:
            self.password_error = "The two passwords differ."
            return None
        token = str(self.router.url.query_parameters.get("token", ""))
        try:
            with session_scope() as session:
                team.set_password_with_link(session, token=token, password=password, now=utcnow())
        except DomainError as error:
            self.password_error = str(error)
            return None
        self.password_error = ""
        return [rx.redirect(LOGIN_ROUTE), rx.toast("Password set. Sign in with it now.")]
