"""/statistics: a date range with presets and filters, figure cards, tables per agent, group
and channel, conversations per day (a chart with its numbers in a table) and the busiest hours
(a table whose cells are shaded by count, so the numbers are the text alternative)."""

import reflex as rx

from inbox_app.components.a11y import VISUALLY_HIDDEN
from inbox_app.components.i18n import t
from inbox_app.components.navigation import navigation
from inbox_app.models.dto import Choice
from inbox_app.models.statistics_dto import DayRow, FigureCard, HeatCell, HourRow, StatRow
from inbox_app.state.statistics import ALL, StatisticsState

PRESET_BUTTONS = (
    (t("Today"), "today"),
    (t("Last 7 days"), "last_7_days"),
    (t("Last 30 days"), "last_30_days"),
    (t("This month"), "this_month"),
)
STAT_COLUMNS = (
    t("Conversations"),
    t("Closed"),
    t("Missed"),
    t("Replies sent"),
    t("First response (median / p90)"),
    t("Resolution (median / p90)"),
)
HEAT = (
    "var(--gray-2)",
    "var(--violet-4)",
    "var(--violet-6)",
    "var(--violet-8)",
    "var(--violet-10)",
)


def _choice_item(choice: Choice) -> rx.Component:
    return rx.select.item(choice.name, value=choice.id.to_string())


def _filter(label: rx.Var[str], everyone: rx.Var[str], items, value, on_change) -> rx.Component:
    return rx.select.root(
        rx.select.trigger(aria_label=label),
        rx.select.content(rx.select.item(everyone, value=ALL), items),
        value=value,
        on_change=on_change,
        size="2",
    )


def _range_bar() -> rx.Component:
    s = StatisticsState
    return rx.hstack(
        rx.text(t("From"), size="2", aria_hidden="true"),
        rx.input(type="date", aria_label=t("From"), value=s.first_day, on_change=s.set_first_day),
        rx.text(t("To"), size="2", aria_hidden="true"),
        rx.input(type="date", aria_label=t("To"), value=s.last_day, on_change=s.set_last_day),
        *[
            rx.button(label, variant="soft", size="2", on_click=s.choose_preset(name))
            for label, name in PRESET_BUTTONS
        ],
        wrap="wrap",
        align="center",
        spacing="2",
    )


def _filters() -> rx.Component:
    s = StatisticsState
    channels = [
        rx.select.item(name, value=value)
        for name, value in ((t("Chat"), "chat"), (t("Email"), "email"), (t("API"), "api"))
    ]
    return rx.hstack(
        _filter(
            t("Group"),
            t("All groups"),
            rx.foreach(s.group_options, _choice_item),
            s.group_filter,
            s.set_group_filter,
        ),
        _filter(
            t("Agent"),
            t("All agents"),
            rx.foreach(s.agent_options, _choice_item),
            s.agent_filter,
            s.set_agent_filter,
        ),
        _filter(t("Channel"), t("All channels"), channels, s.channel_filter, s.set_channel_filter),
        rx.spacer(),
        rx.button(t("Export CSV"), variant="soft", on_click=s.export_statistics),
        wrap="wrap",
        width="100%",
        spacing="2",
    )


def _card(card: FigureCard) -> rx.Component:
    label_id = "figure-" + card.slug
    return rx.card(
        rx.text(card.label, id=label_id, size="2", color_scheme="gray"),
        rx.heading(card.value, size="6"),
        rx.text(card.detail, size="1", color_scheme="gray"),
        role="group",
        aria_labelledby=label_id,
        min_width="160px",
    )


def _stat_row(row: StatRow) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(row.name),
        rx.table.cell(row.conversations),
        rx.table.cell(row.closed),
        rx.table.cell(row.missed),
        rx.table.cell(row.replies),
        rx.table.cell(row.first_response),
        rx.table.cell(row.resolution),
    )


def _stat_table(name: rx.Var[str], first_column: rx.Var[str], rows) -> rx.Component:
    return rx.vstack(
        rx.heading(name, size="4"),
        rx.table.root(
            rx.el.caption(name, style=VISUALLY_HIDDEN),
            rx.table.header(
                rx.table.row(
                    rx.table.column_header_cell(first_column),
                    *[rx.table.column_header_cell(label) for label in STAT_COLUMNS],
                )
            ),
            rx.table.body(rx.foreach(rows, _stat_row)),
            width="100%",
            size="1",
        ),
        width="100%",
        align="start",
    )


def _day_row(day: DayRow) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(day.label),
        rx.table.cell(day.new),
        rx.table.cell(day.closed),
        rx.table.cell(day.missed),
    )


def _per_day() -> rx.Component:
    chart = rx.recharts.bar_chart(
        rx.recharts.bar(
            data_key="new", name=t("New"), fill="var(--violet-9)", is_animation_active=False
        ),
        rx.recharts.bar(
            data_key="closed", name=t("Closed"), fill="var(--green-9)", is_animation_active=False
        ),
        rx.recharts.bar(
            data_key="missed", name=t("Missed"), fill="var(--red-9)", is_animation_active=False
        ),
        rx.recharts.x_axis(data_key="label"),
        rx.recharts.y_axis(allow_decimals=False),
        rx.recharts.legend(),
        rx.recharts.graphing_tooltip(),
        data=StatisticsState.chart_days,
        width="100%",
        height=260,
    )
    numbers = rx.table.root(
        rx.el.caption(t("Conversations per day, in numbers"), style=VISUALLY_HIDDEN),
        rx.table.header(
            rx.table.row(
                *[
                    rx.table.column_header_cell(c)
                    for c in (t("Day"), t("New"), t("Closed"), t("Missed"))
                ]
            )
        ),
        rx.table.body(rx.foreach(StatisticsState.view.days, _day_row)),
        size="1",
    )
    return rx.vstack(
        rx.heading(t("Conversations per day"), size="4"),
        rx.box(chart, role="img", aria_label=t("Conversations per day"), width="100%"),
        rx.el.details(rx.el.summary(t("Conversations per day as a table")), numbers),
        width="100%",
        align="start",
    )


def _heat_cell(cell: HeatCell) -> rx.Component:
    return rx.table.cell(
        rx.cond(cell.count > 0, cell.count.to_string(), ""),
        background=rx.match(cell.level, *[(n, color) for n, color in enumerate(HEAT)], HEAT[0]),
        text_align="center",
        padding="2px",
        font_size="11px",
    )


def _heat_row(row: HourRow) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(row.weekday, font_size="12px"),
        rx.foreach(row.cells, _heat_cell),
    )


def _busiest_hours() -> rx.Component:
    return rx.vstack(
        rx.heading(t("Busiest hours"), size="4"),
        rx.text(
            t("New conversations per weekday and hour ({zone}).", zone=StatisticsState.zone),
            size="1",
            color_scheme="gray",
        ),
        rx.table.root(
            rx.el.caption(t("Busiest hours of the week"), style=VISUALLY_HIDDEN),
            rx.table.header(
                rx.table.row(
                    rx.table.column_header_cell(t("Day")),
                    *[
                        rx.table.column_header_cell(f"{hour:02d}", padding="2px")
                        for hour in range(24)
                    ],
                )
            ),
            rx.table.body(rx.foreach(StatisticsState.view.hours, _heat_row)),
            size="1",
        ),
        align="start",
        width="100%",
        overflow_x="auto",
        # A region that scrolls sideways must take the keyboard's focus to scroll (axe).
        custom_attrs={"tabIndex": 0},
        role="region",
        aria_label=t("Busiest hours"),
    )


def statistics_page() -> rx.Component:
    return rx.hstack(
        navigation(),
        rx.vstack(
            rx.heading(t("Statistics"), size="6"),
            _range_bar(),
            rx.text(
                t("Times are in {zone}.", zone=StatisticsState.zone), size="1", color_scheme="gray"
            ),
            _filters(),
            rx.flex(rx.foreach(StatisticsState.view.figures, _card), wrap="wrap", gap="3"),
            _per_day(),
            _stat_table(t("Agents"), t("Agent"), StatisticsState.view.agents),
            _stat_table(t("Groups"), t("Group"), StatisticsState.view.groups),
            _stat_table(t("Channels"), t("Channel"), StatisticsState.view.channels),
            _busiest_hours(),
            padding="2em",
            width="100%",
            spacing="4",
            style={"overflowY": "auto"},
            height="100vh",
        ),
        spacing="0",
        width="100%",
    )
