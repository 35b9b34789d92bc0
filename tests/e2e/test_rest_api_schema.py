"""Schemathesis against the running production build: every REST API operation, valid and
invalid examples, no 5xx, every answer by the OpenAPI document the server publishes."""

from __future__ import annotations

import subprocess
import sys

import schemathesis

from tests.e2e.conftest import ROOT
from tests.e2e.test_rest_api import call
from tests.rest_schema import probe


def test_the_running_server_answers_every_operation_by_its_schema(base_url, server_env):
    made = subprocess.run(
        [sys.executable, "-m", "inbox_app", "create-api-key", "--name", "Schemathesis"],
        cwd=ROOT,
        env=server_env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert made.returncode == 0, made.stderr
    key = made.stdout.strip().splitlines()[-1]
    status, conversation = call(
        base_url,
        "POST",
        "/api/v1/conversations",
        key,
        {"contact": {"name": "Schemathesis"}, "message": "A test"},
    )
    assert status == 201
    schema = schemathesis.openapi.from_url(f"{base_url}/api/openapi.json")
    # Operations on one conversation touch only the one made here, never the demo data; at most
    # 15 examples of each kind per operation stay under the key's 600 requests a minute.
    failures, answers = probe(
        schema, key=key, examples=15, conversation_id=conversation["id"], base_url=base_url
    )
    assert failures == [], failures[:3]
    assert answers[("GET /api/v1/conversations", 200)] > 0
    assert not any(status == 429 for _, status in answers)
