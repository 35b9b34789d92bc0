"""The left rail: inbox views with counts, the other sections, and sign-out."""

import reflex as rx

from inbox_app.components.i18n import t
from inbox_app.components.shortcuts import shortcuts_dialog
from inbox_app.models.dto import GroupCount
from inbox_app.services.notifications import NotificationView
from inbox_app.state.auth import AuthState
from inbox_app.state.inbox import InboxState
from inbox_app.state.notifications import NotificationsState

RED_BADGE = "#c2292e"


def _attention_badge(label, count, red) -> rx.Component:
    """How many conversations in the view need my attention (a purple or red dot for me);
    red as soon as one of them waits too long. The name says both numbers."""
    text = (
        label
        + ": "
        + count.to_string()
        + " "
        + t("need attention")
        + ", "
        + red.to_string()
        + " "
        + t("waiting long")
    )
    common = {"aria_label": text, "title": text, "custom_attrs": {"data-red": red}}
    return rx.cond(
        red > 0,
        # Radix's solid red (red-9) under white text is 3.9:1; this red is 5.6:1 in either
        # appearance, and still reads as red.
        rx.badge(
            count,
            variant="solid",
            color_scheme="red",
            style={"background_color": RED_BADGE, "color": "white"},
            **common,
        ),
        rx.badge(count, variant="soft", color_scheme="gray", **common),
    )


def _nav_link(label: rx.Var[str], href: str, count=None, red=None) -> rx.Component:
    return rx.hstack(
        rx.link(label, href=href, weight="medium", color_scheme="gray", high_contrast=True),
        rx.spacer(),
        _attention_badge(label, count, red) if count is not None else rx.fragment(),
        width="100%",
        align="center",
    )


def _group_link(group: GroupCount) -> rx.Component:
    """One entry per group the agent belongs to: what needs attention in that group."""
    return rx.hstack(
        rx.link(
            group.name, href=group.href, weight="medium", color_scheme="gray", high_contrast=True
        ),
        rx.spacer(),
        _attention_badge(group.name, group.count, group.red),
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
                aria_label=t("Notifications"),
                custom_attrs={"data-loaded": NotificationsState.loaded},
                variant="ghost",
                size="1",
            )  # no on_click: Reflex would wrap the button in a div that takes its role
        ),
        rx.popover.content(
            rx.vstack(
                rx.text(t("Notifications"), weight="bold", size="2"),
                rx.cond(
                    NotificationsState.items.length() > 0,
                    rx.foreach(NotificationsState.items, _notification),
                    rx.text(t("Nothing new."), size="1", color_scheme="gray"),
                ),
            ),
            aria_label=t("Notifications"),
        ),
        on_open_change=NotificationsState.list_shown,
    )


_STATUS_COLOUR = {
    "online": "var(--green-9)",
    "invisible": "var(--gray-8)",
    "offline": "var(--red-9)",
}


_STATUS_NAME = {"online": t("Online"), "offline": t("Offline"), "invisible": t("Invisible")}


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
                rx.text(
                    rx.match(AuthState.agent_availability, *_STATUS_NAME.items(), ""), size="1"
                ),
                aria_label=t("My status"),
                variant="soft",
                size="1",
                color_scheme="gray",
            )
        ),
        rx.menu.content(
            *[
                rx.menu.item(name, on_select=AuthState.set_availability(key))
                for key, name in _STATUS_NAME.items()
            ]
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
            **{
                f"data-{key}": NotificationsState.prefs[key].to_string()
                for key in ("toast", "sound", "browser", "title")
            },
        },
    )


def _toast_trigger() -> rx.Component:
    """notify.js presses it to show the newest notification as the app's own toast (Sonner),
    stacked with every other toast instead of over them."""
    return rx.el.button(
        id="notify-toast",
        hidden=True,
        type="button",
        tab_index=-1,
        aria_hidden="true",
        on_click=rx.toast.info(NotificationsState.latest),
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
                rx.link(
                    rx.hstack(
                        rx.avatar(
                            fallback=AuthState.agent_name[:1],
                            size="2",
                            radius="full",
                            color_scheme=AuthState.agent_colour,
                        ),
                        rx.text(AuthState.agent_name, weight="bold", size="2"),
                        align="center",
                    ),
                    href="/profile",
                    aria_label=t("My profile"),
                    underline="none",
                    color_scheme="gray",
                    high_contrast=True,
                ),
                rx.spacer(),
                _bell(),
                align="center",
                width="100%",
            ),
            _my_status(),
            _feed(),
            _toast_trigger(),
            rx.divider(),
            _nav_link(
                t("My messages"), "/inbox/mine", InboxState.counts.mine, InboxState.counts.mine_red
            ),
            _nav_link(
                t("Unassigned"),
                "/inbox/unassigned",
                InboxState.counts.unassigned,
                InboxState.counts.unassigned_red,
            ),
            _nav_link(
                t("All messages"), "/inbox/all", InboxState.counts.all, InboxState.counts.all_red
            ),
            rx.foreach(InboxState.counts.groups, _group_link),
            _nav_link(t("Snoozed"), "/inbox/snoozed"),
            rx.divider(),
            _nav_link(t("Visitors online"), "/visitors"),
            _nav_link(t("Contacts"), "/contacts"),
            _nav_link(t("Statistics"), "/statistics"),
            rx.cond(AuthState.is_admin, _nav_link(t("Settings"), "/settings")),
            rx.spacer(),
            rx.hstack(
                rx.link(t("Notification switches"), href="/profile#notifications", size="1"),
                shortcuts_dialog(),
                align="center",
            ),
            rx.button(t("Sign out"), variant="ghost", on_click=AuthState.sign_out, size="1"),
            spacing="3",
            height="100%",
            padding="1em",
        ),
        aria_label=t("Main"),
        on_mount=NotificationsState.refresh,
        style={
            "width": "220px",
            "flexShrink": "0",
            "borderRight": "1px solid var(--gray-5)",
            "height": "100vh",
        },
    )
