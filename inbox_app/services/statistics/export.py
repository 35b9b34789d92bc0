"""What the Statistics page shows, as CSV: one row per day, then one per agent, under one
header row. Cells a spreadsheet would run as a formula get a leading apostrophe (as the
contacts export does): agent names are typed by people."""

from __future__ import annotations

import csv
import io

from inbox_app.models.statistics_dto import StatisticsView

HEADER = (
    "row",
    "day_or_agent",
    "conversations",
    "closed",
    "missed",
    "replies",
    "first_response_median_p90",
    "resolution_median_p90",
)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _safe(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def statistics_csv(view: StatisticsView) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    for day in view.days:
        writer.writerow(["day", day.day, day.new, day.closed, day.missed, "", "", ""])
    for agent in view.agents:
        cells = (
            agent.name,
            agent.conversations,
            agent.closed,
            agent.missed,
            agent.replies,
            agent.first_response,
            agent.resolution,
        )
        writer.writerow(["agent", *(_safe(cell) for cell in cells)])
    return out.getvalue()
