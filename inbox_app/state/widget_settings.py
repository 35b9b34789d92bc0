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
from inbox_app.services.widget import look as widget_look
from inbox_app.services.widget.config import WidgetForm
from inbox_app.services.widget.look import WidgetLook
from inbox_app.services.widget.snippet import identify_example, script_snippet
from inbox_app.state.guards import admin_event
from inbox_app.state.settings import SettingsState

SECRET_FIELD = "widget-secret"
_LOOK_FIELDS = ("accent", "greeting", "corner", "appearance")


class WidgetSettingsState(SettingsState):
    name_mode: str = "optional"
    email_mode: str = "optional"
    group_choice: bool = False
    offered_group_ids: list[int] = []
    origins_text: str = ""
    snippet: str = ""
    identify_snippet: str = ""
    form_version: int = 0  # re-mounts the form's uncontrolled fields after a load
    # The look's fields as the admin edits them (the preview follows), saved ones after a load.
    accent: str = WidgetLook.accent
    greeting: str = ""
    corner: str = WidgetLook.corner
    appearance: str = WidgetLook.appearance
    on_accent: str = "#ffffff"  # the preview's text on the accent, as the widget draws it

    def _load_widget(self) -> None:
        with session_scope() as session:
            form = widget_config.widget_form(session)
            self.origins_text = "\n".join(widget_config.allowed_origins(session))
            look = widget_look.widget_look(session)
        self.greeting = look.greeting
        self._set_accent(look.accent)
        self.corner, self.appearance = look.corner, look.appearance
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
    def preview_look(self, admin: AgentView, field: str, value: str):
        """One field edited, before saving: only the preview changes (saving checks the rules)."""
        if field == "accent":
            self._set_accent(str(value))
        elif field in _LOOK_FIELDS:
            setattr(self, field, str(value)[: 2 * widget_look.MAX_GREETING])

    def _set_accent(self, value: str) -> None:
        try:
            self.accent = widget_look.checked_look(WidgetLook(accent=value)).accent
        except widget_config.WidgetConfigError:
            return  # not a colour (a browser can send anything): the preview keeps the last
        self.on_accent = widget_look.on_accent(self.accent)

    @admin_event
    def save_look(self, admin: AgentView, form_data: dict):
        look = WidgetLook(**{field: str(form_data.get(field, "")) for field in _LOOK_FIELDS})
        return self._save(admin, widget_look.save_widget_look, "Widget look saved", look=look)

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
            rx.toast(self._said("New secret made: update your site's server.")),
        ]

    def _save(self, admin: AgentView, service, done: str, **arguments):
        result = self._call(admin, service, done, **arguments)
        self._load_widget()
        return result
