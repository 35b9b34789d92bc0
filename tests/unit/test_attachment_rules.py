"""Attachment rules that need no database: names, types, signed download links."""

from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest

from inbox_app.api.attachments import content_disposition
from inbox_app.security import signed_url, verified_agent_id
from inbox_app.services.attachments.records import clean_filename, detect_content_type

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
SECRET = "unit-test-secret"


@pytest.mark.parametrize(
    ("raw", "cleaned"),
    [
        ("report.pdf", "report.pdf"),
        ("../../etc/passwd", "passwd"),
        ("..\\..\\windows\\system.ini", "system.ini"),
        ("/absolute/path/photo.png", "photo.png"),
        ("..", "file"),
        ("", "file"),
        ("   ", "file"),
        (".htaccess", "htaccess"),
        ("...hidden.txt", "hidden.txt"),
        ("in\x00voice\r\n.pdf", "invoice.pdf"),
        ("evil\u202egnp.exe", "evilgnp.exe"),  # right-to-left override removed
        ("a\u2066b\u2069c\u200f.txt", "abc.txt"),
        ("dir/", "file"),
        ("Café menu.pdf", "Café menu.pdf"),
    ],
)
def test_filenames_are_cleaned(raw, cleaned):
    assert clean_filename(raw) == cleaned


def test_long_filenames_are_capped_keeping_the_extension():
    name = clean_filename("x" * 400 + ".pdf")
    assert len(name) == 255
    assert name.endswith(".pdf")


@pytest.mark.parametrize(
    ("head", "content_type"),
    [
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, "image/png"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "image/jpeg"),
        (b"GIF89a\x01\x00", "image/gif"),
        (b"GIF87a\x01\x00", "image/gif"),
        (b"RIFF\x24\x00\x00\x00WEBPVP8 ", "image/webp"),
        (b"RIFF\x24\x00\x00\x00WAVEfmt ", "application/octet-stream"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><script>', "application/octet-stream"),
        (b"<!DOCTYPE html><script>alert(1)</script>", "application/octet-stream"),
        (b"%PDF-1.7", "application/octet-stream"),
        (b"", "application/octet-stream"),
    ],
)
def test_content_type_comes_from_the_bytes_only(head, content_type):
    assert detect_content_type(head) == content_type


def _params(url: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


def test_a_signed_url_verifies_for_its_agent_until_it_expires():
    url = signed_url(attachment_id=7, agent_id=3, secret=SECRET, now=NOW)
    assert urlsplit(url).path == "/api/attachments/7"
    params = _params(url)
    check = {"attachment_id": 7, "secret": SECRET, **params}
    assert verified_agent_id(now=NOW, **check) == 3
    assert verified_agent_id(now=NOW + timedelta(minutes=59), **check) == 3
    assert verified_agent_id(now=NOW + timedelta(hours=1, seconds=1), **check) is None


@pytest.mark.parametrize(
    "change",
    [
        {"attachment_id": 8},
        {"a": "4"},
        {"exp": "99999999999"},
        {"sig": "0" * 64},
        {"sig": ""},
        {"a": "x"},
        {"exp": "-1"},
        {"a": "²"},
        {"secret": "another-secret"},
    ],
)
def test_altered_or_forged_links_are_refused(change):
    url = signed_url(attachment_id=7, agent_id=3, secret=SECRET, now=NOW)
    check = {"attachment_id": 7, "secret": SECRET, **_params(url), **change}
    assert verified_agent_id(now=NOW, **check) is None


def test_content_disposition_percent_encodes_the_name():
    header = content_disposition(filename='Ré "sumé"; x.pdf', inline=False)
    assert header == "attachment; filename*=UTF-8''R%C3%A9%20%22sum%C3%A9%22%3B%20x.pdf"
    assert content_disposition(filename="a.png", inline=True).startswith("inline; ")
