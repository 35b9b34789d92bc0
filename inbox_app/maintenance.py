"""Work the server does on its own: purging deleted conversations once their undo window ends,
loading the language detector before the first customer writes."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

from inbox_app.db import session_scope
from inbox_app.models.tables import utcnow
from inbox_app.realtime.transport import registry
from inbox_app.services import app_settings, language_detection
from inbox_app.services.attachments.records import purge_unsent
from inbox_app.services.attachments.storage import delete_stored_files
from inbox_app.services.conversations.actions import purge_deleted
from inbox_app.settings import get_settings

PURGE_EVERY_SECONDS = 2.0
PURGE_CLAIM_SECONDS = 120.0  # a worker that died mid-purge blocks the others no longer
log = logging.getLogger(__name__)


UNSENT_UPLOAD_MAX_AGE = timedelta(days=1)


def purge_once() -> int:
    """Drop deleted conversations and day-old unsent uploads, then their files."""
    with session_scope() as session:
        keys = purge_deleted(session, now=utcnow())
        keys += purge_unsent(session, now=utcnow(), max_age=UNSENT_UPLOAD_MAX_AGE)
    delete_stored_files(upload_dir=get_settings().upload_dir, storage_keys=keys)
    return len(keys)


async def purge_loop() -> None:
    while True:
        try:
            if registry.claim("purge", seconds=PURGE_CLAIM_SECONDS):  # one worker at a time
                try:
                    await asyncio.to_thread(purge_once)
                finally:
                    registry.release("purge")
        except Exception:  # keep purging later; one bad round must not stop the loop
            log.exception("purging deleted conversations failed")
        await asyncio.sleep(PURGE_EVERY_SECONDS)


async def warm_language_detector() -> None:
    """Its models take seconds to load: on a thread at start, not in the first message's path
    (the widget's one writer would wait for them)."""
    try:
        await asyncio.to_thread(_warm_the_chosen_languages)
    except Exception:  # without it messages get no language; nothing else depends on it
        log.exception("loading the language detector failed")


def _warm_the_chosen_languages() -> None:
    with session_scope() as session:
        chosen = app_settings.detected_languages(session)
    language_detection.warm(enabled=chosen)
