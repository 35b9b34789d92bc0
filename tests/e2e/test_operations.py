"""The running production server: its health report, request ids, and a backup taken while
it serves that restores into a new data folder."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.request
from pathlib import Path

from sqlalchemy import create_engine, text

from tests.databases import create_database, drop_database, postgres_server_url, unique_name
from tests.e2e.conftest import ROOT, server_database_url


def _get(url: str, **headers: str):
    request = urllib.request.Request(url, headers=headers)
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, response.headers, json.loads(response.read())  # any case


def test_health_reports_every_loop_running(base_url):
    status, headers, report = _get(f"{base_url}/api/health", **{"X-Request-ID": "e2e-health"})
    assert status == 200
    assert headers["X-Request-ID"] == "e2e-health"
    assert report["status"] == "ok", report
    assert report["database"] == "ok"
    loops = report["loops"]
    assert loops["purge"] == loops["clock"] == loops["widget_clock"] == "running"
    assert loops["redis_listener"] == ("running" if report["redis"] == "ok" else "off")


def _cli(env: dict[str, str], *arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "inbox_app", *arguments],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _agents(database_url: str) -> list[str]:
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            return list(connection.execute(text("SELECT email FROM agent ORDER BY id")).scalars())
    finally:
        engine.dispose()


def test_a_backup_of_the_running_server_restores_into_a_new_folder(server_env, base_url, tmp_path):
    archive = tmp_path / "inbox.tar.gz"
    made = _cli(server_env, "backup", "--to", str(archive))
    assert made.returncode == 0, made.stderr

    restored = {**server_env, "INBOX_DATA_DIR": str(tmp_path / "restored")}
    server = postgres_server_url()
    name = unique_name("inbox_restored")
    if server:
        restored["INBOX_DATABASE_URL"] = create_database(server, name)
    try:
        put_back = _cli(restored, "restore", "--from", str(archive))
        assert put_back.returncode == 0, put_back.stderr
        assert _agents(server_database_url(restored)) == _agents(server_database_url(server_env))
        secret = Path(server_env["INBOX_DATA_DIR"]) / "jwt_secret"
        assert (tmp_path / "restored" / "jwt_secret").read_text() == secret.read_text()
        again = _cli(restored, "restore", "--from", str(archive))
        assert again.returncode == 2 and "not empty" in again.stderr
    finally:
        if server:
            drop_database(server, name)
