"""Event lines are stored in English and read in each agent's language (issue 14)."""

from inbox_app.services.conversations.event_lines import event_line


def test_a_german_agent_reads_the_event_lines_in_german_with_the_names_kept():
    assert event_line("Anna Berg closed this", language="de") == "Anna Berg hat dies geschlossen"
    assert (
        event_line("Anna assigned this to Ben Kurz", language="de")
        == "Anna hat dies Ben Kurz zugewiesen"
    )
    assert (
        event_line("Anna set the priority to High", language="de")
        == "Anna hat die Priorität auf Hoch gesetzt"
    )
    assert event_line("The snooze ended", language="de") == "Die Zurückstellung ist beendet"


def test_english_and_unknown_lines_stay_as_stored():
    assert event_line("Anna closed this", language="en") == "Anna closed this"
    assert event_line("Something else happened", language="de") == "Something else happened"


def test_a_snooze_reads_in_the_agents_zone_and_language():
    from datetime import UTC, datetime

    from inbox_app.services.conversations.snooze import snoozed_label
    from inbox_app.services.rendering import Reader

    until = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    assert snoozed_label(until) == "Snoozed until Tue 1 Dec, 09:00 UTC"
    berlin = Reader(language="de", zone="Europe/Berlin")
    assert snoozed_label(until, berlin) == "Zurückgestellt bis Di., 1. Dez., 10:00 CET"


def test_notifications_are_stored_in_english_and_read_in_the_agents_language():
    from inbox_app.services.notifications import ASSIGNED_TO_YOU, NEW_CONVERSATION, said

    stored = ASSIGNED_TO_YOU.format(actor="Anna Berg")
    assert said(stored, language="de") == "Anna Berg hat Ihnen eine Unterhaltung zugewiesen"
    assert said(stored, language="en") == "Anna Berg assigned a conversation to you"
    assert said(NEW_CONVERSATION, language="de") == "Eine neue Unterhaltung wartet"
    assert said("An older wording", language="de") == "An older wording"
