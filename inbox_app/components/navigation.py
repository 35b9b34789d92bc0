"""The left rail: inbox views with counts, the other sections, and sign-out."""

import reflex as rx

from inbox_app.components.shortcuts import shortcuts_dialog
from inbox_app.models.dto import GroupCount
from inbox_app.services.notifications import DELIVERY, KINDS, NotificationView
from inbox_app.state.auth import AuthState
from inbox_app.state.inbox import InboxState
from inbox_app.state.notifications import NotificationsState


def _nav_link(label: str, href: str, count=None) -> rx.Component:
    badge = (
        rx.badge(count, variant="soft", aria_label=f"{label}: open conversations")
        if count is not None
        else rx.fragment()
    )
    return rx.hstack(
        rx.link(label, href=href, weight="medium", color_scheme="gray", high_contrast=True),
        rx.spacer(),
        badge,
        width="100%",
        align="center",
    )


def _group_link(group: GroupCount) -> rx.Component:
    """One entry per group the agent belongs to: that group's open conversations."""
    return rx.hstack(
        rx.link(
            group.name, href=group.href, weight="medium", color_scheme="gray", high_contrast=True
        ),
        rx.spacer(),
        rx.badge(group.count, variant="soft", aria_label=group.name + ": open conversations"),
        width="100%",
        align="center",
        padding_left="0.75em",
    )


def _notification(item: NotificationView) -> rx.Component:
    return rx.link(
        rx.text(item.text, size="2", weight=rx.cond(item.unread, "bold", "regular")),
        rx.text(item.time_label, size="1", color_scheme="gray"),
        href=item.href,
        underline="none",
    )


def _bell() -> rx.Component:
    return rx.popover.root(
        rx.popover.trigger(
            rx.button(
                rx.icon("bell", size=16),
                rx.cond(
                    NotificationsState.unread > 0,
                    rx.badge(NotificationsState.unread, color_scheme="red"),
                ),
                aria_label="Notifications",
                custom_attrs={"data-loaded": NotificationsState.loaded},
                variant="ghost",
                size="1",
                on_click=NotificationsState.open_list,
            )
        ),
        rx.popover.content(
            rx.vstack(
                rx.text("Notifications", weight="bold", size="2"),
                rx.cond(
                    NotificationsState.items.length() > 0,
                    rx.foreach(NotificationsState.items, _notification),
                    rx.text("Nothing new.", size="1", color_scheme="gray"),
                ),
            ),
            aria_label="Notifications",
        ),
    )


_STATUS_COLOUR = {
    "online": "var(--green-9)",
    "invisible": "var(--gray-8)",
    "offline": "var(--red-9)",
}


def _my_status() -> rx.Component:
    dot = rx.el.span(
        style={
            "width": "8px",
            "height": "8px",
            "borderRadius": "50%",
            "display": "inline-block",
            "background": rx.match(
                AuthState.agent_availability, *_STATUS_COLOUR.items(), "var(--gray-8)"
            ),
        }
    )
    return rx.menu.root(
        rx.menu.trigger(
            rx.button(
                dot,
                rx.text(AuthState.agent_availability.capitalize(), size="1"),
                aria_label="My status",
                variant="soft",
                size="1",
                color_scheme="gray",
            )
        ),
        rx.menu.content(
            *[
                rx.menu.item(label, on_select=AuthState.set_availability(label.lower()))
                for label in ("Online", "Offline", "Invisible")
            ]
        ),
    )


def _switch(key: str, label: str) -> rx.Component:
    return rx.el.label(
        rx.switch(
            checked=NotificationsState.prefs[key],
            on_change=lambda on: NotificationsState.set_pref(key, on),
        ),
        rx.text(label, size="2"),
        style={"display": "flex", "gap": "0.6em", "alignItems": "center"},
    )


def _notification_settings() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.trigger(rx.button("Notification settings", variant="ghost", size="1")),
        rx.dialog.content(
            rx.dialog.title("Notification settings"),
            rx.vstack(
                *[_switch(key, label) for key, label in {**KINDS, **DELIVERY}.items()],
                rx.button(
                    "Allow browser notifications",
                    variant="soft",
                    size="1",
                    on_click=rx.call_script("window.inboxAskNotificationPermission()"),
                ),
                rx.dialog.close(rx.button("Done", size="1")),
                align="start",
            ),
        ),
    )


def _feed() -> rx.Component:
    """What notify.js reads to announce news: count, newest text and the agent's switches."""
    return rx.el.div(
        id="notify-feed",
        hidden=True,
        custom_attrs={
            "data-count": NotificationsState.unread,
            "data-loaded": NotificationsState.loaded,  # before that the count is the default 0
            "data-latest": NotificationsState.latest,
            "data-sound": NotificationsState.prefs["sound"].to_string(),
            "data-browser": NotificationsState.prefs["browser"].to_string(),
        },
    )


def navigation() -> rx.Component:
    return rx.el.nav(
        # A refresh pragma acts when inserted (HTML spec), so the push that ends the session
        # takes the tab to /login at once.
        rx.cond(AuthState.session_ended, rx.el.meta(http_equiv="refresh", content="0; url=/login")),
        # assets/hydration_watch.js reloads a page whose state never arrived
        rx.el.div(
            id="hydration-marker", hidden=True, custom_attrs={"data-hydrated": rx.State.is_hydrated}
        ),
        rx.vstack(
            rx.hstack(
                rx.avatar(fallback=AuthState.agent_name[:1], size="2", radius="full"),
                rx.text(AuthState.agent_name, weight="bold", size="2"),
                rx.spacer(),
                _bell(),
                align="center",
                width="100%",
            ),
            _my_status(),
            _feed(),
            rx.divider(),
            _nav_link("My messages", "/inbox/mine", InboxState.counts.mine),
            _nav_link("Unassigned", "/inbox/unassigned", InboxState.counts.unassigned),
            _nav_link("All messages", "/inbox/all", InboxState.counts.all),
            rx.foreach(InboxState.counts.groups, _group_link),
            _nav_link("Snoozed", "/inbox/snoozed"),
            rx.divider(),
            _nav_link("Visitors online", "/visitors"),
            _nav_link("Contacts", "/contacts"),
            _nav_link("Statistics", "/statistics"),
            rx.cond(AuthState.is_admin, _nav_link("Settings", "/settings")),
            rx.spacer(),
            rx.hstack(_notification_settings(), shortcuts_dialog(), align="center"),
            rx.button("Sign out", variant="ghost", on_click=AuthState.sign_out, size="1"),
            spacing="3",
            height="100%",
            padding="1em",
        ),
        aria_label="Main",
        on_mount=NotificationsState.refresh,
        style={
            "width": "220px",
            "flexShrink": "0",
            "borderRight": "1px solid var(--gray-5)",
            "height": "100vh",
        },
    )
