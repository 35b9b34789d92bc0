"""Settings → Chat widget (admins only): the contact form, allowed sites, the site secret, the snippet.

The site secret is never a State var (State is kept server-side and synced wholesale): an admin who
asks to see it gets it written straight into one read-only field of their page, and it is gone
on reload.
"""

from __future__ import annotations

import reflex as rx

from inbox_app.api.widget_origins import announce_origins_changed
from inbox_app.db import session_scope
from inbox_app.models.dto import AgentView
from inbox_app.services.widget import config as widget_config
from inbox_app.services.widget import identity as visitor_identity
from inbox_app.services.widget.config import WidgetForm
from inbox_app.services.widget.snippet import identify_example, script_snippet
from inbox_app.state.guards import admin_event
from inbox_app.state.settings import SettingsState

SECRET_FIELD = "widget-secret"


class WidgetSettingsState(SettingsState):
    name_mode: str = "optional"
    email_mode: str = "optional"
    group_choice: bool = False
    offered_group_ids: list[int] = []
    origins_text: str = ""
    snippet: str = ""
    identify_snippet: str = ""
    form_version: int = 0  # re-mounts the form's uncontrolled fields after a load

    def _load_widget(self) -> None:
        with session_scope() as session:
            form = widget_config.widget_form(session)
            self.origins_text = "\n".join(widget_config.allowed_origins(session))
        self.name_mode, self.email_mode = form.name, form.email
        self.group_choice, self.offered_group_ids = form.group_choice, list(form.group_ids)
        url = self.router.url
        origin = f"{url.scheme}://{url.netloc}"
        self.snippet, self.identify_snippet = (
            script_snippet(app_origin=origin),
            identify_example(app_origin=origin),
        )
        self.form_version += 1

    @admin_event
    def open_widget_settings(self, admin: AgentView):
        self._load_widget()
        return None

    @admin_event
    def save_widget_form(self, admin: AgentView, form_data: dict):
        offered = [
            int(key[6:]) for key in form_data if key.startswith("offer-") and key[6:].isdigit()
        ]
        form = WidgetForm(
            name=str(form_data.get("name_mode", "")),
            email=str(form_data.get("email_mode", "")),
            group_choice=bool(form_data.get("group_choice")),
            group_ids=sorted(offered),
        )
        return self._save(
            admin, widget_config.save_widget_form, "Chat widget form saved", form=form
        )

    @admin_event
    def save_origins(self, admin: AgentView, form_data: dict):
        done = self._save(
            admin,
            widget_config.save_allowed_origins,
            "Allowed sites saved",
            text=str(form_data.get("origins", "")),
        )
        announce_origins_changed()
        return done

    @admin_event
    def reveal_secret(self, admin: AgentView):
        with session_scope() as session:
            secret = visitor_identity.site_secret_for_admin(session, actor=admin)
        return rx.set_value(SECRET_FIELD, secret)

    @admin_event
    def hide_secret(self, admin: AgentView):
        return rx.set_value(SECRET_FIELD, "")

    @admin_event
    def regenerate_secret(self, admin: AgentView):
        with session_scope() as session:
            visitor_identity.regenerate_site_secret(session, actor=admin)
            secret = visitor_identity.site_secret_for_admin(session, actor=admin)
        return [
            rx.set_value(SECRET_FIELD, secret),
            rx.toast("New secret made: update your site's server."),
        ]

    def _save(self, admin: AgentView, service, done: str, **arguments):
        result = self._call(admin, service, done, **arguments)
        self._load_widget()
        return result
