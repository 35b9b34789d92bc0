"""The log formats and request ids, without a server."""

import io
import json
import logging
import sys

import pytest

from inbox_app.logging_setup import (
    REQUEST_ID,
    JsonFormatter,
    TextFormatter,
    configure_logging,
    request_id_from,
)


def _record(message="hello %s", args=("world",), **extra) -> logging.LogRecord:
    record = logging.LogRecord("inbox_app.test", logging.WARNING, __file__, 1, message, args, None)
    record.__dict__.update(extra)
    return record


def test_a_json_line_has_time_level_logger_message_and_the_request_id():
    token = REQUEST_ID.set("req-1")
    try:
        line = json.loads(JsonFormatter().format(_record(status=503)))
    finally:
        REQUEST_ID.reset(token)
    assert line["level"] == "WARNING"
    assert line["logger"] == "inbox_app.test"
    assert line["message"] == "hello world"
    assert line["request_id"] == "req-1"
    assert line["status"] == 503  # given through extra=
    assert line["time"].endswith("+00:00")
    assert "args" not in line and "msg" not in line


def test_outside_a_request_there_is_no_request_id_and_exceptions_are_one_field():
    try:
        raise ValueError("boom")
    except ValueError:
        record = _record("failed", (), exc_info=sys.exc_info())
    text = JsonFormatter().format(record)
    assert "\n" not in text  # one line, whatever the traceback
    line = json.loads(text)
    assert "request_id" not in line
    assert "ValueError: boom" in line["exception"]


def test_text_lines_name_the_request_in_brackets():
    token = REQUEST_ID.set("abc")
    try:
        assert "inbox_app.test [abc]: hello world" in TextFormatter().format(_record())
    finally:
        REQUEST_ID.reset(token)
    assert "inbox_app.test: hello world" in TextFormatter().format(_record())


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("abc-123", "abc-123"),
        ("trace.id:42_x", "trace.id:42_x"),
        ('evil" id\r\nX-Other: 1', "evilidX-Other:1"),
        ("a" * 100, "a" * 64),
    ],
)
def test_a_given_request_id_keeps_only_plain_characters(header, expected):
    assert request_id_from(header) == expected


@pytest.mark.parametrize("header", [None, "", " \t", "<>\"'"])
def test_no_usable_request_id_gets_a_new_one(header):
    made = request_id_from(header)
    assert len(made) == 32 and made != request_id_from(header)


def test_configuring_twice_keeps_one_handler():
    root = logging.getLogger()
    before = list(root.handlers), root.level
    try:
        configure_logging(log_format="text", stream=io.StringIO())
        stream = io.StringIO()
        configure_logging(log_format="json", stream=stream)
        assert [h.get_name() for h in root.handlers].count("inbox") == 1
        logging.getLogger("inbox_app.test").info("once")
        assert json.loads(stream.getvalue())["message"] == "once"
    finally:
        root.handlers[:], _ = before
        root.setLevel(before[1])
