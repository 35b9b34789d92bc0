from datetime import UTC, datetime, timedelta

from inbox_app.security import agent_id_from_token, hash_password, issue_token, verify_password
from inbox_app.services.rendering import (
    contact_display_name,
    markdown_to_html,
    preview_of,
    time_label,
)

SECRET = "s" * 48


def test_password_hash_is_argon2_and_verifies():
    hashed = hash_password("correct horse")
    assert hashed.startswith("$argon2")
    assert verify_password("correct horse", hashed)
    assert not verify_password("wrong horse", hashed)
    assert not verify_password("x", "not a hash")


def test_token_round_trip_and_refusals():
    token = issue_token(agent_id=7, secret=SECRET, lifetime=timedelta(minutes=5))
    assert agent_id_from_token(token=token, secret=SECRET) == 7
    assert agent_id_from_token(token=token, secret="other" * 10) is None
    assert agent_id_from_token(token=token + "x", secret=SECRET) is None
    assert agent_id_from_token(token="", secret=SECRET) is None
    expired = issue_token(agent_id=7, secret=SECRET, lifetime=timedelta(seconds=-1))
    assert agent_id_from_token(token=expired, secret=SECRET) is None


def test_markdown_is_rendered_and_script_is_not():
    html = markdown_to_html("**bold** <script>alert(1)</script> [x](javascript:alert(1))")
    assert "<strong>bold</strong>" in html
    assert "<script>" not in html
    assert "&lt;script&gt;" in html  # shown as text
    assert "href" not in html  # a javascript: link never becomes a link


def test_links_open_in_a_new_tab_safely():
    html = markdown_to_html("[docs](https://example.com)")
    assert 'target="_blank"' in html
    assert 'rel="noopener noreferrer"' in html


def test_preview_flattens_and_shortens():
    assert preview_of("a\n\n b") == "a b"
    assert len(preview_of("x" * 500)) == 140


def test_time_label_today_and_earlier():
    now = datetime(2026, 11, 25, 15, 0, tzinfo=UTC)
    assert time_label(datetime(2026, 11, 25, 9, 5, tzinfo=UTC), now=now) == "09:05"
    assert time_label(datetime(2026, 3, 2, 9, 5, tzinfo=UTC), now=now) == "02 Mar"
    assert time_label(datetime(2025, 3, 2, 9, 5, tzinfo=UTC), now=now) == "02 Mar 2025"


def test_contact_display_name_falls_back_to_visitor_number():
    assert contact_display_name(name=None, email=None, contact_id=12) == "Visitor #12"
    assert contact_display_name(name=None, email="a@b.c", contact_id=12) == "a@b.c"
