"""The widget's look as an admin sets it and the widget reads it; refusals change nothing."""

import pytest

from inbox_app.models.enums import Role
from inbox_app.models.tables import AppSetting
from inbox_app.services.team.agents import create_agent
from inbox_app.services.team.permissions import PermissionDenied
from inbox_app.services.widget.config import WidgetConfigError
from inbox_app.services.widget.look import LOOK_KEY, WidgetLook, save_widget_look, widget_look
from tests.integration.api.test_attachments import settings  # noqa: F401  (fixture)
from tests.integration.api.test_widget_api import client, fresh_limits  # noqa: F401
from tests.integration.widget_helpers import an_admin

DEFAULT_LOOK = {
    "accent": "#6e56cf",
    "greeting": "",
    "corner": "right",
    "appearance": "light",
    "on_accent": "#ffffff",
}


def test_the_widget_gets_the_default_look_until_an_admin_sets_one(client, session):  # noqa: F811
    assert client.get("/api/widget/config").json()["look"] == DEFAULT_LOOK
    look = WidgetLook(accent="#FFEB3B", greeting="Hi, we answer fast", corner="left")
    save_widget_look(session, actor=an_admin(session), look=look)
    assert client.get("/api/widget/config").json()["look"] == {
        "accent": "#ffeb3b",
        "greeting": "Hi, we answer fast",
        "corner": "left",
        "appearance": "light",
        "on_accent": "#000000",
    }


@pytest.mark.parametrize(
    "bad",
    [
        WidgetLook(accent="blue"),
        WidgetLook(greeting="Hello " * 100),
        WidgetLook(corner="top"),
        WidgetLook(appearance="neon"),
    ],
)
def test_a_refused_look_leaves_the_saved_one_as_it_was(session, bad):
    admin = an_admin(session)
    saved = save_widget_look(
        session, actor=admin, look=WidgetLook(accent="#112233", greeting="Hey")
    )
    with pytest.raises(WidgetConfigError):
        save_widget_look(session, actor=admin, look=bad)
    assert widget_look(session) == saved


def test_only_admins_change_the_look(session):
    agent = create_agent(
        session, email="ag@example.com", password="password-9", name="Ag", role=Role.agent
    )
    with pytest.raises(PermissionDenied):
        save_widget_look(session, actor=agent, look=WidgetLook(accent="#112233"))
    assert session.get(AppSetting, LOOK_KEY) is None


def test_a_stored_value_the_rules_refuse_reads_as_the_default(session):
    session.add(AppSetting(key=LOOK_KEY, value='{"accent": "javascript:x", "corner": "left"}'))
    session.commit()
    assert widget_look(session) == WidgetLook()
