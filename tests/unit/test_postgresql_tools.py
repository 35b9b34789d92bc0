"""Which pg_dump / pg_restore a backup takes: one at least as new as the server, else a clear
error (fake tools in a temporary folder, no PostgreSQL needed)."""

import pytest

from inbox_app.operations import database_copy
from inbox_app.operations.database_copy import BackupError, find_tool


def _fake_tool(folder, name: str, major: int):
    folder.mkdir(parents=True, exist_ok=True)
    tool = folder / name
    tool.write_text(f"#!/bin/sh\necho '{name} (PostgreSQL) {major}.3 (Debian {major}.3-1)'\n")
    tool.chmod(0o755)
    return tool


@pytest.fixture()
def debian_tools(tmp_path, monkeypatch):
    monkeypatch.setattr(database_copy, "DEBIAN_TOOLS", tmp_path / "lib")
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    return tmp_path


def test_the_newest_tool_that_is_new_enough_is_taken(debian_tools):
    _fake_tool(debian_tools / "lib" / "15" / "bin", "pg_dump", 15)
    newest = _fake_tool(debian_tools / "lib" / "17" / "bin", "pg_dump", 17)
    _fake_tool(debian_tools / "bin", "pg_dump", 16)
    assert find_tool("pg_dump", at_least=15) == (newest, 17)


def test_a_tool_older_than_the_server_is_refused_with_what_to_install(debian_tools):
    _fake_tool(debian_tools / "lib" / "15" / "bin", "pg_dump", 15)
    with pytest.raises(BackupError) as refused:
        find_tool("pg_dump", at_least=16)
    assert "PostgreSQL 16 or newer" in str(refused.value)
    assert "installed: 15" in str(refused.value)
    assert "postgresql-client-16" in str(refused.value)


def test_no_tool_at_all_says_none(debian_tools):
    with pytest.raises(BackupError, match=r"installed: none"):
        find_tool("pg_restore", at_least=15)


def test_the_password_goes_to_the_environment_not_the_command_line():
    libpq = database_copy._libpq("postgresql+psycopg://inbox:s3cret@db.example:5433/inbox")
    assert libpq.uri == "postgresql://inbox@db.example:5433/inbox"
    assert libpq.env["PGPASSWORD"] == "s3cret"
