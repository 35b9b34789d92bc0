"""/settings (admins) and /set-password (invited agents)."""

import reflex as rx

from inbox_app.components.api_keys_settings import api_keys_section
from inbox_app.components.email_settings import email_section
from inbox_app.components.general_settings import general_section
from inbox_app.components.i18n import t
from inbox_app.components.labels_settings import labels_section
from inbox_app.components.navigation import navigation
from inbox_app.components.webhooks_settings import webhooks_section
from inbox_app.components.widget_settings import chat_widget_section
from inbox_app.i18n import mark
from inbox_app.models.dto import AgentView
from inbox_app.services.composer.email_templates import EmailTemplateView
from inbox_app.services.composer.saved_replies import SavedReplyView
from inbox_app.services.team.groups import GroupView
from inbox_app.state.settings import SetPasswordState, SettingsState
from inbox_app.state.webhooks import WebhooksState


def _agent_row(agent: AgentView) -> rx.Component:
    return rx.table.row(
        rx.table.cell(agent.name),
        rx.table.cell(agent.email),
        rx.table.cell(
            rx.select.root(
                rx.select.trigger(aria_label=t("Role of {name}", name=agent.name)),
                rx.select.content(
                    rx.select.item(t("Admin"), value="admin"),
                    rx.select.item(t("Agent"), value="agent"),
                ),
                value=agent.role,
                on_change=lambda role: SettingsState.change_role(agent.id, role),
                size="1",
            )
        ),
        rx.table.cell(
            rx.button(
                t("Deactivate {name}", name=agent.name),
                size="1",
                variant="soft",
                color_scheme="red",
                on_click=SettingsState.set_active(agent.id, False),
            )
        ),
    )


def _inactive_row(agent: AgentView) -> rx.Component:
    return rx.hstack(
        rx.text(agent.name, " (", agent.email, ")", size="2", color_scheme="gray"),
        rx.button(
            t("Reactivate {name}", name=agent.name),
            size="1",
            variant="soft",
            on_click=SettingsState.set_active(agent.id, True),
        ),
    )


def _agents() -> rx.Component:
    return rx.vstack(
        rx.table.root(
            rx.table.header(
                rx.table.row(
                    *[
                        rx.table.column_header_cell(h)
                        for h in (t("Name"), t("Email"), t("Role"), "")
                    ]
                )
            ),
            rx.table.body(rx.foreach(SettingsState.active_agents, _agent_row)),
            width="100%",
        ),
        rx.foreach(SettingsState.inactive_agents, _inactive_row),
        rx.heading(t("Invite an agent"), size="3"),
        rx.form(
            rx.hstack(
                rx.input(
                    name="email",
                    type="email",
                    aria_label=t("Email"),
                    placeholder=t("Email"),
                    required=True,
                ),
                rx.input(name="name", aria_label=t("Name"), placeholder=t("Name")),
                rx.el.select(
                    rx.el.option(t("Agent"), value="agent"),
                    rx.el.option(t("Admin"), value="admin"),
                    name="role",
                    aria_label=t("Role"),
                ),
                rx.el.label(
                    rx.el.input(type="checkbox", name="send_by_email", value="on"),
                    rx.text(t("Send invite by email"), size="2"),
                    style={"display": "flex", "gap": "0.4em", "alignItems": "center"},
                ),
                rx.button(t("Invite"), type="submit"),
            ),
            on_submit=SettingsState.invite,
            reset_on_submit=True,
        ),
        rx.cond(
            SettingsState.invite_link != "",
            rx.callout(
                rx.text(
                    t("One-time link to set a password:"), " ", rx.code(SettingsState.invite_link)
                )
            ),
        ),
        align="start",
        width="100%",
    )


def _member_box(group: GroupView, agent: AgentView) -> rx.Component:
    return rx.el.label(
        rx.checkbox(
            checked=group.member_ids.contains(agent.id),
            on_change=lambda checked: SettingsState.toggle_member(group.id, agent.id, checked),
            aria_label=t("{agent} in {group}", agent=agent.name, group=group.name),
        ),
        rx.text(agent.name, size="2"),
        style={"display": "flex", "gap": "0.4em", "alignItems": "center"},
    )


def _group_card(group: GroupView) -> rx.Component:
    return rx.card(
        rx.hstack(
            rx.heading(group.name, size="3"),
            rx.spacer(),
            rx.button(
                t("Delete {name}", name=group.name),
                size="1",
                variant="soft",
                color_scheme="red",
                on_click=SettingsState.delete_group(group.id),
            ),
        ),
        rx.hstack(
            rx.foreach(SettingsState.active_agents, lambda agent: _member_box(group, agent)),
            wrap="wrap",
            spacing="3",
        ),
        _routing(group),
        width="100%",
    )


def _routing(group: GroupView) -> rx.Component:
    """Round-robin among the online members, and the languages that send conversations here."""
    return rx.hstack(
        rx.el.label(
            rx.checkbox(
                checked=group.auto_assign,
                on_change=lambda on: SettingsState.set_routing(group.id, on, group.languages),
                aria_label=t("Assign automatically"),
            ),
            rx.text(t("Assign automatically"), size="2"),
            style={"display": "flex", "gap": "0.4em", "alignItems": "center"},
        ),
        rx.input(
            key=group.languages,  # shows the saved value again after a refusal
            default_value=group.languages,
            placeholder="de, fr",
            aria_label=t("Languages of {name}", name=group.name),
            title=t("New conversations in these languages (ISO codes) come to this group"),
            on_blur=lambda text: SettingsState.set_routing(group.id, group.auto_assign, text),
            size="1",
            width="160px",
        ),
        align="center",
        spacing="3",
        margin_top="0.5em",
    )


def _groups() -> rx.Component:
    return rx.vstack(
        rx.foreach(SettingsState.groups, _group_card),
        rx.form(
            rx.hstack(
                rx.input(
                    name="name",
                    aria_label=t("Group name"),
                    placeholder=t("Group name"),
                    required=True,
                ),
                rx.button(t("Create group"), type="submit"),
            ),
            on_submit=SettingsState.create_group,
            reset_on_submit=True,
        ),
        width="100%",
    )


def _listed(*parts: rx.Component, name, on_delete) -> rx.Component:
    """A saved item: what it is, then its Delete button (named after it for screen readers)."""
    delete = rx.button(
        t("Delete {name}", name=name),
        size="1",
        variant="soft",
        color_scheme="red",
        on_click=on_delete,
    )
    return rx.hstack(*parts, rx.spacer(), delete, width="100%")


def _reply_row(reply: SavedReplyView) -> rx.Component:
    return _listed(
        rx.code("/", reply.shortcut),
        rx.text(reply.title, weight="medium"),
        rx.text(reply.body, size="1", color_scheme="gray"),
        name=reply.title,
        on_delete=SettingsState.delete_saved_reply(reply.id),
    )


def _template_row(template: EmailTemplateView) -> rx.Component:
    return _listed(
        rx.text(template.name, weight="medium"),
        rx.text(template.subject, size="1", color_scheme="gray"),
        name=template.name,
        on_delete=SettingsState.delete_template(template.id),
    )


def _text_form(
    fields: list[tuple[str, rx.Var[str]]], button: rx.Var[str], on_submit
) -> rx.Component:
    inputs = [
        rx.text_area(name=name, aria_label=label, placeholder=label, required=True, width="100%")
        if name == "body"
        else rx.input(name=name, aria_label=label, placeholder=label, required=True, width="100%")
        for name, label in fields
    ]
    return rx.form(
        rx.vstack(*inputs, rx.button(button, type="submit")),
        on_submit=on_submit,
        reset_on_submit=True,
        width="100%",
    )


def _replies() -> rx.Component:
    fields = [("shortcut", t("Shortcut")), ("title", t("Title")), ("body", t("Text"))]
    return rx.vstack(
        rx.foreach(SettingsState.replies, _reply_row),
        _text_form(fields, t("Add saved reply"), SettingsState.add_saved_reply),
        width="100%",
    )


def _templates() -> rx.Component:
    fields = [("name", t("Template name")), ("subject", t("Subject")), ("body", t("Text"))]
    return rx.vstack(
        rx.foreach(SettingsState.templates, _template_row),
        _text_form(fields, t("Add template"), SettingsState.add_template),
        width="100%",
    )


def _slug(label: str) -> str:
    return label.lower().replace(" ", "-")


def settings_page() -> rx.Component:
    tabs = [
        (mark("Agents"), _agents),
        (mark("Groups"), _groups),
        (mark("Labels"), labels_section),
        (mark("Saved replies"), _replies),
        (mark("Email templates"), _templates),
        (mark("General"), general_section),
        (mark("Chat widget"), chat_widget_section),
        (mark("API keys"), api_keys_section),
        (mark("Webhooks"), webhooks_section),
        (mark("Email"), email_section),
    ]
    return rx.hstack(
        navigation(),
        rx.box(
            rx.heading(t("Settings"), size="6", margin_bottom="0.5em"),
            rx.tabs.root(
                # Values without spaces: Radix builds the ids aria-controls names from them.
                rx.tabs.list(*[rx.tabs.trigger(t(label), value=_slug(label)) for label, _ in tabs]),
                *[
                    rx.tabs.content(build(), value=_slug(label), padding_top="1em")
                    for label, build in tabs
                ],
                default_value="agents",
                on_change=WebhooksState.tab_shown,
            ),
            padding="2em",
            width="100%",
            style={"overflowY": "auto", "height": "100vh"},
        ),
        spacing="0",
        width="100%",
    )


def set_password_page() -> rx.Component:
    return rx.center(
        rx.card(
            rx.form(
                rx.vstack(
                    rx.heading(t("Choose your password"), size="5"),
                    rx.input(
                        name="password",
                        type="password",
                        aria_label=t("New password"),
                        required=True,
                        width="100%",
                        auto_complete="new-password",
                    ),
                    rx.input(
                        name="again",
                        type="password",
                        aria_label=t("Repeat password"),
                        required=True,
                        width="100%",
                        auto_complete="new-password",
                    ),
                    rx.cond(
                        SetPasswordState.password_error != "",
                        rx.callout(
                            SetPasswordState.password_error, color_scheme="red", role="alert"
                        ),
                    ),
                    rx.button(t("Set password"), type="submit", width="100%"),
                ),
                on_submit=SetPasswordState.set_password,
            ),
            width="360px",
        ),
        height="100vh",
    )
