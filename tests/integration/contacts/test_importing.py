"""Import CSV into a real database: upsert by email, every row or none."""

import pytest
from sqlmodel import func, select

from inbox_app.models.enums import ValueSource
from inbox_app.models.tables import Contact, ContactAttribute
from inbox_app.services.contacts import importing
from inbox_app.services.contacts.csv_rows import check_rows, guess_mapping, read_table
from inbox_app.services.contacts.directory import list_contacts
from inbox_app.services.contacts.importing import ImportCounts, import_contacts
from tests.integration.conftest import NOW

FILE = (
    "Name,Email,Phone,Company,Plan\n"
    "Ada Lovelace,ADA@example.org,,Analytical Engines,gold\n"
    "Grace Hopper,grace@example.org,+1 555 0100,Navy,\n"
    "Broken,not-an-email,,,\n"
)


@pytest.fixture()
def ada(session) -> Contact:
    """Known already: typed in by an agent, with a phone and two attributes."""
    contact = Contact(
        name="Ada",
        email="ada@example.org",
        phone="+44 20 7946 0000",
        company="Old Co",
        field_sources={"name": "form", "email": "form", "phone": "manual", "company": "form"},
    )
    session.add(contact)
    session.commit()
    session.add(ContactAttribute(contact_id=contact.id, key="Plan", value="silver"))
    session.add(ContactAttribute(contact_id=contact.id, key="Since", value="2020"))
    session.commit()
    return contact


def checked(text: str):
    table = read_table(text.encode())
    return check_rows(table, guess_mapping(table.columns))


def test_upserts_by_email_and_reports_refusals(session, ada):
    rows = checked(FILE)
    assert [r.line for r in rows.refused] == [4]
    assert import_contacts(session, rows=rows.accepted, now=NOW) == ImportCounts(1, 1)
    session.expire_all()
    updated = session.get(Contact, ada.id)
    assert (updated.name, updated.phone, updated.company) == (
        "Ada Lovelace",
        "+44 20 7946 0000",  # an empty cell keeps what was there
        "Analytical Engines",
    )
    assert updated.field_sources == {
        "name": "manual",
        "email": "form",
        "phone": "manual",
        "company": "manual",
    }
    attributes = {
        a.key: (a.value, a.source)
        for a in session.exec(select(ContactAttribute).where(ContactAttribute.contact_id == ada.id))
    }
    assert attributes == {
        "Plan": ("gold", ValueSource.manual),
        "Since": ("2020", ValueSource.manual),
    }
    grace = session.exec(select(Contact).where(Contact.email == "grace@example.org")).one()
    assert (grace.name, grace.phone, grace.company) == ("Grace Hopper", "+1 555 0100", "Navy")
    assert grace.field_sources == {s: "manual" for s in ("email", "name", "phone", "company")}


def test_imported_contacts_are_found_by_search(session, ada):
    import_contacts(session, rows=checked(FILE).accepted, now=NOW)
    found = list_contacts(
        session, search="hopper navy", sort="name", descending=False, limit=50, now=NOW
    )
    assert [row.email for row in found] == ["grace@example.org"]


def test_an_error_midway_leaves_nothing_imported(session, ada, monkeypatch):
    def broken(*_args, **_kwargs):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(importing, "_set_attributes", broken)
    with pytest.raises(RuntimeError):
        import_contacts(session, rows=checked(FILE).accepted, now=NOW)
    session.expire_all()
    assert session.exec(select(func.count()).select_from(Contact)).one() == 1
    assert session.get(Contact, ada.id).name == "Ada"
    assert session.get(ContactAttribute, (ada.id, "Plan")).value == "silver"


def test_a_large_file_in_one_go(session):
    lines = ["Email,Name,Team"] + [f"p{n}@example.org,Person {n},t{n % 7}" for n in range(1500)]
    rows = checked("\n".join(lines))
    assert import_contacts(session, rows=rows.accepted, now=NOW) == ImportCounts(1500, 0)
    assert session.exec(select(func.count()).select_from(ContactAttribute)).one() == 1500
