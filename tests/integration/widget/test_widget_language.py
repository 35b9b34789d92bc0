"""The widget's words in the visitor's language: data-lang, else the browser's (issue 14)."""

from tests.integration.api.test_attachments import settings  # noqa: F401  (fixture)
from tests.integration.api.test_widget_api import client, fresh_limits  # noqa: F401


def test_a_german_visitor_gets_the_german_words(client):  # noqa: F811
    config = client.get("/api/widget/config", params={"lang": "de-AT"}).json()
    assert config["language"] == "de"
    texts = config["texts"]
    assert (texts["Open chat"], texts["Start chat"], texts["Email"]) == (
        "Chat öffnen",
        "Chat starten",
        "E-Mail",
    )
    assert texts["Type your message"] == "Nachricht eingeben" and texts["Send"] == "Senden"


def test_the_browser_decides_when_the_site_does_not(client):  # noqa: F811
    german = client.get("/api/widget/config", headers={"Accept-Language": "de-DE,de;q=0.9"})
    assert german.json()["language"] == "de"
    english = client.get(
        "/api/widget/config", params={"lang": "en"}, headers={"Accept-Language": "de"}
    )
    assert english.json()["language"] == "en"
    assert english.json()["texts"]["Start chat"] == "Start chat"
    unknown = client.get("/api/widget/config", params={"lang": "xx"}).json()
    assert unknown["language"] == "en"
