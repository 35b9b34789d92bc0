"""A consistent copy of the database while the app writes, and putting one back.

SQLite: the online backup API in one step (one read transaction: a snapshot of one moment;
WAL lets the app write meanwhile). PostgreSQL: `pg_dump` (one repeatable-read transaction)
and `pg_restore`, which must be at least as new as the server, so the newest installed
client of Debian's `/usr/lib/postgresql/<major>/bin` or the PATH is taken.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import URL, inspect, make_url, text

from inbox_app.db import make_engine

SQLITE_BUSY_MILLISECONDS = 10_000
DEBIAN_TOOLS = Path("/usr/lib/postgresql")  # <major>/bin, one per installed version
_VERSION = re.compile(r"\(PostgreSQL\)\s+(\d+)")


class BackupError(Exception):
    """The copy or the restore cannot go ahead; the message says why and what to do."""


def kind_of(database_url: str) -> str:
    """The database kind, sqlite or postgresql; backups support no other."""
    backend = make_url(database_url).get_backend_name()
    if backend not in ("sqlite", "postgresql"):
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {backend}.")
    return backend


def sqlite_path(database_url: str) -> Path:
    database = make_url(database_url).database
    if not database or database == ":memory:":
        raise BackupError("The SQLite database must be a file to back it up.")
    return Path(database).resolve()


def snapshot_sqlite(*, database: Path, target: Path) -> None:
    """Copy the live database into `target`, check it, and leave it as one self-contained file
    (rollback journal: no -wal beside it). Writers go on meanwhile; they are not in the copy."""
    if not database.is_file():
        raise BackupError(f"There is no SQLite database at {database}.")
    source = sqlite3.connect(database, timeout=SQLITE_BUSY_MILLISECONDS / 1000)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)  # pages=-1: every page in one step, so one consistent snapshot
        copy.execute("PRAGMA journal_mode=DELETE")
        check = copy.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        copy.close()
        source.close()
    if check != "ok":
        raise BackupError(f"The copy of the database failed its integrity check: {check}")


def sqlite_revision(database: Path) -> str | None:
    """The Alembic revision of a SQLite file, read with plain sqlite3: the app's engine would
    switch the copy to WAL (and a -wal file beside it)."""
    with closing(sqlite3.connect(database)) as connection:
        if not _sqlite_tables(connection) & {"alembic_version"}:
            return None
        return connection.execute("SELECT version_num FROM alembic_version").fetchone()[0]


def postgresql_revision(database_url: str) -> str | None:
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            if not inspect(connection).has_table("alembic_version"):
                return None
            return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    finally:
        engine.dispose()


def _sqlite_tables(connection: sqlite3.Connection) -> set[str]:
    rows = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    return {name for (name,) in rows}


def has_tables(database_url: str) -> bool:
    """Whether the database `restore` would write into has any table (a missing SQLite file
    has none; PostgreSQL: the connection's default schema)."""
    if kind_of(database_url) == "sqlite":
        path = sqlite_path(database_url)
        if not path.exists():
            return False
        with closing(sqlite3.connect(path)) as connection:
            return bool(_sqlite_tables(connection))
    engine = make_engine(database_url)
    try:
        return bool(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def restore_sqlite(*, snapshot: Path, database: Path) -> None:
    """Move the snapshot to where the database belongs, under its name only once complete."""
    if has_tables(f"sqlite:///{database}"):
        raise BackupError(
            f"The database {database} already has tables; restore needs an empty one."
        )
    database.parent.mkdir(parents=True, exist_ok=True)
    partial = database.with_name(database.name + ".restoring")
    try:
        shutil.move(snapshot, partial)  # a rename when both are on one file system
        os.replace(partial, database)
    finally:
        partial.unlink(missing_ok=True)


@dataclass(frozen=True)
class _Libpq:
    """How the client tools reach the database: a libpq URI without the password, which goes
    into PGPASSWORD (a command line is visible to every user of the machine)."""

    uri: str
    env: dict[str, str]


def _libpq(database_url: str) -> _Libpq:
    url = make_url(database_url)
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    # set(password=None) would keep the password: None means "unchanged" there.
    bare = URL.create(
        "postgresql",
        username=url.username,
        host=url.host,
        port=url.port,
        database=url.database,
        query=url.query,
    )
    uri = bare.render_as_string(hide_password=False)
    return _Libpq(uri=uri, env=env)


def server_major(database_url: str) -> int:
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            number = connection.execute(text("SHOW server_version_num")).scalar_one()
    finally:
        engine.dispose()
    return int(number) // 10000


def _tool_major(path: Path) -> int | None:
    try:
        answer = subprocess.run(
            [str(path), "--version"], capture_output=True, text=True, timeout=30, check=False
        )
    except OSError:
        return None
    found = _VERSION.search(answer.stdout)
    return int(found.group(1)) if found else None


def find_tool(name: str, *, at_least: int) -> tuple[Path, int]:
    """The newest `name` (pg_dump, pg_restore) of major version `at_least` or newer."""
    candidates = [folder / name for folder in sorted(DEBIAN_TOOLS.glob("*/bin"))]
    if on_path := shutil.which(name):
        candidates.append(Path(on_path))
    versions = {
        path: major
        for path in candidates
        if path.is_file() and (major := _tool_major(path)) is not None
    }
    usable = [(major, path) for path, major in versions.items() if major >= at_least]
    if usable:
        major, path = max(usable, key=lambda found: found[0])
        return path, major
    seen = ", ".join(f"{major} ({path})" for path, major in versions.items()) or "none"
    raise BackupError(
        f"{name} of PostgreSQL {at_least} or newer is needed (installed: {seen}). "
        f"On Debian: apt-get install postgresql-client-{at_least}, or PostgreSQL's own packages."
    )


def _run(command: list[str], *, env: dict[str, str], what: str) -> None:
    answer = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if answer.returncode != 0:
        raise BackupError(f"{what} failed: {answer.stderr.strip() or answer.returncode}")


def dump_postgresql(*, database_url: str, target: Path) -> int:
    """`pg_dump` in its custom format; returns the tool's major version (restore needs one
    at least as new)."""
    tool, major = find_tool("pg_dump", at_least=server_major(database_url))
    libpq = _libpq(database_url)
    _run(
        [
            str(tool),
            "--format=custom",
            "--no-owner",
            "--no-privileges",
            f"--file={target}",
            f"--dbname={libpq.uri}",
        ],
        env=libpq.env,
        what="pg_dump",
    )
    return major


def restore_postgresql(*, dump: Path, database_url: str, dump_major: int) -> None:
    """`pg_restore` into the empty database, all or nothing (one transaction)."""
    if has_tables(database_url):
        raise BackupError("The database already has tables; restore needs an empty database.")
    needed = max(server_major(database_url), dump_major)
    tool, _major = find_tool("pg_restore", at_least=needed)
    libpq = _libpq(database_url)
    _run(
        [
            str(tool),
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            f"--dbname={libpq.uri}",
            str(dump),
        ],
        env=libpq.env,
        what="pg_restore",
    )
