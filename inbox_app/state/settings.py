"""Settings (admins only): agents, groups, saved replies, email templates, the missed threshold.

Every handler re-reads the caller from the token and the services refuse non-admins again.
"""

from __future__ import annotations

import threading

import reflex as rx

from inbox_app.db import session_scope
from inbox_app.i18n import mark
from inbox_app.mail import lifespan as mail_lifespan
from inbox_app.models.dto import AgentView, LabelView
from inbox_app.models.tables import utcnow
from inbox_app.realtime import events
from inbox_app.services import app_settings, language_detection
from inbox_app.services.composer import email_templates, saved_replies
from inbox_app.services.composer.email_templates import EmailTemplateView
from inbox_app.services.composer.saved_replies import SavedReplyView
from inbox_app.services.email import standalone
from inbox_app.services.errors import DomainError
from inbox_app.services.labels import catalogue
from inbox_app.services.team import groups, routing
from inbox_app.services.team import members as team
from inbox_app.services.team.groups import GroupView
from inbox_app.settings import get_settings
from inbox_app.state.auth import AuthState
from inbox_app.state.guards import LOGIN_ROUTE, admin_event


class SettingsState(AuthState):
    active_agents: list[AgentView] = []
    inactive_agents: list[AgentView] = []
    groups: list[GroupView] = []
    replies: list[SavedReplyView] = []
    templates: list[EmailTemplateView] = []
    labels: list[LabelView] = []
    missed_after: int = 30
    detected_languages: list[str] = []
    invite_link: str = ""

    def _reload(self) -> None:
        with session_scope() as session:
            self.active_agents = team.list_agents(session)
            self.inactive_agents = team.list_agents(session, active=False)
            self.groups = groups.list_groups(session)
            self.replies = saved_replies.list_saved_replies(session)
            self.templates = email_templates.list_email_templates(session)
            self.labels = catalogue.list_labels(session)
            default = get_settings().missed_after_seconds
            self.missed_after = app_settings.missed_after_seconds(session, default=default)
            self.detected_languages = sorted(app_settings.detected_languages(session))

    def _call(self, admin: AgentView, service, done: str, **arguments):
        """Run one admin service; a refusal shows its message and changes nothing. The
        one-time invite link is shown until the admin's next action, not kept in the state."""
        self.invite_link = ""
        try:
            with session_scope() as session:
                service(session, actor=admin, **arguments)
        except DomainError as error:
            return rx.toast.error(error.said(self.ui_language))
        self._reload()
        return rx.toast(self._said(done))

    @admin_event
    def open_settings(self, admin: AgentView):
        self.invite_link = ""
        self._reload()

    @admin_event
    def invite(self, admin: AgentView, form_data: dict):
        """The one-time link is shown; with `Send invite by email` it also goes to the new
        agent through the outbox (in the same request: the relay is not in its path)."""
        email = str(form_data.get("email", ""))
        by_mail = form_data.get("send_by_email") in (True, "on", "true")  # a checked box
        url = self.router.url
        try:
            with session_scope() as session:
                _, token = team.invite_agent(
                    session,
                    actor=admin,
                    email=email,
                    now=utcnow(),
                    name=str(form_data.get("name", "")),
                    role=str(form_data.get("role", "agent")),
                )
                self.invite_link = f"{url.scheme}://{url.netloc}/set-password?token={token}"
                if by_mail:
                    standalone.queue_invitation(
                        session,
                        actor=admin,
                        to_address=email,
                        link=self.invite_link,
                        now=utcnow(),
                        language=self.ui_language,
                    )
        except DomainError as error:
            return rx.toast.error(error.said(self.ui_language))
        self._reload()
        if not by_mail:
            return rx.toast(self._said("Agent invited: send them the link below."))
        mail_lifespan.wake()
        return rx.toast(self._said("Agent invited: the link below is on its way by email too."))

    @admin_event
    def change_role(self, admin: AgentView, agent_id: int, role: str):
        return self._call(
            admin, team.change_role, mark("Role changed"), agent_id=int(agent_id), role=role
        )

    @admin_event
    def set_active(self, admin: AgentView, agent_id: int, active: bool):
        done = mark("Agent reactivated") if active else mark("Agent deactivated and signed out")
        outcome = self._call(
            admin, team.set_active, done, agent_id=int(agent_id), active=bool(active)
        )
        events.everything_changed()  # their tabs close
        return outcome

    @admin_event
    def create_group(self, admin: AgentView, form_data: dict):
        return self._call(
            admin, groups.create_group, mark("Group created"), name=str(form_data.get("name", ""))
        )

    @admin_event
    def delete_group(self, admin: AgentView, group_id: int):
        outcome = self._call(
            admin, groups.delete_group, mark("Group deleted"), group_id=int(group_id)
        )
        events.everything_changed()  # its members' rails lose it
        return outcome

    @admin_event
    def set_routing(self, admin: AgentView, group_id: int, auto_assign: bool, languages: str):
        """Round-robin on or off, and the languages that lead new conversations here."""
        return self._call(
            admin,
            routing.set_group_routing,
            mark("Routing saved"),
            group_id=int(group_id),
            auto_assign=bool(auto_assign),
            languages=str(languages),
        )

    @admin_event
    def toggle_member(self, admin: AgentView, group_id: int, agent_id: int, checked: bool):
        group = next((g for g in self.groups if g.id == int(group_id)), None)
        if group is None:
            return None
        members = set(group.member_ids)
        members = members | {int(agent_id)} if checked else members - {int(agent_id)}
        outcome = self._call(
            admin,
            groups.set_members,
            mark("Members saved"),
            group_id=group.id,
            agent_ids=sorted(members),
        )
        events.everything_changed()  # rails and "My messages" of who joined or left follow
        return outcome

    @admin_event
    def add_saved_reply(self, admin: AgentView, form_data: dict):
        fields = {name: str(form_data.get(name, "")) for name in ("shortcut", "title", "body")}
        return self._call(
            admin, saved_replies.create_saved_reply, mark("Saved reply added"), **fields
        )

    @admin_event
    def delete_saved_reply(self, admin: AgentView, reply_id: int):
        return self._call(
            admin,
            saved_replies.delete_saved_reply,
            mark("Saved reply deleted"),
            reply_id=int(reply_id),
        )

    @admin_event
    def add_template(self, admin: AgentView, form_data: dict):
        fields = {name: str(form_data.get(name, "")) for name in ("name", "subject", "body")}
        return self._call(
            admin, email_templates.create_email_template, mark("Template added"), **fields
        )

    @admin_event
    def delete_template(self, admin: AgentView, template_id: int):
        return self._call(
            admin,
            email_templates.delete_email_template,
            mark("Template deleted"),
            template_id=int(template_id),
        )

    @admin_event
    def add_label(self, admin: AgentView, form_data: dict):
        name, colour = str(form_data.get("name", "")), str(form_data.get("colour", "blue"))
        outcome = self._call(
            admin, catalogue.create_label, mark("Label added"), name=name, colour=colour
        )
        events.everything_changed()  # every dashboard's label choices follow
        return outcome

    @admin_event
    def delete_label(self, admin: AgentView, label_id: int):
        outcome = self._call(
            admin, catalogue.delete_label, mark("Label deleted"), label_id=int(label_id)
        )
        events.everything_changed()  # it leaves every card
        return outcome

    @admin_event
    def save_threshold(self, admin: AgentView, form_data: dict):
        raw = str(form_data.get("seconds", "")).strip()
        if not raw.isdigit():
            return rx.toast.error(self._said("Enter a whole number of seconds."))
        return self._call(
            admin, app_settings.set_missed_after_seconds, mark("Threshold saved"), seconds=int(raw)
        )

    @admin_event
    def save_detected_languages(self, admin: AgentView, form_data: dict):
        """One checkbox per language, named by its code: the ticked ones come back."""
        codes = [str(code) for code, value in form_data.items() if value in ("on", True)]
        before = list(self.detected_languages)
        outcome = self._call(
            admin, app_settings.set_detected_languages, mark("Languages saved"), codes=codes
        )
        if self.detected_languages != before:  # saved (_call reloads): load its models now,
            chosen = list(self.detected_languages)  # not in the next customer message's path
            threading.Thread(target=language_detection.warm, kwargs={"enabled": chosen}).start()
        return outcome


class SetPasswordState(AuthState):
    password_error: str = ""

    @rx.event
    def set_password(self, form_data: dict):
        password, again = str(form_data.get("password", "")), str(form_data.get("again", ""))
        if password != again:
            self.password_error = self._said("The two passwords differ.")
            return None
        token = str(self.router.url.query_parameters.get("token", ""))
        try:
            with session_scope() as session:
                team.set_password_with_link(session, token=token, password=password, now=utcnow())
        except DomainError as error:
            self.password_error = error.said(self.ui_language)
            return None
        self.password_error = ""
        return [
            rx.redirect(LOGIN_ROUTE),
            rx.toast(self._said("Password set. Sign in with it now.")),
        ]
