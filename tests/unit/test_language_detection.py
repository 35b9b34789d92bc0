"""Detecting a message's language among the enabled ones, offline; unsure means no language."""

import pytest

from inbox_app.services.language_detection import detect, name_of


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Hallo, ich habe eine Frage zu meiner Bestellung", "de"),
        ("Hi, where is my order? It has been a week.", "en"),
        ("Bonjour, ma commande n'est pas encore arrivée", "fr"),
        ("Hola, ¿dónde está mi pedido?", "es"),
    ],
)
def test_a_clear_message_gets_its_language(text, code):
    assert detect(text) == code


@pytest.mark.parametrize("text", ["ok", "?!", "12345 678", "", "   :-)  "])
def test_too_little_to_tell_gets_no_language(text):
    assert detect(text) is None


def test_only_enabled_languages_are_candidates():
    german = "Hallo, ich habe eine Frage zu meiner Bestellung"
    assert detect(german, enabled={"en", "fr"}) in {"en", "fr", None}
    assert detect(german, enabled={"de", "fr"}) == "de"


def test_fewer_than_two_languages_enabled_detects_nothing():
    assert detect("Hallo, ich habe eine Frage", enabled={"de"}) is None
    assert detect("Hallo, ich habe eine Frage", enabled={"xx", "de"}) is None


def test_a_language_is_shown_by_its_own_name():
    assert (name_of("de"), name_of("en"), name_of(None), name_of("sv")) == (
        "Deutsch",
        "English",
        "",
        "sv",
    )
