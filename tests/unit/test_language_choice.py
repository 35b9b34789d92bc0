"""Which language an agent's pages use: their choice, else INBOX_LANGUAGE, else the browser."""

import pytest

from inbox_app.i18n import browser_languages, pick_language


@pytest.mark.parametrize(
    ("header", "languages"),
    [
        ("de-CH, fr;q=0.8, en;q=0.5", ["de", "fr", "en"]),
        ("en;q=0.3, de", ["de", "en"]),
        ("fr, *;q=0", ["fr"]),
        ("de;q=abc, en", ["en"]),
        ("", []),
    ],
)
def test_the_browser_languages_in_order_of_preference(header, languages):
    assert browser_languages(header) == languages


def test_the_agents_own_choice_wins():
    assert pick_language(chosen="de", default="en", accept_language="en") == "de"


def test_then_the_servers_default_then_the_browser():
    assert pick_language(chosen="", default="de", accept_language="en") == "de"
    assert pick_language(chosen=None, default=None, accept_language="fr, de;q=0.5") == "de"


def test_english_when_nothing_fits():
    assert pick_language(chosen=None, default=None, accept_language="fr, es") == "en"
