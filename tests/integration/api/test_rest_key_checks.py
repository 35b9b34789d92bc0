"""An API key's check is kept for a second on one worker (api/rest_auth.py): a bot posting
many messages reads its key's row once a second, not once a request. A revoke takes effect
at once (test_rest_errors.py); a wrong key is never kept; with several workers nothing is."""

import pytest

from inbox_app.api import rest_auth


@pytest.fixture()
def reads(monkeypatch) -> list[str]:
    """Every time a key's row is read."""
    seen: list[str] = []
    real = rest_auth.authenticate

    def counted(session, *, key, now):
        seen.append(key)
        return real(session, key=key, now=now)

    monkeypatch.setattr(rest_auth, "authenticate", counted)
    rest_auth._kept.forget_all()
    return seen


def test_a_key_is_read_once_for_the_requests_of_a_second(rest, auth, reads):
    answers = [rest.get("/api/v1/agents", headers=auth).status_code for _ in range(5)]
    assert answers == [200] * 5
    assert len(reads) == 1


def test_a_wrong_key_is_read_every_time(rest, reads):
    wrong = {"Authorization": "Bearer inbox_not-a-key"}
    answers = [rest.get("/api/v1/agents", headers=wrong).status_code for _ in range(3)]
    assert answers == [401] * 3
    assert len(reads) == 3


def test_with_several_workers_every_request_reads_the_key(rest, auth, reads, monkeypatch):
    monkeypatch.setattr(rest_auth.redis_link, "enabled", lambda: True)
    answers = [rest.get("/api/v1/agents", headers=auth).status_code for _ in range(3)]
    assert answers == [200] * 3
    assert len(reads) == 3


def test_the_rate_limit_counts_kept_requests_too(rest, auth, reads, monkeypatch):
    monkeypatch.setattr(rest_auth, "PER_KEY", rest_auth.RateLimitItemPerMinute(2))
    answers = [rest.get("/api/v1/agents", headers=auth).status_code for _ in range(3)]
    assert answers == [200, 200, 429] and len(reads) == 1
