import pytest

from inbox_app.models.dto import AgentView, ContactView, FieldView
from inbox_app.services.composer.placeholders import (
    fill_placeholders,
    placeholder_values,
    values_for,
)

VALUES = placeholder_values(
    contact_name="Lena  Maria Fischer",
    contact_email="lena@example.org",
    agent_name="Anna Berg",
    agent_email="anna@example.com",
)


def test_values_cover_every_placeholder():
    assert VALUES == {
        "contact.name": "Lena Maria Fischer",
        "contact.first_name": "Lena",
        "contact.email": "lena@example.org",
        "agent.name": "Anna Berg",
        "agent.first_name": "Anna",
        "agent.email": "anna@example.com",
    }


def test_missing_values_are_empty():
    values = placeholder_values(
        contact_name=None, contact_email="", agent_name="  ", agent_email=None
    )
    assert set(values.values()) == {""}


@pytest.mark.parametrize(
    ("text", "filled"),
    [
        ("Hi {{contact.first_name}}!", "Hi Lena!"),
        ("Dear {{ contact.name }},", "Dear Lena Maria Fischer,"),
        ("{{contact.email}}", "lena@example.org"),
        (
            "Cheers,\n{{agent.first_name}} ({{agent.name}}, {{agent.email}})",
            "Cheers,\nAnna (Anna Berg, anna@example.com)",
        ),
        ("{{\tagent.name\n}}", "Anna Berg"),
        ("{{Contact.First_Name}}", "Lena"),
    ],
)
def test_known_placeholders_are_filled(text, filled):
    assert fill_placeholders(text, values=VALUES) == filled


@pytest.mark.parametrize(
    "text",
    ["Your {{order.number}} ships", "{{contact.age}}", "{{ contact.name", "{contact.name}", "{{}}"],
)
def test_unknown_or_broken_placeholders_stay_as_written(text):
    assert fill_placeholders(text, values=VALUES) == text


@pytest.mark.parametrize(
    ("text", "filled"),
    [
        ("Hi {{contact.first_name}} there", "Hi there"),
        ("Hi {{contact.name}} {{contact.email}} there", "Hi there"),
        ("Hi {{contact.name}}, welcome", "Hi , welcome"),
        ("{{contact.name}}", ""),
        ("a{{contact.name}}b", "ab"),
        ("Line one {{contact.name}}\nline two", "Line one \nline two"),
    ],
)
def test_known_placeholder_without_value_vanishes_without_a_double_space(text, filled):
    assert fill_placeholders(text, values={}) == filled


def test_intentional_spacing_elsewhere_is_kept():
    assert fill_placeholders("a  b {{x.y}}  c", values=VALUES) == "a  b {{x.y}}  c"


def test_values_are_inserted_literally():
    values = {**VALUES, "contact.name": "{{agent.email}} $1 \\g<0>"}
    assert fill_placeholders("Hi {{contact.name}}", values=values) == "Hi {{agent.email}} $1 \\g<0>"


def test_values_for_the_open_conversation_come_from_its_contact_panel_in_any_language():
    contact = ContactView(
        id=3,
        display_name="Lena Fischer",
        blocked=False,
        fields=[
            FieldView(label="Name", value="Lena Fischer", source="form", name="name"),
            FieldView(label="E-Mail", value="lena@example.org", source="manual", name="email"),
            FieldView(label="Telefon", value="+49 30 1234", source="manual", name="phone"),
        ],
    )
    agent = AgentView(
        id=1, name="Anna Berg", email="anna@example.com", role="agent", availability="online"
    )
    values = values_for(contact=contact, agent=agent)
    assert values["contact.first_name"] == "Lena"
    assert values["contact.email"] == "lena@example.org"
    assert values["agent.email"] == "anna@example.com"


def test_a_contact_without_name_or_email_fills_nothing_in():
    anonymous = ContactView(id=4, display_name="Visitor", blocked=False)
    agent = AgentView(
        id=1, name="Anna", email="anna@example.com", role="agent", availability="online"
    )
    values = values_for(contact=anonymous, agent=agent)
    assert values["contact.name"] == "" and values["contact.email"] == ""
