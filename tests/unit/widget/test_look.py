"""Pure rules of the widget's look: the colour, the greeting's length, the corner, the appearance."""

import pytest

from inbox_app.services.widget.config import WidgetConfigError
from inbox_app.services.widget.look import MAX_GREETING, WidgetLook, checked_look, on_accent


def test_a_good_look_is_kept_with_the_colour_in_lower_case_and_the_greeting_trimmed():
    look = WidgetLook(accent=" #A1B2C3 ", greeting="  Hello <b>there</b>\x00 ", corner="left")
    assert checked_look(look) == WidgetLook(
        accent="#a1b2c3", greeting="Hello <b>there</b>", corner="left", appearance="light"
    )


@pytest.mark.parametrize("accent", ["red", "#abc", "#12345g", "#1234567", "", "url(x)"])
def test_anything_but_a_six_digit_hex_colour_is_refused(accent):
    with pytest.raises(WidgetConfigError, match="colour"):
        checked_look(WidgetLook(accent=accent))


def test_a_greeting_over_the_limit_is_refused_and_one_at_it_is_kept():
    assert checked_look(WidgetLook(greeting="x" * MAX_GREETING)).greeting == "x" * MAX_GREETING
    with pytest.raises(WidgetConfigError, match="greeting"):
        checked_look(WidgetLook(greeting="x" * (MAX_GREETING + 1)))


def test_unknown_corners_and_appearances_are_refused():
    with pytest.raises(WidgetConfigError, match="corner"):
        checked_look(WidgetLook(corner="top-left"))
    with pytest.raises(WidgetConfigError, match="appearance"):
        checked_look(WidgetLook(appearance="sepia"))
    assert checked_look(WidgetLook(appearance="system")).appearance == "system"


def test_text_on_the_accent_is_white_on_dark_colours_and_black_on_light_ones():
    assert on_accent("#6e56cf") == "#ffffff"
    assert on_accent("#000000") == "#ffffff"
    assert on_accent("#ffeb3b") == "#000000"
    assert on_accent("#ffffff") == "#000000"
