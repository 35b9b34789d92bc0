"""Settings → Chat widget (admins only): the contact form, allowed sites, the site secret, the snippet.

The site secret is never a State var (State is kept server-side and synced wholesale): an admin who
asks to see it gets it written straight into one read-only field of their page, and it is gone
on reload.
"""

from __future__ import annotations

import reflex as rx

from inbox_app.api.widget_origins import announce_origins_changed
from inbox_app.db import session_scope
from inbox_app.services import visitor_identity, widget_config
from inbox_app.services.widget_config import WidgetForm
from inbox_app.services.widget_snippet import identify_example, script_snippet
from inbox_app.state.auth import HOME_ROUTE, LOGIN_ROUTE
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

    async def _refused(self):
        return rx.redirect(LOGIN_ROUTE if await self._authenticate() is None else HOME_ROUTE)

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

    @rx.event
    async def open_widget_settings(self):
        if await self._admin() is None:
            return await self._refused()
        self._load_widget()
        return None

    @rx.event
    async def save_widget_form(self, form_data: dict):
        if await self._admin() is None:
            return await self._refused()
        offered = [
            int(key[6:]) for key in form_data if key.startswith("offer-") and key[6:].isdigit()
        ]
        form = WidgetForm(name=str(form_data.get("name_mode", "")), email=str(form_data.get("email_mode", "")),
                          group_choice=bool(form_data.get("group_choice")), group_ids=sorted(offered))  # fmt: skip
        return await self._save(widget_config.save_widget_form, "Chat widget form saved", form=form)

    @rx.event
    async def save_origins(self, form_data: dict):
        if await self._admin() is None:
            return await self._refused()
        done = await self._save(widget_config.save_allowed_origins, "Allowed sites saved",
                          text=str(form_data.get("origins", "")))  # fmt: skip
        announce_origins_changed()
        return done

    @rx.event
    async def reveal_secret(self):
        admin = await self._admin()
        if admin is None:
            return await self._refused()
        with session_scope() as session:
            secret = visitor_identity.site_secret_for_admin(session, actor=admin)
        return rx.set_value(SECRET_FIELD, secret)

    @rx.event
    async def hide_secret(self):
        if await self._admin() is None:
            return await self._refused()
        return rx.set_value(SECRET_FIELD, "")

    @rx.event
    async def regenerate_secret(self):
        admin = await self._admin()
        if admin is None:
            return await self._refused()
        with session_scope() as session:
            visitor_identity.regenerate_site_secret(session, actor=admin)
            secret = visitor_identity.site_secret_for_admin(session, actor=admin)
        return [
            rx.set_value(SECRET_FIELD, secret),
            rx.toast("New secret made: update your site's server."),
        ]

    async def _save(self, service, done: str, **arguments):
        result = await self._call(service, done, **arguments)
        self._load_widget()
        return result
