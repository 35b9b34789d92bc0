"""Steering SQLite's planner. SQLite keeps no statistics here (no ANALYZE), so it takes any
index it can use for an equality (`state = 'open'`: most of the table) over a selective
range. A condition wrapped in `opaque` is still checked, row by row, but cannot pick the
index; PostgreSQL plans it the same as the bare condition."""

from __future__ import annotations

from sqlalchemy import ColumnElement, case


def opaque(condition: ColumnElement[bool]) -> ColumnElement[bool]:
    """The same test, hidden from the index choice: another condition's index leads."""
    return case((condition, 1), else_=0) == 1
