"""Schemathesis over the REST API's own OpenAPI document: every operation, with examples that
fit the schema and examples that break it; no answer may be a 5xx, and every answer must be
one the document names, with its content type and schema."""

from __future__ import annotations

from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
MODES = (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
# Served, a path with a newline in it never reaches the API: Reflex's outermost router (a
# Starlette Mount, whose `.*` stops at a newline) answers it with a plain-text 404 first. Only
# "no 5xx" holds for those; the API's own answers are checked in full everywhere else.
BEFORE_THE_API = [not_a_server_error]


def _checks(case) -> list:
    values = (case.path_parameters or {}).values()
    return BEFORE_THE_API if any("\n" in str(value) for value in values) else CHECKS


def probe(
    schema,
    *,
    key: str,
    examples: int,
    conversation_id: int | None = None,
    base_url: str | None = None,
) -> tuple[list, Counter]:
    """(failures, answers by operation and status). With conversation_id, operations on one
    conversation touch only that one (the e2e server's demo data stays as it is)."""
    failures: list[tuple[str, str]] = []
    answers: Counter = Counter()
    for result in schema.get_all_operations():
        operation = result.ok()
        fixed = (
            {"conversation_id": conversation_id}
            if conversation_id and "{conversation_id}" in operation.path
            else None
        )
        for mode in MODES:
            _run(
                operation,
                mode,
                fixed,
                key=key,
                examples=examples,
                failures=failures,
                answers=answers,
                base_url=base_url,
            )
    return failures, answers


def _run(operation, mode, fixed, *, key, examples, failures, answers, base_url) -> None:
    @given(case=operation.as_strategy(mode, path_parameters=fixed))
    @settings(
        max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck)
    )
    def one(case) -> None:
        try:
            response = case.call_and_validate(
                base_url=base_url, checks=_checks(case), headers={"Authorization": f"Bearer {key}"}
            )
        except Exception as error:  # noqa: BLE001  (every failure is collected and reported)
            failures.append((f"{operation.label} ({mode.value})", str(error)[:2000]))
            return
        answers[(operation.label, response.status_code)] += 1

    try:
        one()
    except Unsatisfiable:
        if mode is GenerationMode.POSITIVE:
            raise  # an operation with no input at all has no negative example: that is fine
