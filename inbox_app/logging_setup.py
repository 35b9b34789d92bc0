"""Server logging: plain text, or one JSON object a line with `INBOX_LOG_FORMAT=json`.

Every line written while an HTTP request is served carries that request's id (a context
variable set by the API's middleware), so one request can be followed through the log.
"""

from __future__ import annotations

import json
import logging
import sys
import uuid
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import TextIO

REQUEST_ID: ContextVar[str | None] = ContextVar("inbox_request_id", default=None)
MAX_REQUEST_ID_LENGTH = 64
_ID_CHARACTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._:-")
# Attributes every LogRecord has; anything else on a record came in through `extra=`.
_RECORD_FIELDS = frozenset(vars(logging.makeLogRecord({}))) | {"message", "asctime", "taskName"}
# Granian logs through loggers of its own that do not propagate; JSON mode takes them over so
# the whole log is one format.
_SERVER_LOGGERS = ("_granian", "granian.access")


def request_id_from(header: str | None) -> str:
    """The caller's id when it has plain characters (it is echoed into logs and a response
    header: no spaces, quotes or line breaks), cut to 64; a new random id otherwise."""
    kept = "".join(ch for ch in (header or "") if ch in _ID_CHARACTERS)
    return kept[:MAX_REQUEST_ID_LENGTH] or uuid.uuid4().hex


class _StampRequestId(logging.Filter):
    """Puts the current request's id on the record in the thread that logged it."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "request_id", None) is None:
            record.request_id = REQUEST_ID.get()
        return True


class JsonFormatter(logging.Formatter):
    """time, level, logger, message, request_id (when serving one), `extra=` fields, exception."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if request_id := getattr(record, "request_id", None) or REQUEST_ID.get():
            line["request_id"] = request_id
        for key, value in vars(record).items():
            if key not in _RECORD_FIELDS and key != "request_id" and not key.startswith("_"):
                line.setdefault(key, value)
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            line["stack"] = self.formatStack(record.stack_info)
        return json.dumps(line, default=str, ensure_ascii=False)


class TextFormatter(logging.Formatter):
    """The usual line, with `[request id]` after the logger's name while serving a request."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s%(_request)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        request_id = getattr(record, "request_id", None) or REQUEST_ID.get()
        record._request = f" [{request_id}]" if request_id else ""
        return super().format(record)


def configure_logging(*, log_format: str, stream: TextIO | None = None) -> logging.Handler:
    """Send INFO and above to stderr in the chosen format; safe to call again (it replaces
    the handler it added before instead of adding a second one)."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter() if log_format == "json" else TextFormatter())
    handler.addFilter(_StampRequestId())
    handler.set_name("inbox")
    root = logging.getLogger()
    for old in [h for h in root.handlers if h.get_name() == "inbox"]:
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    if log_format == "json":
        for name in _SERVER_LOGGERS:
            server_logger = logging.getLogger(name)
            server_logger.handlers.clear()
            server_logger.propagate = True
    return handler
