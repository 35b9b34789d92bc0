"""`backup` while messages keep arriving, `restore` into a new data folder: every message
committed before the backup began is back, with the uploaded files and the secret. SQLite, or
PostgreSQL when INBOX_DATABASE_URL names a server (then pg_dump and pg_restore)."""

from __future__ import annotations

import sqlite3
import tarfile
import threading
import time
from pathlib import Path

import pytest
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlmodel import Session, select

from inbox_app.cli import main
from inbox_app.db import make_engine
from inbox_app.demo import seed as demo
from inbox_app.migrations import alembic_config
from inbox_app.models.tables import Message
from inbox_app.operations import backup as backups
from inbox_app.services.attachments.storage import open_path, write_chunks
from inbox_app.services.conversations.messages import post_incoming
from tests.databases import postgres_server_url
from tests.integration.conftest import NOW, make_conversation

SECRET = "the-generated-secret"


class Writer(threading.Thread):
    """Posts a visitor message after another on its own connection, noting each committed id
    with the moment its commit returned."""

    def __init__(self, database_url: str, conversation_id: int) -> None:
        super().__init__(daemon=True)
        self.engine = make_engine(database_url)
        self.conversation_id = conversation_id
        self.committed: list[tuple[float, int]] = []
        self.stop = threading.Event()
        self.failure: BaseException | None = None

    def run(self) -> None:
        try:
            with Session(self.engine, expire_on_commit=False) as session:
                number = 0
                while not self.stop.is_set():
                    number += 1
                    stored = post_incoming(
                        session,
                        conversation_id=self.conversation_id,
                        body=f"message {number}",
                        now=NOW,
                    )
                    self.committed.append((time.monotonic(), stored.id))
        except BaseException as error:  # reported by the test, not lost in the thread
            self.failure = error
        finally:
            self.engine.dispose()

    def wait_for(self, count: int) -> None:
        deadline = time.monotonic() + 30
        while len(self.committed) < count and time.monotonic() < deadline:
            time.sleep(0.01)
        assert len(self.committed) >= count, self.failure

    def ids_before(self, moment: float) -> set[int]:
        return {id_ for at, id_ in list(self.committed) if at < moment}


@pytest.fixture()
def data_dir(tmp_path) -> Path:
    """A data folder as the app leaves it: a generated secret and uploaded files (and, on
    SQLite, the database: the test's database file lives in this folder)."""
    (tmp_path / "jwt_secret").write_text(SECRET)
    (tmp_path / "jwt_secret").chmod(0o600)
    return tmp_path


@pytest.fixture()
def target_url(tmp_path_factory, request) -> str:
    """The empty database a restore goes into."""
    if postgres_server_url():
        return request.getfixturevalue("empty_database_url")
    return f"sqlite:///{tmp_path_factory.mktemp('restored-db') / 'inbox.db'}"


def _uploads(data_dir: Path, count: int) -> dict[str, bytes]:
    files = {}
    for number in range(count):
        content = f"file {number} ".encode() * 1000
        stored = write_chunks(upload_dir=data_dir / "uploads", chunks=[content])
        files[stored.storage_key] = content
    return files


def _message_ids(database_url: str) -> set[int]:
    engine = make_engine(database_url)
    try:
        with Session(engine) as session:
            return set(session.exec(select(Message.id)).all())
    finally:
        engine.dispose()


def _revision(database_url: str) -> str | None:
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()


def test_a_backup_taken_while_messages_arrive_restores_all_committed_before_it(
    engine, session, database_url, data_dir, target_url, tmp_path_factory
):
    demo.seed_bulk(engine, conversations=300, messages_per_conversation=10, now=NOW)  # a few MB
    chat = make_conversation(session, name="Vera")
    files = _uploads(data_dir, 3)
    (data_dir / "uploads" / "ab").mkdir(parents=True, exist_ok=True)
    (data_dir / "uploads" / "ab" / "half-written-file.part").write_bytes(b"incomplete")
    archive = tmp_path_factory.mktemp("backups") / "inbox.tar.gz"
    writer = Writer(database_url, chat.id)
    writer.start()
    try:
        writer.wait_for(20)
        started = time.monotonic()
        result = backups.backup(data_dir=data_dir, database_url=database_url, to=archive, now=NOW)
        finished = time.monotonic()
        writer.wait_for(len(writer.committed) + 20)  # the writer goes on after it, too
    finally:
        writer.stop.set()
        writer.join(timeout=30)
    assert writer.failure is None
    assert writer.ids_before(finished) - writer.ids_before(started), "no write during the backup"
    assert archive.stat().st_mode & 0o077 == 0  # it holds the secret: its owner's only
    assert result.files == 4  # three uploads and the secret; not the partial upload

    restored = tmp_path_factory.mktemp("restored-data") / "data"  # does not exist yet
    manifest = backups.restore(data_dir=restored, database_url=target_url, source=archive)

    assert manifest.schema_revision == _revision(database_url)
    ids = _message_ids(target_url)
    assert writer.ids_before(started) <= ids  # everything committed before the backup began
    assert ids <= _message_ids(database_url)  # and nothing that never was
    script = ScriptDirectory.from_config(alembic_config())
    assert _revision(target_url) == script.get_current_head()
    assert (restored / "jwt_secret").read_text() == SECRET
    assert (restored / "jwt_secret").stat().st_mode & 0o777 == 0o600
    for key, content in files.items():
        assert open_path(upload_dir=restored / "uploads", storage_key=key).read_bytes() == content
    assert not list(restored.rglob("*.part"))
    assert not [p.name for p in restored.iterdir() if p.name.startswith(".restoring")]
    if not postgres_server_url():
        with sqlite3.connect(Path(target_url.removeprefix("sqlite:///"))) as copy:
            assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_restore_refuses_a_folder_that_is_not_empty(database_url, data_dir, target_url, tmp_path):
    archive = tmp_path / "inbox.tar.gz"
    backups.backup(data_dir=data_dir, database_url=database_url, to=archive, now=NOW)
    occupied = tmp_path / "occupied"
    occupied.mkdir()
    (occupied / "jwt_secret").write_text("another inbox's secret")
    with pytest.raises(backups.BackupError, match="is not empty"):
        backups.restore(data_dir=occupied, database_url=target_url, source=archive)
    assert (occupied / "jwt_secret").read_text() == "another inbox's secret"


def test_restore_refuses_a_database_that_has_tables(database_url, data_dir, tmp_path):
    archive = tmp_path / "inbox.tar.gz"
    backups.backup(data_dir=data_dir, database_url=database_url, to=archive, now=NOW)
    empty_folder = tmp_path / "new-data"
    with pytest.raises(backups.BackupError, match="already has tables"):
        backups.restore(data_dir=empty_folder, database_url=database_url, source=archive)
    assert not empty_folder.exists()
    assert _message_ids(database_url) is not None  # the database is untouched and answers


def test_restore_refuses_a_file_that_is_no_backup(tmp_path, target_url):
    not_a_backup = tmp_path / "notes.tar.gz"
    with tarfile.open(not_a_backup, "w:gz") as archive:
        archive.add(__file__, arcname="notes.py")
    with pytest.raises(backups.BackupError, match="not an inbox backup"):
        backups.restore(data_dir=tmp_path / "d", database_url=target_url, source=not_a_backup)
    (tmp_path / "plain.txt").write_text("hello")
    with pytest.raises(backups.BackupError, match="not a readable backup"):
        backups.restore(
            data_dir=tmp_path / "d", database_url=target_url, source=tmp_path / "plain.txt"
        )
    assert not (tmp_path / "d").exists()


def test_the_commands_back_up_and_restore(
    database_url, data_dir, target_url, tmp_path, monkeypatch, capsys
):
    archive = tmp_path / "cli.tar.gz"
    monkeypatch.setenv("INBOX_DATA_DIR", str(data_dir))
    monkeypatch.setenv("INBOX_DATABASE_URL", database_url)
    assert main(["backup", "--to", str(archive)]) == 0
    assert "Backed up" in capsys.readouterr().out

    assert main(["restore", "--from", str(archive)]) == 2  # the data folder is in use
    assert "is not empty" in capsys.readouterr().err

    restored = tmp_path / "restored"
    monkeypatch.setenv("INBOX_DATA_DIR", str(restored))
    if postgres_server_url():
        monkeypatch.setenv("INBOX_DATABASE_URL", target_url)
    else:  # the usual layout: the database inside the data folder
        monkeypatch.delenv("INBOX_DATABASE_URL")
        target_url = f"sqlite:///{restored / 'inbox.db'}"
    assert main(["restore", "--from", str(archive)]) == 0
    assert (restored / "jwt_secret").read_text() == SECRET
    assert _message_ids(target_url) == _message_ids(database_url)
