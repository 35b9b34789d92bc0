"""The contact form an admin configures: the widget reads it, and the server enforces it."""

import pytest
from sqlmodel import select

from inbox_app.models.tables import Contact
from inbox_app.services.team.permissions import PermissionDenied
from inbox_app.services.widget.config import (
    WidgetConfigError,
    WidgetForm,
    allowed_origins,
    public_config,
    save_allowed_origins,
    save_widget_form,
)
from tests.integration.api.test_attachments import settings  # noqa: F401  (fixture)
from tests.integration.api.test_widget_api import client, fresh_limits, started  # noqa: F401
from tests.integration.widget_helpers import an_admin, counts, set_form


def _form_part(client) -> dict:  # noqa: F811
    """The config without the look (tests/integration/widget/test_look.py checks that) and the
    words (test_widget_language.py)."""
    config = client.get("/api/widget/config").json()
    for other in ("look", "language", "texts"):
        config.pop(other)
    return config


def test_by_default_both_fields_are_optional_and_no_group_is_offered(client):  # noqa: F811
    assert _form_part(client) == {
        "name": "optional",
        "email": "optional",
        "groups": [],
    }


def test_the_widget_reads_what_the_admin_set(client, session, team):  # noqa: F811
    set_form(session, name="off", email="required", group_choice=True, group_ids=[team["sales"].id])
    assert _form_part(client) == {
        "name": "off",
        "email": "required",
        "groups": [{"id": team["sales"].id, "name": "Sales"}],
    }


def test_a_required_email_missing_is_refused_and_nothing_is_created(client, session):  # noqa: F811
    set_form(session, email="required")
    before = counts(session)
    refused = client.post("/api/widget/start", json={"name": "Nora", "email": "  "})
    assert refused.status_code == 422
    assert refused.json() == {"detail": "Please enter your email address to start the chat."}
    assert counts(session) == before
    assert client.post("/api/widget/start", json={"email": "nora@example.net"}).status_code == 201


def test_an_off_field_is_ignored_and_given_values_come_from_the_form(client, session):  # noqa: F811
    set_form(session, name="off", email="optional")
    started(client, name="Should vanish", email="olga@example.net")
    contact = session.exec(select(Contact).where(Contact.email == "olga@example.net")).one()
    assert contact.name is None
    assert contact.field_sources == {"email": "form"}


def test_only_admins_change_the_form_and_bad_values_change_nothing(session, team):
    with pytest.raises(PermissionDenied):
        save_widget_form(session, actor=team["anna"], form=WidgetForm(name="required"))
    admin = an_admin(session)
    with pytest.raises(WidgetConfigError):
        save_widget_form(session, actor=admin, form=WidgetForm(name="sometimes"))
    with pytest.raises(WidgetConfigError):
        save_widget_form(session, actor=admin, form=WidgetForm(group_ids=[999]))
    assert public_config(session)["name"] == "optional"


def test_allowed_sites_are_kept_as_origins_and_nonsense_is_refused(session, team):
    admin = an_admin(session)
    saved = save_allowed_origins(
        session,
        actor=admin,
        text="https://Shop.example/\nhttp://localhost:8080, https://shop.example",
    )
    assert saved == ["https://shop.example", "http://localhost:8080"]
    with pytest.raises(WidgetConfigError, match="not a site address"):
        save_allowed_origins(session, actor=admin, text="https://shop.example/checkout")
    with pytest.raises(PermissionDenied):
        save_allowed_origins(session, actor=team["anna"], text="")
    assert allowed_origins(session) == ["https://shop.example", "http://localhost:8080"]


def test_a_visitor_can_only_pick_a_group_the_form_offers(client, session, team, settings):  # noqa: F811
    from inbox_app.models.tables import AgentGroup, Conversation
    from tests.integration.api.test_widget_api import conversation_of

    hidden = AgentGroup(name="Management")
    session.add(hidden)
    session.commit()
    set_form(session, group_choice=True, group_ids=[team["sales"].id])
    offered = conversation_of(started(client, group_id=team["sales"].id), settings)
    sneaky = conversation_of(started(client, group_id=hidden.id), settings)
    session.expire_all()
    assert session.get(Conversation, offered).group_id == team["sales"].id
    assert session.get(Conversation, sneaky).group_id is None  # routed like no choice at all
