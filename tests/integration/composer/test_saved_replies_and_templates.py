import pytest

from inbox_app.models.enums import Role
from inbox_app.services.composer.email_templates import (
    EmailTemplateError,
    create_email_template,
    delete_email_template,
    list_email_templates,
    render_template,
    update_email_template,
)
from inbox_app.services.composer.placeholders import placeholder_values
from inbox_app.services.composer.saved_replies import (
    SavedReplyError,
    create_saved_reply,
    delete_saved_reply,
    expand_shortcut,
    find_by_shortcut,
    list_saved_replies,
    update_saved_reply,
)
from inbox_app.services.team.agents import create_agent
from inbox_app.services.team.permissions import PermissionDenied

VALUES = placeholder_values(
    contact_name="Lena Fischer",
    contact_email="lena@example.org",
    agent_name="Anna Berg",
    agent_email="anna@example.com",
)


@pytest.fixture()
def admin(session):
    return create_agent(
        session, email="boss@example.com", password="password-0", name="Boss", role=Role.admin
    )


@pytest.fixture()
def thanks(session, admin):
    return create_saved_reply(
        session,
        actor=admin,
        shortcut="/Thanks",
        title=" Thank you ",
        body="Thanks {{contact.first_name}}!\n{{ agent.name }}",
    )


def test_create_list_and_find(session, thanks):
    assert (thanks.shortcut, thanks.title) == ("thanks", "Thank you")
    assert list_saved_replies(session) == [thanks]
    assert find_by_shortcut(session, shortcut="THANKS") == thanks
    assert find_by_shortcut(session, shortcut="/thanks") == thanks
    assert find_by_shortcut(session, shortcut="nope") is None


@pytest.mark.parametrize(
    ("text", "expanded"),
    [
        ("/thanks", "Thanks Lena!\nAnna Berg"),
        ("Sure. /Thanks", "Sure. Thanks Lena!\nAnna Berg"),
        ("Sure.\n/thanks", "Sure.\nThanks Lena!\nAnna Berg"),
        ("/thanks ", None),
        ("Sure./thanks", None),
        ("/thanks now", None),
        ("/unknown", None),
        ("", None),
    ],
)
def test_expand_shortcut_fills_placeholders(session, thanks, text, expanded):
    assert expand_shortcut(session, text=text, values=VALUES) == expanded


def test_expansion_without_values_drops_known_placeholders(session, thanks):
    assert expand_shortcut(session, text="/thanks", values={}) == "Thanks !\n"


def test_shortcuts_are_unique_regardless_of_case(session, admin, thanks):
    with pytest.raises(SavedReplyError, match="taken"):
        create_saved_reply(session, actor=admin, shortcut="THANKS", title="Other", body="Hi")
    other = create_saved_reply(session, actor=admin, shortcut="bye", title="Bye", body="Bye!")
    with pytest.raises(SavedReplyError, match="taken"):
        update_saved_reply(
            session, actor=admin, reply_id=other.id, shortcut="Thanks", title="Bye", body="Bye!"
        )
    assert find_by_shortcut(session, shortcut="bye") == other
    renamed = update_saved_reply(
        session, actor=admin, reply_id=thanks.id, shortcut="ty", title="T", body="Thank you."
    )
    assert find_by_shortcut(session, shortcut="ty") == renamed
    assert find_by_shortcut(session, shortcut="thanks") is None


@pytest.mark.parametrize(
    ("shortcut", "title", "body", "message"),
    [
        ("", "T", "B", "shortcut"),
        ("has space", "T", "B", "shortcut"),
        ("ümlaut", "T", "B", "shortcut"),
        ("x" * 51, "T", "B", "shortcut"),
        ("ok", " ", "B", "title"),
        ("ok", "t" * 121, "B", "title"),
        ("ok", "T", "  ", "text"),
        ("ok", "T", "b" * 10_001, "text"),
    ],
)
def test_bad_saved_replies_are_refused(session, admin, shortcut, title, body, message):
    with pytest.raises(SavedReplyError, match=message):
        create_saved_reply(session, actor=admin, shortcut=shortcut, title=title, body=body)
    assert list_saved_replies(session) == []


def test_agents_cannot_write_saved_replies(session, team, thanks):
    anna = team["anna"]
    with pytest.raises(PermissionDenied):
        create_saved_reply(session, actor=anna, shortcut="hi", title="Hi", body="Hi")
    with pytest.raises(PermissionDenied):
        update_saved_reply(
            session, actor=anna, reply_id=thanks.id, shortcut="x", title="X", body="X"
        )
    with pytest.raises(PermissionDenied):
        delete_saved_reply(session, actor=anna, reply_id=thanks.id)
    assert list_saved_replies(session) == [thanks]


def test_admin_deletes_a_saved_reply(session, admin, thanks):
    delete_saved_reply(session, actor=admin, reply_id=thanks.id)
    assert list_saved_replies(session) == []
    with pytest.raises(SavedReplyError, match="no longer exists"):
        delete_saved_reply(session, actor=admin, reply_id=thanks.id)


@pytest.fixture()
def welcome(session, admin):
    return create_email_template(
        session,
        actor=admin,
        name="Welcome",
        subject="Welcome, {{contact.first_name}} {{order.id}}",
        body="Dear {{contact.name}},\n\nbest, {{agent.first_name}} <{{agent.email}}>",
    )


def test_render_template_fills_subject_and_body(session, welcome):
    subject, body = render_template(session, template_id=welcome.id, values=VALUES)
    assert subject == "Welcome, Lena {{order.id}}"
    assert body == "Dear Lena Fischer,\n\nbest, Anna <anna@example.com>"


def test_rendered_subject_stays_one_line(session, welcome):
    values = {**VALUES, "contact.first_name": "Lena\r\nBcc: evil@example.org"}
    subject, _ = render_template(session, template_id=welcome.id, values=values)
    assert "\n" not in subject and "\r" not in subject


def test_template_names_are_unique_and_fields_checked(session, admin, welcome):
    with pytest.raises(EmailTemplateError, match="exists already"):
        create_email_template(session, actor=admin, name="WELCOME", subject="S", body="B")
    for name, subject, body, message in [
        ("", "S", "B", "name"),
        ("N", "s" * 301, "B", "subject"),
        ("N", "Line\nBreak", "B", "single line"),
        ("N", "S", "b" * 20_001, "text"),
    ]:
        with pytest.raises(EmailTemplateError, match=message):
            create_email_template(session, actor=admin, name=name, subject=subject, body=body)
    assert list_email_templates(session) == [welcome]


def test_admin_updates_and_deletes_templates(session, admin, welcome):
    updated = update_email_template(
        session, actor=admin, template_id=welcome.id, name="Hello", subject="", body="Hi"
    )
    assert list_email_templates(session) == [updated]
    assert render_template(session, template_id=welcome.id, values=VALUES) == ("", "Hi")
    delete_email_template(session, actor=admin, template_id=welcome.id)
    assert list_email_templates(session) == []
    with pytest.raises(EmailTemplateError, match="no longer exists"):
        render_template(session, template_id=welcome.id, values=VALUES)


def test_agents_cannot_write_templates(session, team, welcome):
    anna = team["anna"]
    with pytest.raises(PermissionDenied):
        create_email_template(session, actor=anna, name="N", subject="S", body="B")
    with pytest.raises(PermissionDenied):
        update_email_template(
            session, actor=anna, template_id=welcome.id, name="N", subject="S", body="B"
        )
    with pytest.raises(PermissionDenied):
        delete_email_template(session, actor=anna, template_id=welcome.id)
    assert list_email_templates(session) == [welcome]
    assert render_template(session, template_id=welcome.id, values=VALUES)[1].startswith("Dear")
