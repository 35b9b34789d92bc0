"""Settings → Labels: the team's labels with their colours; admins add and delete them."""

import reflex as rx

from inbox_app.components.i18n import t
from inbox_app.models.dto import LabelView
from inbox_app.services.labels.catalogue import COLOURS
from inbox_app.state.settings import SettingsState


def _label_row(label: LabelView) -> rx.Component:
    return rx.hstack(
        rx.badge(
            label.name, color_scheme=label.colour, variant="soft", size="2", high_contrast=True
        ),
        rx.text(label.colour, size="1", color_scheme="gray"),
        rx.spacer(),
        rx.button(
            t("Delete {name}", name=label.name),
            size="1",
            variant="soft",
            color_scheme="red",
            on_click=SettingsState.delete_label(label.id),
        ),
        width="100%",
        align="center",
    )


def labels_section() -> rx.Component:
    return rx.vstack(
        rx.foreach(SettingsState.labels, _label_row),
        rx.form(
            rx.hstack(
                rx.input(
                    name="name",
                    aria_label=t("Label name"),
                    placeholder=t("Label name"),
                    required=True,
                    max_length=50,
                ),
                rx.el.select(
                    *[rx.el.option(colour.capitalize(), value=colour) for colour in COLOURS],
                    name="colour",
                    aria_label=t("Colour"),
                    default_value=COLOURS[0],
                ),
                rx.button(t("Add label"), type="submit"),
                align="center",
            ),
            on_submit=SettingsState.add_label,
            reset_on_submit=True,
        ),
        width="100%",
    )
