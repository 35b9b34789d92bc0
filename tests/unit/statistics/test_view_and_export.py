"""What the page shows and exports, from figures (pure)."""

from inbox_app.models.statistics_dto import DayRow, StatisticsView, StatRow
from inbox_app.services.statistics.export import statistics_csv
from inbox_app.services.statistics.figures import Figures
from inbox_app.services.statistics.view import duration, figure_cards, heat_rows, stat_row


def test_durations_show_two_units_at_most():
    assert [duration(s) for s in (None, 0, 45, 125, 3_600, 12_000, 187_200)] == [
        "—",
        "0s",
        "45s",
        "2m 5s",
        "1h 0m",
        "3h 20m",
        "2d 4h",
    ]


def test_durations_in_german_use_german_units():
    assert duration(125, "de") == "2 Min. 5 Sek."
    assert duration(187_200, "de") == "2 Tg. 4 Std."
    row = stat_row("Anna", Figures(first_response_median=60, first_response_p90=3_600), "de")
    assert row.first_response == "1 Min. 0 Sek. / 1 Std. 0 Min."


def test_cards_and_rows_show_median_and_p90():
    figures = Figures(conversations=3, first_response_median=120, first_response_p90=79_200)
    cards = {card.label: card for card in figure_cards(figures)}
    assert cards["Conversations"].value == "3"
    assert (cards["First response time"].value, cards["First response time"].detail) == (
        "2m 0s",
        "median · p90 22h 0m",
    )
    assert cards["Resolution time"].value == "—" and cards["Resolution time"].detail == ""
    assert stat_row("Anna", figures).first_response == "2m 0s / 22h 0m"


def test_heat_levels_grow_with_the_count_and_the_busiest_hour_is_darkest():
    hours = [[0] * 24 for _ in range(7)]
    hours[0][9], hours[0][10], hours[6][23] = 1, 8, 4
    rows = heat_rows(hours)
    assert rows[0].weekday == "Monday" and rows[6].weekday == "Sunday"
    levels = [rows[0].cells[9].level, rows[6].cells[23].level, rows[0].cells[10].level]
    assert levels == [1, 2, 4] and rows[0].cells[0].level == 0


def test_the_csv_has_a_header_a_row_per_day_and_per_agent_and_no_formulas():
    view = StatisticsView(
        days=[DayRow("2026-11-24", 1, 2, 1)],
        agents=[StatRow("=HYPERLINK(1)", 1, 0, 1, 3, "2m 0s / 22h 0m", "—")],
    )
    assert statistics_csv(view).splitlines() == [
        "row,day_or_agent,conversations,closed,missed,replies,"
        "first_response_median_p90,resolution_median_p90",
        "day,2026-11-24,1,2,1,,,",
        "agent,'=HYPERLINK(1),1,0,1,3,2m 0s / 22h 0m,—",
    ]


def test_a_german_agent_reads_german_labels_days_and_weekdays():
    from datetime import date

    from inbox_app.services.statistics.view import day_label

    figures = Figures(conversations=3, first_response_median=120, first_response_p90=600)
    cards = {card.slug: card for card in figure_cards(figures, "de")}
    assert cards["conversations"].label == "Unterhaltungen"
    assert cards["first-response"].detail == "Median · p90 10 Min. 0 Sek."
    rows = heat_rows([[0] * 24 for _ in range(7)], "de")
    assert rows[0].weekday == "Montag" and rows[6].weekday == "Sonntag"
    assert (day_label(date(2026, 12, 1), "de"), day_label(date(2026, 12, 1), "en")) == (
        "1. Dez.",
        "Dec 1",
    )
