"""Pure widget rules: the form's field modes, site origins, and the identity signature."""

import pytest

from inbox_app.services.widget.config import (
    WidgetConfigError,
    WidgetForm,
    checked_form,
    normal_origin,
)
from inbox_app.services.widget.identity import user_hash
from inbox_app.services.widget.snippet import script_snippet


def test_required_fields_must_be_given_and_off_fields_are_dropped():
    form = WidgetForm(name="off", email="required")
    assert checked_form(form, name="Ann", email=" ann@example.net ") == ("", "ann@example.net")
    with pytest.raises(WidgetConfigError, match="email address"):
        checked_form(form, name="Ann", email="   ")
    assert checked_form(WidgetForm(), name="", email="") == ("", "")


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("https://Shop.Example/", "https://shop.example"),
        ("http://localhost:8080", "http://localhost:8080"),
        ("https://shop.example:443", "https://shop.example:443"),
    ],
)
def test_site_addresses_are_kept_as_origins(given, kept):
    assert normal_origin(given) == kept


@pytest.mark.parametrize(
    "given",
    ["shop.example", "ftp://shop.example", "https://shop.example/path", "https://a@b.example", "*"],
)
def test_anything_but_an_origin_is_refused(given):
    with pytest.raises(WidgetConfigError):
        normal_origin(given)


def test_the_signature_is_hex_hmac_sha256_of_the_user_id():
    # RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?"
    assert user_hash(secret="Jefe", user_id="what do ya want for nothing?") == (
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
    )


def test_the_snippet_points_at_this_inbox():
    assert script_snippet(app_origin="https://inbox.example.com") == (
        '<script async src="https://inbox.example.com/widget.js"></script>'
    )
