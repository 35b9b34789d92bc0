"""Attachment files on disk: `<upload_dir>/<key[:2]>/<key>`, named by random keys only.

No client-chosen name ever reaches the file system, and every key is checked against a strict
pattern before it becomes a path, so no key can point outside `upload_dir`.
"""

from __future__ import annotations

import re
import secrets
import shutil
from collections.abc import AsyncIterable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from inbox_app.services.errors import DomainError

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
TOO_LARGE_MESSAGE = "Each file can be at most 10 MB."
HEAD_BYTES = 64  # enough for every signature `attachments.detect_content_type` knows
_KEY_PATTERN = re.compile(r"[A-Za-z0-9_-]{16,100}")


# Uploads stop while the disk has less than this free: the database needs room to keep
# accepting messages (a full disk loses the next write, whatever it is).
MIN_FREE_BYTES = 512 * 1024 * 1024
DISK_FULL_MESSAGE = "Files cannot be received right now. Please try again later."


def has_room(*, upload_dir: Path, size: int) -> bool:
    upload_dir.mkdir(parents=True, exist_ok=True)
    return shutil.disk_usage(upload_dir).free - size >= MIN_FREE_BYTES


class AttachmentTooLarge(DomainError):
    """The file passed the size limit; nothing was kept."""

    def __init__(self) -> None:
        super().__init__(TOO_LARGE_MESSAGE)


@dataclass(frozen=True)
class StoredFile:
    storage_key: str
    size: int
    head: bytes  # the first HEAD_BYTES bytes, for type detection


def new_storage_key() -> str:
    return secrets.token_urlsafe(32)


def is_valid_key(storage_key: str) -> bool:
    return bool(_KEY_PATTERN.fullmatch(storage_key))


def path_for(*, upload_dir: Path, storage_key: str) -> Path:
    if not is_valid_key(storage_key):
        raise ValueError("Not a storage key.")
    return upload_dir / storage_key[:2] / storage_key


class _PartialFile:
    """A file written under a temporary name; renamed only when complete and within the limit."""

    def __init__(self, *, upload_dir: Path, max_bytes: int) -> None:
        self.key = new_storage_key()
        self.final = path_for(upload_dir=upload_dir, storage_key=self.key)
        self.final.parent.mkdir(parents=True, exist_ok=True)
        self.partial = self.final.with_name(self.key + ".part")
        self.max_bytes = max_bytes
        self.size = 0
        self.head = b""
        self.out: BinaryIO = self.partial.open("xb")

    def add(self, chunk: bytes) -> None:
        self.size += len(chunk)
        if self.size > self.max_bytes:
            raise AttachmentTooLarge()
        if len(self.head) < HEAD_BYTES:
            self.head += chunk[: HEAD_BYTES - len(self.head)]
        self.out.write(chunk)

    def finish(self) -> StoredFile:
        self.out.close()
        self.partial.replace(self.final)
        return StoredFile(storage_key=self.key, size=self.size, head=self.head)

    def abort(self) -> None:
        self.out.close()
        self.partial.unlink(missing_ok=True)


async def write_stream(
    *,
    upload_dir: Path,
    chunks: AsyncIterable[bytes],
    max_bytes: int = MAX_ATTACHMENT_BYTES,
) -> StoredFile:
    """Store an incoming stream; past `max_bytes` stop reading, delete it, raise AttachmentTooLarge."""
    target = _PartialFile(upload_dir=upload_dir, max_bytes=max_bytes)
    try:
        async for chunk in chunks:
            target.add(chunk)
        return target.finish()
    except BaseException:
        target.abort()
        raise


def write_chunks(
    *, upload_dir: Path, chunks: Iterable[bytes], max_bytes: int = MAX_ATTACHMENT_BYTES
) -> StoredFile:
    """The same as `write_stream` for data already at hand (e.g. an email's parts)."""
    target = _PartialFile(upload_dir=upload_dir, max_bytes=max_bytes)
    try:
        for chunk in chunks:
            target.add(chunk)
        return target.finish()
    except BaseException:
        target.abort()
        raise


def open_path(*, upload_dir: Path, storage_key: str) -> Path | None:
    """The stored file's path, or None when the key is malformed or the file is gone."""
    if not is_valid_key(storage_key):
        return None
    path = path_for(upload_dir=upload_dir, storage_key=storage_key)
    return path if path.is_file() else None


def delete_stored_files(*, upload_dir: Path, storage_keys: list[str]) -> None:
    """Remove stored files; missing files and malformed keys are skipped."""
    for key in storage_keys:
        if is_valid_key(key):
            path_for(upload_dir=upload_dir, storage_key=key).unlink(missing_ok=True)
