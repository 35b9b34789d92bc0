"""The chat window's organising controls: `Labels` (a checkbox item per label), `Priority`
and `Snooze` (presets)."""

import reflex as rx

from inbox_app.components.i18n import t
from inbox_app.models.dto import LabelView
from inbox_app.services.conversations.priority import PRIORITY_NAMES
from inbox_app.services.conversations.snooze_presets import PRESETS
from inbox_app.state.organise import OrganiseState


def _trigger(label: rx.Var[str], icon: str) -> rx.Component:
    return rx.icon_button(
        rx.icon(icon, size=16), aria_label=label, title=label, variant="soft", size="2"
    )


def _label_item(label: LabelView) -> rx.Component:
    on = OrganiseState.header.label_ids.contains(label.id)
    # Radix's menu item takes the role it is given: a checkbox item, checked or not.
    return rx.menu.item(
        rx.hstack(
            rx.cond(on, rx.icon("check", size=14), rx.box(width="14px")),
            rx.badge(label.name, color_scheme=label.colour, variant="soft", high_contrast=True),
            spacing="2",
            align="center",
        ),
        on_select=OrganiseState.toggle_label(label.id),
        custom_attrs={"role": "menuitemcheckbox", "aria-checked": rx.cond(on, "true", "false")},
    )


def labels_menu() -> rx.Component:
    return rx.menu.root(
        rx.menu.trigger(_trigger(t("Labels"), "tag")),
        rx.menu.content(
            rx.cond(
                OrganiseState.label_choices.length() > 0,
                rx.foreach(OrganiseState.label_choices, _label_item),
                rx.menu.item(t("No labels yet: an admin adds them in Settings"), disabled=True),
            ),
        ),
    )


def priority_select() -> rx.Component:
    return rx.select.root(
        rx.select.trigger(aria_label=t("Priority"), title=t("Priority")),
        rx.select.content(
            *[rx.select.item(t(name), value=name) for name in PRIORITY_NAMES.values()]
        ),
        value=OrganiseState.header.priority,
        on_change=OrganiseState.set_priority,
        size="2",
    )


def snooze_menu() -> rx.Component:
    return rx.menu.root(
        rx.menu.trigger(_trigger(t("Snooze"), "alarm-clock")),
        rx.menu.content(
            *[
                rx.menu.item(t(preset), on_select=OrganiseState.snooze(preset))
                for preset in PRESETS
            ],
            rx.cond(
                OrganiseState.header.snoozed_until != "",
                rx.fragment(
                    rx.menu.separator(),
                    rx.menu.item(t("Unsnooze"), on_select=OrganiseState.unsnooze),
                ),
            ),
        ),
    )


def snoozed_badge() -> rx.Component:
    return rx.cond(
        OrganiseState.header.snoozed_until != "",
        rx.badge(OrganiseState.header.snoozed_until, color_scheme="blue"),
    )
