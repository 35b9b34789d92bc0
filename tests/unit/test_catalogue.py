"""Every text the app marks for translation has its German text (issue 14): the ids are read
from the source itself, so a new t("...") without a German text fails here until
`make messages` has added it and someone has translated it."""

from pathlib import Path

from babel.messages.extract import extract_from_dir

from inbox_app.i18n import CONTEXT, catalogue, gettext, mark

APP = Path(__file__).resolve().parents[2] / "inbox_app"
KEYWORDS = {"t": None, "tc": ((1, "c"), 2), "mark": None, "_said": None, "gettext": (2,)}


def _marked_texts() -> set[str]:
    found = extract_from_dir(str(APP), method_map=[("**.py", "python")], keywords=KEYWORDS)
    return {
        f"{context}{CONTEXT}{message}" if context else message
        for _file, _line, message, _comments, context in found
    }


def test_every_marked_text_has_a_german_text():
    texts = _marked_texts()
    assert len(texts) > 40  # the extractor read the app (and found the rail, the login, ...)
    assert sorted(texts - catalogue("de").keys()) == []


def test_the_contract_words_are_the_german_texts():
    german = catalogue("de")
    assert german["Sign in"] == "Anmelden"
    assert german["My messages"] == "Meine Nachrichten"
    assert german["Unassigned"] == "Nicht zugewiesen"
    assert german["Email"] == "E-Mail"


def test_a_text_without_a_translation_stays_as_written():
    assert gettext("de", "Sign in") == "Anmelden"
    assert gettext("de", "No such text") == "No such text"
    assert gettext("en", "Sign in") == "Sign in"
    assert mark("Sign in") == "Sign in"
