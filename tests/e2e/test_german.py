"""A German team: the sign-in page follows the browser, an agent's pages follow their profile
(issue 14; names from the contract's German column)."""

import re

from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import loaded, make_agent, sign_in
from tests.e2e.test_widget import host_page  # noqa: F401  (a fixture)


def test_the_sign_in_page_follows_a_german_browser(browser: Browser, base_url: str, db):
    agent = make_agent(db, "Greta")
    context = browser.new_context(base_url=base_url, locale="de-DE")
    page = context.new_page()
    page.goto("/login")
    page.get_by_role("textbox", name="E-Mail").fill(agent.email)
    page.get_by_role("textbox", name="Passwort").fill("not her password")
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_role("alert")).to_have_text("E-Mail-Adresse oder Passwort ist falsch.")
    page.get_by_role("textbox", name="Passwort").fill(agent.password)
    page.get_by_role("button", name="Anmelden").click()
    expect(page).to_have_url(re.compile(r"/inbox/mine/?$"))
    rail = page.get_by_role("navigation")
    for name in ("Meine Nachrichten", "Nicht zugewiesen", "Alle Nachrichten", "Kontakte"):
        expect(rail.get_by_role("link", name=name)).to_be_visible()
    context.close()


def test_an_agent_switches_to_german_in_their_profile(page: Page, db):
    agent = make_agent(db, "Hanna")
    sign_in(page, agent.email, agent.password)  # an English browser
    page.get_by_role("link", name="My profile").click()
    expect(page).to_have_url(re.compile(r"/profile/?$"))
    loaded(page)
    details = page.get_by_role("region", name="Details")  # the profile's, not the list's filter
    details.get_by_role("combobox", name="Language").select_option("de")
    page.get_by_role("button", name="Save").click()
    rail = page.get_by_role("navigation")
    expect(rail.get_by_role("link", name="Meine Nachrichten")).to_be_visible()
    expect(page.get_by_role("button", name="Speichern")).to_be_visible()
    page.goto("/inbox/all")  # every page of hers, on every load
    loaded(page)
    expect(rail.get_by_role("link", name="Alle Nachrichten")).to_be_visible()
    expect(rail.get_by_role("link", name="Einstellungen", exact=True)).to_have_count(0)


def test_the_chat_window_in_german_uses_the_contracts_words(page: Page, db):
    from tests.e2e.conftest import make_conversation

    agent = make_agent(db, "Ida")
    made = make_conversation(db, messages=["Hallo!", ("comment", "Nur intern")])
    sign_in(page, agent.email, agent.password)
    page.get_by_role("link", name="My profile").click()
    expect(page).to_have_url(re.compile(r"/profile/?$"))
    loaded(page)
    details = page.get_by_role("region", name="Details")  # the profile's, not the list's filter
    details.get_by_role("combobox", name="Language").select_option("de")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("button", name="Speichern")).to_be_visible()
    page.goto(f"/inbox/all/{made.id}")
    loaded(page)
    expect(page.get_by_role("region", name="Nachrichtenliste")).to_be_visible()
    window = page.get_by_role("region", name="Unterhaltung", exact=True)
    for name in (
        "Unterhaltung schließen",
        "Kontakt blockieren",
        "Unterhaltung löschen",
        "Einer Gruppe zuweisen",
        "Einem Mitarbeiter zuweisen",
    ):
        expect(window.get_by_role("button", name=name)).to_be_visible()
    expect(window.get_by_role("log", name="Nachrichten")).to_contain_text("Interne Notiz")
    expect(page.get_by_role("region", name="Kontaktdetails")).to_be_visible()
    window.get_by_role("tab", name="Kommentieren").click()
    window.get_by_role("textbox", name="Nachricht").fill("Auf Deutsch notiert")
    window.get_by_role("button", name="Senden").click()
    expect(window.get_by_role("log", name="Nachrichten")).to_contain_text("Auf Deutsch notiert")
    expect(window.get_by_role("tab", name="Antworten")).to_be_visible()


def _german(db, first_name: str, *, admin: bool = False):
    """An agent whose profile says German (the profile page itself is tested above)."""
    from inbox_app.models.enums import Role
    from inbox_app.models.tables import Agent

    made = make_agent(db, first_name)
    row = db.get(Agent, made.id)
    row.language = "de"
    row.role = Role.admin if admin else Role.agent
    db.add(row)
    db.commit()
    return made


def test_a_german_admin_reads_the_settings_in_german(page: Page, db):
    from tests.e2e.conftest import unique

    admin = _german(db, "Jana", admin=True)
    sign_in(page, admin.email, admin.password)
    page.goto("/settings")
    loaded(page)
    expect(page.get_by_role("heading", name="Einstellungen")).to_be_visible()
    for tab in ("Mitarbeiter", "Gruppen", "Textbausteine", "E-Mail-Vorlagen", "Webhooks"):
        expect(page.get_by_role("tab", name=tab, exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="Einen Mitarbeiter einladen")).to_be_visible()
    page.get_by_role("tab", name="API-Schlüssel", exact=True).click()
    expect(page.get_by_role("button", name="API-Schlüssel erstellen")).to_be_visible()
    expect(page.get_by_role("textbox", name="API-Schlüssel", exact=True)).to_be_visible()
    page.get_by_role("tab", name="Labels", exact=True).click()
    label = unique("Rückruf")
    page.get_by_role("textbox", name="Name des Labels").fill(label)
    page.get_by_role("button", name="Label hinzufügen").click()
    expect(page.get_by_text("Label hinzugefügt")).to_be_visible()  # the toast
    expect(page.get_by_role("button", name=f"{label} löschen")).to_be_visible()
    page.get_by_role("textbox", name="Name des Labels").fill(label)
    page.get_by_role("button", name="Label hinzufügen").click()  # a refusal, said in German
    expect(page.get_by_text(f"Ein Label namens {label} gibt es schon.")).to_be_visible()
    page.get_by_role("button", name=f"{label} löschen").click()
    page.get_by_role("tab", name="Chat-Widget", exact=True).click()
    expect(page.get_by_role("button", name="Formular speichern")).to_be_visible()


def test_a_german_agent_reads_contacts_and_statistics_in_german(page: Page, db):
    from tests.e2e.conftest import make_conversation, unique

    agent = _german(db, "Karl")
    email = unique("lotte").replace(" ", ".") + "@example.org"
    made = make_conversation(db, name="Lotte Kunde", email=email)
    sign_in(page, agent.email, agent.password)
    page.goto("/contacts")
    loaded(page)
    page.get_by_role("searchbox", name="Kontakte durchsuchen").fill(email)
    table = page.get_by_role("table", name="Kontakte")
    expect(table.get_by_role("link", name="Lotte Kunde")).to_be_visible()
    expect(table.get_by_role("button", name="Nach Zuletzt gesehen sortieren")).to_be_visible()
    for name in ("Neuer Kontakt", "CSV importieren", "CSV exportieren"):
        expect(page.get_by_role("button", name=name)).to_be_visible()
    page.goto(f"/contacts/{made.contact_id}")
    loaded(page)
    expect(page.get_by_role("button", name="Kontakt löschen")).to_be_visible()
    expect(page.get_by_role("heading", name="Besucherangaben")).to_be_visible()

    page.goto("/statistics")
    loaded(page)
    expect(page.get_by_label("Von", exact=True)).to_be_visible()
    expect(page.get_by_label("Bis", exact=True)).to_be_visible()
    figure = page.get_by_role("group", name="Unterhaltungen", exact=True)
    expect(figure.get_by_role("heading")).to_have_text(re.compile(r"^\d+$"))
    expect(page.get_by_role("group", name="Erste Antwortzeit", exact=True)).to_be_visible()
    expect(page.get_by_role("img", name="Unterhaltungen pro Tag")).to_be_visible()
    expect(page.get_by_role("table", name="Mitarbeiter", exact=True)).to_be_visible()
    expect(page.get_by_role("region", name="Stoßzeiten")).to_contain_text("Montag")
    page.get_by_text("Unterhaltungen pro Tag als Tabelle").click()
    per_day = page.get_by_role("table", name="Unterhaltungen pro Tag, in Zahlen")
    expect(per_day.get_by_role("rowheader").first).to_have_text(re.compile(r"^\d+\. \w+"))


def test_a_german_agent_reads_times_in_her_zone_and_months_in_german(page: Page, db):
    from datetime import timedelta

    from inbox_app.models.tables import Agent
    from tests.e2e.conftest import make_conversation, unique

    agent = _german(db, "Mia")
    row = db.get(Agent, agent.id)
    row.time_zone = "Europe/Berlin"
    db.add(row)
    db.commit()
    name = unique("Otto")
    old = make_conversation(db, name=name, messages=["Alt"], ago=timedelta(days=40))
    sign_in(page, agent.email, agent.password)
    page.goto(old.url)
    loaded(page)
    page.get_by_role("searchbox", name="Unterhaltungen durchsuchen").fill(name)
    card = page.get_by_role("listitem").filter(has_text=name)
    months = "Jan|Feb|März|Apr|Mai|Juni|Juli|Aug|Sept|Okt|Nov|Dez"
    expect(card).to_contain_text(re.compile(rf"\d{{1,2}}\. ({months})"))
    thread = page.get_by_role("log", name="Nachrichten")
    expect(thread).to_contain_text(re.compile(rf"\d{{1,2}}\. ({months})"))
    window = page.get_by_role("region", name="Unterhaltung", exact=True)
    window.get_by_role("button", name="Zurückstellen").click()
    page.get_by_role("menuitem", name="Morgen").click()
    expect(window).to_contain_text(re.compile(r"Zurückgestellt bis \w+\., \d+\. \w+"))
    expect(window).to_contain_text("09:00 CET")  # tomorrow morning where she is, not in UTC
    window.get_by_role("button", name="Unterhaltung schließen").click()
    expect(thread).to_contain_text(f"{agent.name} hat dies geschlossen")


def test_a_german_agent_organises_selects_and_writes_in_german(page: Page, db):
    from tests.e2e.conftest import make_conversation

    agent = _german(db, "Nora")
    made = make_conversation(db, email="nora.kunde@example.org")
    sign_in(page, agent.email, agent.password)
    page.goto(f"/inbox/all/{made.id}")
    loaded(page)
    window = page.get_by_role("region", name="Unterhaltung", exact=True)
    window.get_by_role("combobox", name="Priorität").click()
    page.get_by_role("option", name="Dringend").click()
    expect(window.get_by_role("combobox", name="Priorität")).to_have_text("Dringend")
    window.get_by_role("button", name="Zurückstellen").click()
    for name in ("1 Stunde", "Morgen", "Nächste Woche"):
        expect(page.get_by_role("menuitem", name=name)).to_be_visible()
    page.keyboard.press("Escape")
    details = page.get_by_role("region", name="Kontaktdetails")
    expect(details.get_by_role("textbox", name="E-Mail")).to_have_value("nora.kunde@example.org")
    expect(details.get_by_role("textbox", name="Notizen")).to_be_visible()
    expect(details).to_contain_text("Formular")  # where the address came from

    listed = page.get_by_role("region", name="Nachrichtenliste")
    listed.locator(f'li:has(a[href="/inbox/all/{made.id}"])').get_by_role("checkbox").click()
    toolbar = page.get_by_role("toolbar", name="Ausgewählte Unterhaltungen")
    expect(toolbar).to_contain_text("1 ausgewählt")
    expect(toolbar.get_by_role("button", name="Auswahl schließen")).to_be_visible()
    toolbar.get_by_role("button", name="Auswahl aufheben").click()

    page.get_by_role("button", name="Neue E-Mail").click()
    dialog = page.get_by_role("dialog", name="Neue E-Mail")
    expect(dialog.get_by_role("textbox", name="An")).to_be_visible()
    expect(dialog.get_by_role("textbox", name="Betreff")).to_be_visible()
    dialog.get_by_role("button", name="Abbrechen").click()

    page.get_by_role("button", name="Tastenkürzel").click()
    shortcuts = page.get_by_role("dialog", name="Tastenkürzel")
    expect(shortcuts).to_contain_text("Nächste Unterhaltung in der Liste")


def test_a_german_visitor_chats_in_german(browser: Browser, host_page):  # noqa: F811
    from tests.e2e.conftest import visitor_context

    context = visitor_context(browser, locale="de-DE")
    visitor = context.new_page()
    visitor.goto(host_page)
    launcher = visitor.get_by_role("button", name="Chat öffnen")
    launcher.click()
    chat = visitor.frame_locator('iframe[title="Chat"]')
    expect(chat.get_by_role("button", name="Chat starten")).to_be_visible()
    chat.get_by_role("textbox", name="Name").fill("Bruno")
    chat.get_by_role("textbox", name="E-Mail").fill(unique_email("bruno"))
    chat.get_by_role("button", name="Chat starten").click()
    chat.get_by_role("textbox", name="Nachricht eingeben").fill("Guten Tag!")
    chat.get_by_role("button", name="Senden", exact=True).click()
    expect(chat.get_by_role("log", name="Chat-Nachrichten")).to_contain_text("Guten Tag!")
    context.close()


def unique_email(word: str) -> str:
    from tests.e2e.conftest import unique

    return unique(word).replace(" ", ".") + "@example.org"
