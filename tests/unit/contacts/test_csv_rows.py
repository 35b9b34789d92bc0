import pytest

from inbox_app.services.contacts.csv_rows import (
    MAX_BYTES,
    MAX_ROWS,
    CsvTable,
    ImportRefused,
    ImportRow,
    Refusal,
    check_rows,
    guess_mapping,
    read_table,
)


def table(text: str) -> CsvTable:
    return read_table(text.encode())


def test_reads_header_and_rows_and_skips_blank_lines_keeping_row_numbers():
    found = table("Name,Email\nAda,ada@example.org\n\n,\nBob,bob@example.org\n")
    assert found.columns == ["Name", "Email"]
    assert found.rows == [["Ada", "ada@example.org"], ["Bob", "bob@example.org"]]
    assert found.lines == [2, 5]  # as a spreadsheet numbers them
    checked = check_rows(found, ["name", "email"])
    assert [row.line for row in checked.accepted] == [2, 5]


def test_reads_semicolons_quotes_a_bom_and_names_blank_headers():
    data = '\ufeffName;E-Mail;\n"Lovelace; Ada";ada@example.org;x\n'.encode()
    found = read_table(data)
    assert found.columns == ["Name", "E-Mail", "Column 3"]
    assert found.rows == [["Lovelace; Ada", "ada@example.org", "x"]]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"x" * (MAX_BYTES + 1), "over 2 MB"),
        ("Name\nJos\u00e9\n".encode("latin-1"), "UTF-8"),
        (b"Name,Email\n", "at least one contact"),
        (b"", "at least one contact"),
        (("Email\n" + "a@example.org\n" * (MAX_ROWS + 1)).encode(), "At most 10,000"),
    ],
)
def test_a_file_that_cannot_be_imported_is_refused_whole(data, reason):
    with pytest.raises(ImportRefused, match=reason):
        read_table(data)


def test_guesses_fields_from_headers_and_the_rest_are_attributes():
    columns = ["ID", "Full name", "E-mail", "Mobile", "Organisation", "Plan", "Email"]
    assert guess_mapping(columns) == [
        "skip",
        "name",
        "email",
        "phone",
        "company",
        "attribute",
        "skip",  # a second email column: the first one is the key
    ]


def test_rows_become_values_with_attributes_and_normalised_email():
    found = table("Name,Email,Company,Plan\n Ada ,Ada@Example.ORG,,gold\n")
    checked = check_rows(found, ["name", "email", "company", "attribute"])
    assert checked.refused == []
    assert checked.accepted == [
        ImportRow(
            line=2, email="ada@example.org", fields={"name": "Ada"}, attributes={"Plan": "gold"}
        )
    ]


def test_refuses_bad_email_too_long_and_duplicates_with_their_reason():
    rows = [
        "Name,Email,Phone,Note",
        "Ada,ada@example.org,,",
        "Bob,not-an-email,,",
        "Cy,,,",
        "D" * 201 + ",d@example.org,,",
        "Eve,ADA@example.org,,",
        "Fay,fay@example.org,call me,",
        "Gus,gus@example.org,," + "n" * 2001,
    ]
    checked = check_rows(table("\n".join(rows)), ["name", "email", "phone", "attribute"])
    assert [row.email for row in checked.accepted] == ["ada@example.org"]
    assert checked.refused == [
        Refusal(3, "Not a valid email address: not-an-email."),
        Refusal(4, "No email address."),
        Refusal(5, "Name is too long (at most 200 characters)."),
        Refusal(6, "The same email as row 2."),
        Refusal(7, "Enter a valid phone number."),
        Refusal(8, "Note is too long (at most 2000 characters)."),
    ]


def test_short_rows_have_empty_cells():
    checked = check_rows(table("Email,Name\nada@example.org\n"), ["email", "name"])
    assert checked.accepted == [ImportRow(line=2, email="ada@example.org")]


@pytest.mark.parametrize(
    ("mapping", "reason"),
    [
        (["name", "skip"], "email addresses"),
        (["email", "email"], "email addresses"),
        (["email", "nonsense"], "what each column holds"),
        (["email"], "what each column holds"),
    ],
)
def test_a_mapping_without_one_email_column_is_refused(mapping, reason):
    with pytest.raises(ImportRefused, match=reason):
        check_rows(table("Email,Name\nada@example.org,Ada\n"), mapping)


def test_two_columns_for_one_field_are_refused():
    with pytest.raises(ImportRefused, match="Two columns are set to Name"):
        check_rows(table("Email,A,B\nada@example.org,x,y\n"), ["email", "name", "name"])
