"""`backup --to FILE` and `restore --from FILE`: everything the inbox keeps in one archive.

The archive is a tar.gz: `manifest.json` first (format, database kind, schema revision, when),
then `database/...` (a SQLite snapshot or a pg_dump) and `data/...` (the data folder: uploaded
files and generated secrets, without the live SQLite files). The database is copied first, at
one moment; files are copied after it, so every file a copied row names is there (files are
written before their rows and never change; one purged meanwhile is simply left out).

A restore goes only into an empty data folder and an empty database: it never mixes with or
overwrites an inbox, and a failed restore removes what it had put there.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import tarfile
import tempfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

from alembic.script import ScriptDirectory

from inbox_app.migrations import alembic_config
from inbox_app.operations.database_copy import (
    BackupError,
    dump_postgresql,
    has_tables,
    kind_of,
    postgresql_revision,
    restore_postgresql,
    restore_sqlite,
    snapshot_sqlite,
    sqlite_path,
    sqlite_revision,
)

__all__ = ["BackupError", "Manifest", "backup", "read_manifest", "restore"]

FORMAT = 1
MANIFEST = "manifest.json"
DATABASE_MEMBER = {"sqlite": "database/inbox.db", "postgresql": "database/inbox.pgdump"}
DATA_PREFIX = "data/"
PARTIAL_UPLOAD_SUFFIX = ".part"  # attachment_storage's file still being written


@dataclass(frozen=True)
class Manifest:
    format: int
    database: str  # "sqlite" | "postgresql"
    schema_revision: str | None  # Alembic revision of the copied database
    created_at: str  # ISO 8601, UTC
    pg_dump_major: int | None = None  # restoring needs a pg_restore at least this new

    def to_bytes(self) -> bytes:
        return json.dumps({"app": "inbox", **asdict(self)}, indent=2).encode()

    @classmethod
    def from_bytes(cls, raw: bytes) -> Manifest:
        try:
            fields = json.loads(raw)
            return cls(
                format=int(fields["format"]),
                database=str(fields["database"]),
                schema_revision=fields.get("schema_revision"),
                created_at=str(fields["created_at"]),
                pg_dump_major=fields.get("pg_dump_major"),
            )
        except (ValueError, KeyError, TypeError) as error:
            raise BackupError(f"The backup's manifest is unreadable ({error}).") from error


@dataclass(frozen=True)
class BackupResult:
    manifest: Manifest
    files: int  # files from the data folder in the archive
    size: int  # bytes of the archive


def backup(*, data_dir: Path, database_url: str, to: Path, now: datetime) -> BackupResult:
    """Write the archive to `to` (replaced only once complete; readable by its owner only)."""
    kind = kind_of(database_url)
    to = to.resolve()
    if not to.parent.is_dir():
        raise BackupError(f"The folder {to.parent} does not exist.")
    partial = to.with_name(f".{to.name}.partial")
    with tempfile.TemporaryDirectory(prefix=".inbox-backup-", dir=to.parent) as work:
        database_copy = Path(work) / "database"
        if kind == "sqlite":
            snapshot_sqlite(database=sqlite_path(database_url), target=database_copy)
            revision, dump_major = sqlite_revision(database_copy), None
        else:
            revision = postgresql_revision(database_url)
            dump_major = dump_postgresql(database_url=database_url, target=database_copy)
        manifest = Manifest(
            format=FORMAT,
            database=kind,
            schema_revision=revision,
            created_at=now.isoformat(),
            pg_dump_major=dump_major,
        )
        skipped = {to, partial, Path(work), *_live_sqlite_files(database_url)}
        try:
            files = _write_archive(
                path=partial,
                manifest=manifest,
                database_copy=database_copy,
                data_dir=data_dir,
                skipped=skipped,
            )
            os.replace(partial, to)
        finally:
            partial.unlink(missing_ok=True)
    return BackupResult(manifest=manifest, files=files, size=to.stat().st_size)


def _live_sqlite_files(database_url: str) -> list[Path]:
    if kind_of(database_url) != "sqlite":
        return []
    database = sqlite_path(database_url)
    return [database] + [
        database.with_name(database.name + s) for s in ("-wal", "-shm", "-journal")
    ]


def _write_archive(
    *, path: Path, manifest: Manifest, database_copy: Path, data_dir: Path, skipped: set[Path]
) -> int:
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # it holds secrets
    files = 0
    with os.fdopen(descriptor, "wb") as raw:
        with tarfile.open(fileobj=raw, mode="w:gz") as archive:
            entry = tarfile.TarInfo(MANIFEST)
            entry.size, entry.mode = len(manifest.to_bytes()), 0o600
            entry.mtime = int(datetime.fromisoformat(manifest.created_at).timestamp())
            archive.addfile(entry, io.BytesIO(manifest.to_bytes()))
            archive.add(database_copy, arcname=DATABASE_MEMBER[manifest.database])
            for file in _data_files(data_dir, skipped=skipped):
                name = DATA_PREFIX + file.relative_to(data_dir).as_posix()
                try:
                    archive.add(file, arcname=name, recursive=False)
                except FileNotFoundError:  # purged after it was listed: it has no row either
                    continue
                files += 1
        raw.flush()
        os.fsync(raw.fileno())
    return files


def _data_files(data_dir: Path, *, skipped: set[Path]) -> Iterator[Path]:
    """Regular files of the data folder, sorted; no symlinks (never follow out of it)."""
    if not data_dir.is_dir():
        return
    for folder, subfolders, names in os.walk(data_dir):
        here = Path(folder)
        subfolders[:] = sorted(d for d in subfolders if here / d not in skipped)
        for name in sorted(names):
            file = here / name
            if file in skipped or name.endswith(PARTIAL_UPLOAD_SUFFIX) or file.is_symlink():
                continue
            if file.is_file():
                yield file


@contextmanager
def _opened(source: Path) -> Iterator[tarfile.TarFile]:
    """The archive, its manifest readable; a file that is no gzip'd tar says so."""
    try:
        with tarfile.open(source, "r:gz") as archive:
            yield archive
    except (tarfile.TarError, EOFError, zlib.error) as error:
        raise BackupError(f"{source} is not a readable backup ({error}).") from error


def read_manifest(archive: tarfile.TarFile) -> Manifest:
    first = archive.next()
    if first is None or first.name != MANIFEST or not first.isfile():
        raise BackupError("This is not an inbox backup (no manifest.json at its start).")
    content = archive.extractfile(first)
    return Manifest.from_bytes(content.read() if content else b"")


def restore(*, data_dir: Path, database_url: str, source: Path) -> Manifest:
    """Put the archive back into an empty data folder and an empty database."""
    kind = kind_of(database_url)
    if not source.is_file():
        raise BackupError(f"There is no backup at {source}.")
    if data_dir.exists() and any(data_dir.iterdir()):
        raise BackupError(
            f"The data folder {data_dir} is not empty; restore only into an empty or new folder."
        )
    with _opened(source) as archive:
        manifest = read_manifest(archive)
        _check_restorable(manifest, kind=kind, database_url=database_url)
        made_dir = not data_dir.exists()
        data_dir.mkdir(parents=True, exist_ok=True)
        written: list[Path] = []
        try:
            _restore_into(
                archive,
                manifest=manifest,
                data_dir=data_dir,
                database_url=database_url,
                written=written,
            )
        except BaseException:
            _remove(written, data_dir=data_dir if made_dir else None)
            raise
    return manifest


def _check_restorable(manifest: Manifest, *, kind: str, database_url: str) -> None:
    if manifest.format != FORMAT:
        raise BackupError(f"Backup format {manifest.format} is not known to this version.")
    if manifest.database != kind:
        raise BackupError(
            f"The backup holds a {manifest.database} database, but INBOX_DATABASE_URL names a "
            f"{kind} one; restore into the same kind of database."
        )
    if manifest.schema_revision and not _known_revision(manifest.schema_revision):
        raise BackupError(
            f"The backup's schema ({manifest.schema_revision}) is newer than this version of "
            "the inbox knows; restore with the version that made it."
        )
    if has_tables(database_url):
        raise BackupError("The database already has tables; restore needs an empty database.")


def _known_revision(revision: str) -> bool:
    try:
        return ScriptDirectory.from_config(alembic_config()).get_revision(revision) is not None
    except Exception:  # alembic raises several kinds for an unknown id
        return False


def _restore_into(
    archive: tarfile.TarFile,
    *,
    manifest: Manifest,
    data_dir: Path,
    database_url: str,
    written: list[Path],
) -> None:
    """Unpack into a folder inside the data folder (same file system: moves are renames), move
    the files into place, then the database last: the step most likely to fail (PostgreSQL's
    runs in one transaction), so what an undo must remove is only files. `written` lists them."""
    staging = Path(tempfile.mkdtemp(prefix=".restoring-", dir=data_dir))
    written.append(staging)
    # The "data" filter refuses absolute names, `..`, links out of the folder and devices.
    archive.extractall(staging, filter="data")
    database_copy = staging / DATABASE_MEMBER[manifest.database]
    if not database_copy.is_file():
        raise BackupError("The backup holds no database.")
    unpacked = staging / DATA_PREFIX.rstrip("/")
    for entry in sorted(unpacked.iterdir()) if unpacked.is_dir() else []:
        target = data_dir / entry.name
        written.append(target)
        os.replace(entry, target)
    if manifest.database == "sqlite":
        database = sqlite_path(database_url)
        restore_sqlite(snapshot=database_copy, database=database)
        written.append(database)  # only now: before, a file there was not ours to remove
    else:
        restore_postgresql(
            dump=database_copy, database_url=database_url, dump_major=manifest.pg_dump_major or 0
        )
    shutil.rmtree(staging)
    written.remove(staging)


def _remove(written: list[Path], *, data_dir: Path | None) -> None:
    """Undo a failed restore: what it wrote, and the data folder if it made it."""
    for path in reversed(written):
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    if data_dir is not None:
        shutil.rmtree(data_dir, ignore_errors=True)
