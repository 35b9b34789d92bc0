"""CSV cells that a spreadsheet would run as formulas are defused."""

import pytest

from inbox_app.services.contacts.export import _safe


@pytest.mark.parametrize("dangerous", ["=HYPERLINK(1)", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_formula_like_cells_get_an_apostrophe(dangerous):
    assert _safe(dangerous) == "'" + dangerous


@pytest.mark.parametrize(
    ("value", "cell"), [(None, ""), (42, "42"), ("Lena", "Lena"), ("a=b", "a=b")]
)
def test_other_cells_stay_as_they_are(value, cell):
    assert _safe(value) == cell
